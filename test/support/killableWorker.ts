// A worker process for test/process/worker-crash.process.test.ts that the test kills with SIGKILL mid-job.
// Run as `node --import tsx test/support/killableWorker.ts` with KILLABLE_WORKER_MODE and KILLABLE_WORKER_DIR set
// (plus the test env: DATABASE_URL, ENGINE_REST_URL). It serves the test-only topic `worker-crash-record` of
// test/fixtures/worker-crash.bpmn through the real runtime (startWorkers → runJob) and then hangs, for ever, at one point:
//   before-commit: inside the job's transaction, after the effect row is written (the transaction is still open);
//   after-commit:  after runJob committed the effect and the ledger row, in the call that would complete the task.
// When it hangs it writes `<dir>/<point>-<caseId>.json` with the task id and its pid, so the test knows when to kill.
// Imported by the test only for `crashRecordWorker` (the same definition the test's second worker runs).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { parseConfig } from '../../src/config.js';
import { createKnex } from '../../src/db/knex.js';
import { Engine } from '../../src/engine/client.js';
import { logger } from '../../src/logger.js';
import { defineWorker } from '../../workers/runtime/runJob.js';
import { startWorkers } from '../../workers/runtime/start.js';

export const CRASH_TOPIC = 'worker-crash-record';
export const CRASH_EFFECTS_TABLE = 'worker_crash_effects';
/** Lock duration of the topic: short, so the task comes back soon after the worker died. */
export const CRASH_LOCK_MS = 2_000;

export type CrashPoint = 'before-commit' | 'after-commit';

/** The test-only worker: writes one effect row in the job's transaction; `afterEffect` runs inside it, before commit. */
export function crashRecordWorker(afterEffect?: (caseId: string, jobKey: string) => Promise<void>) {
  return defineWorker({
    jobType: CRASH_TOPIC,
    Input: z.object({ caseId: z.string().min(1) }),
    Output: z.object({ recorded: z.boolean() }),
    timeoutMs: CRASH_LOCK_MS,
    handle: async (input, ctx) => {
      await ctx.trx(CRASH_EFFECTS_TABLE).insert({ case_id: input.caseId, job_key: ctx.jobKey, pid: process.pid });
      await afterEffect?.(input.caseId, ctx.jobKey);
      return { recorded: true };
    },
  });
}

const hang = () => new Promise<never>(() => undefined);

async function main(point: CrashPoint, dir: string): Promise<void> {
  const cfg = parseConfig();
  const engine = Engine.fromConfig(cfg);
  const db = createKnex(cfg.DATABASE_URL!);
  const mark = (caseId: string, taskId: string) =>
    writeFileSync(path.join(dir, `${point}-${caseId}.json`), JSON.stringify({ taskId, pid: process.pid }));
  if (point === 'after-commit') {
    // runJob completes only after its commit: hang in that call, as if the process died between commit and complete.
    const caseOf = new Map<string, string>();
    const fetchAndLock = engine.fetchAndLock.bind(engine);
    engine.fetchAndLock = async (...args) => {
      const tasks = await fetchAndLock(...args);
      for (const t of tasks) caseOf.set(t.id, String(t.variables.caseId));
      return tasks;
    };
    engine.completeExternalTask = async (id) => {
      mark(caseOf.get(id) ?? 'unknown', id);
      return hang();
    };
  }
  const def = crashRecordWorker(
    point === 'before-commit'
      ? async (caseId, jobKey) => {
          mark(caseId, jobKey);
          await hang();
        }
      : undefined,
  );
  startWorkers(engine, [def], { db, log: logger }, { longPollMs: 1_000 });
  writeFileSync(path.join(dir, 'started.json'), JSON.stringify({ pid: process.pid }));
}

const point = process.env.KILLABLE_WORKER_MODE as CrashPoint | undefined;
if (point) {
  if (point !== 'before-commit' && point !== 'after-commit')
    throw new Error(`KILLABLE_WORKER_MODE must be before-commit or after-commit, got ${point}`);
  const dir = process.env.KILLABLE_WORKER_DIR;
  if (!dir) throw new Error('KILLABLE_WORKER_DIR is not set');
  main(point, dir).catch((err) => {
    process.stderr.write(`killableWorker: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
