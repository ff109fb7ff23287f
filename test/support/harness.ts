import type { Knex } from 'knex';

import { parseConfig } from '../../src/config.js';
import { createKnex } from '../../src/db/knex.js';
import { Engine } from '../../src/engine/client.js';
import { EngineTestClock } from '../../src/engine/testClock.js';
import { logger } from '../../src/logger.js';
import type { WorkerDefinition } from '../../workers/runtime/runJob.js';
import { type RunningWorkers, startWorkers } from '../../workers/runtime/start.js';

/** Long poll of the test workers: short, so stop() returns within about a second. */
export const TEST_LONG_POLL_MS = 1_000;

/** Engine and database clients for a test file, from the env that globalSetup exported. Close them in afterAll. */
export function connect(): { engine: Engine; db: Knex; close(): Promise<void> } {
  const cfg = parseConfig();
  const engine = Engine.fromConfig(cfg);
  const db = createKnex(cfg.DATABASE_URL!);
  return { engine, db, close: () => db.destroy() };
}

/** Starts real workers against the test engine (fetch-and-lock with a 1 s long poll). Stop them in `finally`/afterAll. */
export function runWorkers(engine: Engine, db: Knex, defs: WorkerDefinition[]): RunningWorkers {
  return startWorkers(engine, defs, { db, log: logger }, { longPollMs: TEST_LONG_POLL_MS });
}

/** Polls until `probe` returns a truthy value (returned) or the deadline passes (throws with the last error). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True while the process instance runs in the engine (not ended, not cancelled). */
export function instanceIsActive(engine: Engine, processInstanceId: string): Promise<boolean> {
  return engine.isActive(processInstanceId);
}

let testClock: EngineTestClock | undefined;
const theClock = () => {
  const url = process.env.ENGINE_TEST_CLOCK_URL;
  if (!url) throw new Error('ENGINE_TEST_CLOCK_URL is not set: the process tests need the test engine of globalSetup');
  testClock ??= new EngineTestClock(url);
  return testClock;
};

/** The engine's controlled clock (the test engine runs with ENGINE_TEST_CLOCK=true); it only moves forward. */
export const clock = {
  /** The engine's time (epoch ms): what `dateTime()` in the models and the timers see. */
  now: (): Promise<number> => theClock().now(),
  /** Moves the engine clock forward; the job executor is woken, so timers due now fire shortly after. */
  advance: (ms: number): Promise<number> => theClock().advance(ms),
};

/** A unique pseudonymous case id for a test. */
export const uniqueCaseId = (prefix = 'T') =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
