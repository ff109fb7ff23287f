import type { Knex } from 'knex';
import type { Engine } from '../src/engine/client.js';
import type { Logger } from '../src/logger.js';
import { projectUserTask, sweepTaskLeases, USER_TASK_LEASE_MS, type UserTaskJob } from '../src/services/taskProjection.js';
import { watchConnection } from './runtime/connectionWatch.js';

/** The job type the engine gives job-worker user tasks. */
export const jobType = 'io.camunda.zeebe:userTask';

export interface TaskProjectionStatus {
  ready: boolean;
  lastJobAt: string | null;
  lastSweepAt: string | null;
  lastSweepError: string | null;
  projected: number;
}

export interface RunningTaskProjection {
  status(): TaskProjectionStatus;
  /** Runs one sweep now (tests). */
  sweep(): Promise<{ renewed: number; cancelled: number }>;
  stop(): Promise<void>;
}

/**
 * The task projection: NOT a runJob worker, because it must not complete user-task jobs. It activates them with a
 * 30-day lease, writes them to `tasks` and `forward()`s (the handläggare completes them later through the app).
 * A sweeper renews leases and marks tasks the engine no longer knows as cancelled.
 */
export function startUserTaskProjection(engine: Engine, deps: { db: Knex; log: Logger }, opts: { sweepIntervalMs?: number; sweepBatch?: number } = {}): RunningTaskProjection {
  const log = deps.log.child({ worker: 'user-task-projection' });
  const state: TaskProjectionStatus = { ready: false, lastJobAt: null, lastSweepAt: null, lastSweepError: null, projected: 0 };
  const worker = engine.grpc.createWorker({
    taskType: jobType,
    timeout: USER_TASK_LEASE_MS,
    maxJobsToActivate: 64,
    // All variables: the projection keeps only caseId, verksamhet, escalated and the form's own keys (no documents).
    failProcessOnException: false,
    loglevel: 'NONE',
    taskHandler: async (job) => {
      try {
        await projectUserTask(deps.db, job as unknown as UserTaskJob);
        state.projected++;
        state.lastJobAt = new Date().toISOString();
        return job.forward();
      } catch (err) {
        // keep the retries: the job comes back after the backoff instead of being leased for 30 days unprojected
        log.error({ jobKey: job.key, elementId: job.elementId, err: (err as Error).message }, 'projecting user task failed');
        return job.fail({ errorMessage: `user-task-projection: ${(err as Error).message}`, retries: job.retries, retryBackOff: 5000 });
      }
    },
    onReady: () => (state.ready = true),
    onConnectionError: () => (state.ready = false),
  });
  let sweeping: Promise<{ renewed: number; cancelled: number }> | undefined;
  const sweep = () => {
    sweeping ??= sweepTaskLeases(deps.db, engine, log, { batch: opts.sweepBatch ?? 200 })
      .then((r) => {
        state.lastSweepAt = new Date().toISOString();
        state.lastSweepError = null;
        if (r.cancelled) log.info(r, 'task sweep marked tasks cancelled');
        return r;
      })
      .catch((err: Error) => {
        state.lastSweepError = err.message;
        log.warn({ err: err.message }, 'task sweep failed');
        return { renewed: 0, cancelled: 0 };
      })
      .finally(() => (sweeping = undefined));
    return sweeping;
  };
  const timer = setInterval(() => void sweep(), opts.sweepIntervalMs ?? 60_000);
  timer.unref();
  const unwatch = watchConnection(engine, (up) => (state.ready = up));
  return {
    status: () => ({ ...state }),
    sweep,
    stop: async () => {
      unwatch();
      clearInterval(timer);
      await sweeping;
      await worker.close(10_000).catch(() => undefined);
    },
  };
}

/** Adds the projection to the workers' status (so /health reports it) and to their graceful stop. */
export function withTaskProjection<W extends { status(): { jobType: string; ready: boolean }[]; stop(): Promise<void> }>(workers: W, projection: RunningTaskProjection): W {
  return {
    ...workers,
    status: () => [...workers.status(), { jobType, ready: projection.status().ready }],
    stop: async () => {
      await Promise.all([workers.stop(), projection.stop()]);
    },
  };
}
