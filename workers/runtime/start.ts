import type { Knex } from 'knex';
import type { Engine } from '../../src/engine/client.js';
import type { Logger } from '../../src/logger.js';
import { watchConnection } from './connectionWatch.js';
import { fetchVariablesOf, runJob, type JobLike, type WorkerDefinition } from './runJob.js';

export interface RunningWorkers {
  /** Job types with a live worker and the time of its last successful poll/connection. */
  status(): { jobType: string; ready: boolean }[];
  /** Stops polling, lets in-flight jobs finish (graceful shutdown on SIGTERM). */
  stop(): Promise<void>;
}

/** Registers one SDK job worker per definition; all engine interaction goes through runJob. */
export function startWorkers(engine: Engine, defs: WorkerDefinition[], deps: { db: Knex; log: Logger }): RunningWorkers {
  const ready = new Map<string, boolean>();
  const workers = defs.map((def) => {
    ready.set(def.jobType, false);
    const fetchVariable = fetchVariablesOf(def);
    const worker = engine.grpc.createWorker({
      taskType: def.jobType,
      maxJobsToActivate: def.maxParallelJobs ?? 16,
      timeout: def.timeoutMs ?? 30_000,
      ...(fetchVariable ? { fetchVariable: fetchVariable as never } : {}),
      failProcessOnException: false,
      loglevel: 'NONE',
      taskHandler: async (job) => {
        await runJob(def, job as unknown as JobLike, deps);
        return 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
      },
      onReady: () => ready.set(def.jobType, true),
      onConnectionError: () => ready.set(def.jobType, false),
    });
    return worker;
  });
  const unwatch = watchConnection(engine, (up) => {
    for (const jobType of ready.keys()) ready.set(jobType, up);
  });
  return {
    status: () => [...ready.entries()].map(([jobType, r]) => ({ jobType, ready: r })),
    stop: async () => {
      unwatch();
      await Promise.all(workers.map((w) => w.close(10_000).catch(() => undefined)));
    },
  };
}
