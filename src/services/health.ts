import type { AppDeps } from '../app.js';
import type { TaskSyncStatus } from './taskReadModel.js';

export interface HealthReport {
  status: 'up' | 'down';
  engine: { up: boolean; version?: string; error?: string };
  database: { up: boolean; error?: string };
  /** `enabled: false`: this process runs no workers by configuration (a web-only replica); they are not checked. */
  workers: { enabled: boolean; up: boolean; count: number; notReady: string[] };
  /** The task list's copy of the engine's tasks (web processes only). */
  taskSync?: TaskSyncStatus;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms))]);

/** Checks the engine's REST API, the database, the workers' long polls and the task sync; each check is bounded. */
export async function checkHealth(deps: AppDeps): Promise<HealthReport> {
  const [engine, database] = await Promise.all([
    withTimeout(deps.engine.version(), 3000).then(
      (version) => ({ up: true, version }),
      (err: Error) => ({ up: false, error: err.message }),
    ),
    withTimeout(deps.db.raw('select 1'), 3000).then(
      () => ({ up: true }),
      (err: Error) => ({ up: false, error: err.message }),
    ),
  ]);
  const status = deps.workers?.status() ?? [];
  const notReady = status.filter((w) => !w.ready).map((w) => w.jobType);
  const enabled = deps.workersEnabled !== false;
  const workers = { enabled, up: deps.workers !== undefined && notReady.length === 0, count: status.length, notReady };
  const taskSync = deps.taskSync?.status();
  return {
    status: engine.up && database.up && (workers.up || !enabled) ? 'up' : 'down',
    engine,
    database,
    workers,
    ...(taskSync ? { taskSync } : {}),
  };
}
