import type { AppDeps } from '../app.js';

export interface HealthReport {
  status: 'up' | 'down';
  engine: { up: boolean; degraded?: boolean; brokers?: number; partitions?: { id: number; role: string; health: string }[]; gatewayVersion?: string; error?: string };
  database: { up: boolean; error?: string };
  workers: { up: boolean; count: number; notReady: string[] };
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms))]);

/** Checks engine topology, database and workers; each check is bounded so an outage answers quickly. */
export async function checkHealth(deps: AppDeps): Promise<HealthReport> {
  const [engine, database] = await Promise.all([
    withTimeout(deps.engine.topology(), 3000).then(
      (t) => {
        const partitions = t.brokers.flatMap((b) => b.partitions.map((p) => ({ id: Number(p.partitionId), role: String(p.role), health: String(p.health) })));
        // UNHEALTHY is Zeebe's "degraded but processing" (e.g. a slow actor, or a controlled-clock jump in tests);
        // only a missing leader or a DEAD partition means the engine is down.
        const up = partitions.some((p) => p.role === 'LEADER') && partitions.every((p) => p.health !== 'DEAD');
        const degraded = partitions.some((p) => p.health !== 'HEALTHY');
        return { up, degraded, brokers: t.brokers.length, partitions, gatewayVersion: t.gatewayVersion };
      },
      (err: Error) => ({ up: false, error: err.message }),
    ),
    withTimeout(deps.db.raw('select 1'), 3000).then(
      () => ({ up: true }),
      (err: Error) => ({ up: false, error: err.message }),
    ),
  ]);
  const status = deps.workers?.status() ?? [];
  const notReady = status.filter((w) => !w.ready).map((w) => w.jobType);
  const workers = { up: deps.workers !== undefined && notReady.length === 0, count: status.length, notReady };
  return { status: engine.up && database.up && workers.up ? 'up' : 'down', engine, database, workers };
}
