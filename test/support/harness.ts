import type { Knex } from 'knex';
import { parseConfig } from '../../src/config.js';
import { createKnex } from '../../src/db/knex.js';
import { Engine, isNotFound } from '../../src/engine/client.js';
import { logger } from '../../src/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/runtime/start.js';
import type { WorkerDefinition } from '../../workers/runtime/runJob.js';

/** Engine and database clients for a test file, from the env that globalSetup exported. Close them in afterAll. */
export function connect(): { engine: Engine; db: Knex; close(): Promise<void> } {
  const cfg = parseConfig();
  const engine = new Engine(cfg);
  const db = createKnex(cfg.DATABASE_URL!);
  return { engine, db, close: async () => { await engine.close(); await db.destroy(); } };
}

/** Starts real workers against the test engine. Stop them in `finally`/afterAll. */
export function runWorkers(engine: Engine, db: Knex, defs: WorkerDefinition[]): RunningWorkers {
  return startWorkers(engine, defs, { db, log: logger });
}

/** Polls until `probe` returns a truthy value (returned) or the deadline passes (throws with the last error). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True while the process instance exists in the engine (setting no variables on its scope is a harmless probe). */
export async function instanceIsActive(engine: Engine, processInstanceKey: string): Promise<boolean> {
  try {
    await engine.grpc.setVariables({ elementInstanceKey: processInstanceKey, variables: {}, local: true });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The engine's controlled clock (the test engine runs with ZEEBE_CLOCK_CONTROLLED=true). */
export const clock = {
  async now(): Promise<number> {
    const res = await fetch(`${process.env.ENGINE_MANAGEMENT_URL}/actuator/clock`);
    return ((await res.json()) as { epochMilli: number }).epochMilli;
  },
  /** Moves the engine clock forward; due timers fire shortly after. */
  async advance(ms: number): Promise<void> {
    const res = await fetch(`${process.env.ENGINE_MANAGEMENT_URL}/actuator/clock/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offsetMilli: ms }),
    });
    if (!res.ok) throw new Error(`clock advance failed: HTTP ${res.status}`);
  },
};

/** A unique pseudonymous case id for a test. */
export const uniqueCaseId = (prefix = 'T') => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
