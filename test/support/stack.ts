import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKnex, migrateLatest } from '../../src/db/knex.js';
import { seedDemoData } from '../../src/db/seed.js';
import { ROOT } from '../../src/paths.js';
import { engineReady, startEngine, TEST_ENGINE_PORTS, type RunningEngine } from '../../src/stack/engine.js';
import { portInUse } from '../../src/stack/ports.js';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '../../src/stack/postgres.js';

export const TEST_PG_PORT = 54339 + Number(process.env.SAMVERKAN_TEST_PORT_OFFSET ?? 0);
const PG_ADMIN = (db: string) => `postgres://samverkan:samverkan@127.0.0.1:${TEST_PG_PORT}/${db}`;

export interface TestStack {
  env: Record<string, string> & { DATABASE_URL: string };
  stop(): Promise<void>;
}

const log = (msg: string) => process.stdout.write(`[test-stack] ${msg}\n`);

/**
 * Reuses a test engine / test PostgreSQL when their ports answer (e.g. `npm run stack:test` in another terminal),
 * otherwise starts them; always creates a fresh database for this run. Stops only what it started.
 */
export async function ensureTestStack(): Promise<TestStack> {
  let engine: RunningEngine | undefined;
  let pg: RunningPostgres | undefined;
  let engineDir: string | undefined;
  let pgDir: string | undefined;
  const started: string[] = [];

  const pgPromise = (async () => {
    if (await portInUse(TEST_PG_PORT)) return;
    pgDir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-pg-'));
    chmodSync(pgDir, 0o755); // postgres runs as its own OS user when we are root
    pg = await startEmbeddedPostgres({ dataDir: path.join(pgDir, 'data'), port: TEST_PG_PORT, user: 'samverkan', password: 'samverkan', persistent: false, log });
    started.push('postgres');
  })();
  const cleanUp = async () => {
    await Promise.allSettled([engine?.stop(), pgPromise.then(() => pg?.stop())]);
    for (const dir of [engineDir, pgDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
  // Reuse a running test engine even if a clock jump made it report 'unhealthy' for a moment.
  if (!(await engineReady(TEST_ENGINE_PORTS, { requireHealthy: false }))) {
    engineDir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-engine-'));
    engine = await startEngine(
      {
        cacheDir: path.join(ROOT, '.cache', 'camunda'),
        dataDir: path.join(engineDir, 'data'),
        logFile: path.join(ROOT, '.data', 'logs', 'engine-test.log'),
        ports: TEST_ENGINE_PORTS,
        clockControlled: true,
        heapMiB: Number(process.env.ENGINE_HEAP_MIB ?? 768),
        readyTimeoutMs: 180_000,
      },
      log,
    );
    started.push('engine');
  }
  await pgPromise;
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const database = `samverkan_test_${process.pid}_${Date.now()}`;
  await ensureDatabase(PG_ADMIN('postgres'), database);
  const db = createKnex(PG_ADMIN(database));
  try {
    await migrateLatest(db);
    await seedDemoData(db);
    // A reused test engine outlives this fresh database: start the case numbers at a random point so a new case id
    // never meets an instance or a buffered message (ConsentWithdrawn, keyed by caseId) of an earlier run.
    for (const seq of ['case_number_seq', 'routine_case_number_seq']) {
      await db.raw('select setval(?::regclass, ?)', [seq, 10_000 + Math.floor(Math.random() * 80_000)]);
    }
  } finally {
    await db.destroy();
  }
  if (started.length) log(`started ${started.join(' and ')}`);
  const env = {
    SAMVERKAN_MODE: 'embedded',
    DATABASE_URL: PG_ADMIN(database),
    TEST_DATABASE: database,
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${TEST_ENGINE_PORTS.grpc}`,
    ZEEBE_REST_ADDRESS: `http://127.0.0.1:${TEST_ENGINE_PORTS.rest}`,
    ENGINE_MANAGEMENT_URL: `http://127.0.0.1:${TEST_ENGINE_PORTS.management}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    WORKER_RETRY_BACKOFF_MS: '200',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  return {
    env,
    stop: async () => {
      if (!pg) {
        // shared server: drop only our database
        const admin = createKnex(PG_ADMIN('postgres'));
        await admin.raw(`drop database if exists "${database}" with (force)`).catch(() => undefined);
        await admin.destroy();
      }
      await cleanUp();
    },
  };
}
