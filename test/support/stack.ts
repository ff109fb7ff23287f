import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createKnex, migrateLatest } from '../../src/db/knex.js';
import { seedDemoData } from '../../src/db/seed.js';
import { ROOT } from '../../src/paths.js';
import {
  engineReady,
  engineSourceHash,
  engineUrls,
  ensureEngineJar,
  findEngineProcesses,
  jdbcFromPostgresUrl,
  type RunningEngine,
  startEngine,
  TEST_ENGINE_PORT,
} from '../../src/stack/engine.js';
import { portInUse, waitFor } from '../../src/stack/ports.js';
import { ensureDatabase, isAlive, type RunningPostgres, startEmbeddedPostgres } from '../../src/stack/postgres.js';

export const TEST_PG_PORT = 54339 + Number(process.env.SAMVERKAN_TEST_PORT_OFFSET ?? 0);
const PG_ADMIN = (db: string) => `postgres://samverkan:samverkan@127.0.0.1:${TEST_PG_PORT}/${db}`;
/** The test engine's own database on the test PostgreSQL; kept across runs while that server lives. */
export const TEST_ENGINE_DATABASE = 'engine_test';
/** The tests' REST account in the test engine (a member of operaton-admin, like the app's in production). */
export const TEST_ENGINE_SERVICE = { user: 'samverkan', password: 'samverkan' };

export interface TestStack {
  env: Record<string, string> & { DATABASE_URL: string; ENGINE_REST_URL: string; ENGINE_TEST_CLOCK_URL: string };
  stop(): Promise<void>;
}

const log = (msg: string) => process.stdout.write(`[test-stack] ${msg}\n`);

/** Warns when a reused test engine runs an older build of engine/ than the sources. */
async function warnIfOutdated(testClockUrl: string): Promise<void> {
  try {
    const res = await fetch(testClockUrl, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) {
      log(`WARNING: the engine on port ${TEST_ENGINE_PORT} has no test clock (${res.status}); is it a test engine?`);
      return;
    }
    const { build } = (await res.json()) as { build?: string };
    if (build && build !== engineSourceHash()) {
      log(
        `WARNING: the reused test engine runs an older build of engine/ (${build}); restart it (npm run stack:test) to test the current one.`,
      );
    }
  } catch {
    // informational only
  }
}

/**
 * Reuses a test engine / test PostgreSQL when their ports answer (e.g. `npm run stack:test` in another terminal),
 * otherwise starts them; always creates a fresh app database for this run. The engine keeps its own database
 * `engine_test` (case ids are random per run, so instances of earlier runs do not interfere). Stops only what it started.
 */
export async function ensureTestStack(): Promise<TestStack> {
  let engine: RunningEngine | undefined;
  let pg: RunningPostgres | undefined;
  let pgDir: string | undefined;
  const started: string[] = [];
  const urls = engineUrls(TEST_ENGINE_PORT);

  const cleanUp = async () => {
    await engine?.stop().catch(() => undefined); // before PostgreSQL
    await pg?.stop().catch(() => undefined);
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  };

  let reuseEngine = await engineReady(urls.restUrl, TEST_ENGINE_SERVICE);
  // Build the jar (only when engine/ changed) while PostgreSQL starts.
  const jarPromise = reuseEngine ? Promise.resolve('') : ensureEngineJar(log);
  jarPromise.catch(() => undefined);
  const database = `samverkan_test_${process.pid}_${Date.now()}`;
  try {
    if (!(await portInUse(TEST_PG_PORT))) {
      pgDir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-pg-'));
      chmodSync(pgDir, 0o755); // postgres runs as its own OS user when we are root
      pg = await startEmbeddedPostgres({
        dataDir: path.join(pgDir, 'data'),
        port: TEST_PG_PORT,
        user: 'samverkan',
        password: 'samverkan',
        persistent: false,
        log,
      });
      started.push('postgres');
    }
    await ensureDatabase(PG_ADMIN('postgres'), TEST_ENGINE_DATABASE);

    if (reuseEngine && pg) {
      // An engine answers but the test PostgreSQL was not running, so it cannot be using it: left behind by a killed
      // run whose PostgreSQL is gone. Stop it (only our own engine processes) and start a new one.
      const pids = findEngineProcesses(TEST_ENGINE_PORT);
      if (!pids.length) {
        throw new Error(
          `Something that is not a Samverkan engine answers on the test engine port ${TEST_ENGINE_PORT}. Stop it.\n` +
            `Något som inte är en Samverkan-motor svarar på testmotorns port ${TEST_ENGINE_PORT}; stoppa det.`,
        );
      }
      log(
        `Stopping the test engine on port ${TEST_ENGINE_PORT} (pid ${pids.join(', ')}) left behind without its database.`,
      );
      for (const pid of pids) process.kill(pid, 'SIGTERM');
      await waitFor(async () => pids.every((p) => !isAlive(p)), {
        timeoutMs: 30_000,
        what: 'old test engine exit',
      }).catch(() => {
        for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      });
      reuseEngine = false;
    }

    const enginePromise = (async () => {
      if (reuseEngine) {
        await warnIfOutdated(urls.testClockUrl);
        return;
      }
      await jarPromise.catch(() => undefined); // a build error surfaces from startEngine's own ensureEngineJar
      engine = await startEngine(
        {
          port: TEST_ENGINE_PORT,
          ...jdbcFromPostgresUrl(PG_ADMIN(TEST_ENGINE_DATABASE)),
          adminUser: 'demo',
          adminPassword: 'demo',
          testClock: true,
          // authenticated as in production: the tests' clients use the service account, and the engine's
          // authorizations apply (e.g. the styrgrupp's read-only Cockpit login is tested through the REST API)
          restBasicAuth: true,
          serviceUser: TEST_ENGINE_SERVICE,
          heapMiB: Number(process.env.ENGINE_HEAP_MIB ?? 384),
          logFile: path.join(ROOT, '.data', 'logs', 'engine-test.log'),
          readyTimeoutMs: 180_000,
        },
        log,
      );
      started.push('engine');
    })();

    // The app database is prepared while the engine starts.
    const dbPromise = (async () => {
      await ensureDatabase(PG_ADMIN('postgres'), database);
      const db = createKnex(PG_ADMIN(database));
      try {
        await migrateLatest(db);
        await seedDemoData(db);
        // A reused test engine outlives this fresh database: start the case numbers at a random point so a new case id
        // never meets an instance or a message subscription (keyed by caseId) of an earlier run.
        for (const seq of ['case_number_seq', 'routine_case_number_seq']) {
          await db.raw('select setval(?::regclass, ?)', [seq, 10_000 + Math.floor(Math.random() * 80_000)]);
        }
      } finally {
        await db.destroy();
      }
    })();
    const results = await Promise.allSettled([enginePromise, dbPromise]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } catch (err) {
    await dropDatabase(database);
    await cleanUp();
    throw err;
  }
  if (started.length) log(`started ${started.join(' and ')}`);
  const env = {
    SAMVERKAN_MODE: 'embedded',
    DATABASE_URL: PG_ADMIN(database),
    TEST_DATABASE: database,
    ENGINE_REST_URL: urls.restUrl,
    ENGINE_REST_USER: TEST_ENGINE_SERVICE.user,
    ENGINE_REST_PASSWORD: TEST_ENGINE_SERVICE.password,
    ENGINE_WEBAPP_URL: urls.webappUrl,
    ENGINE_DB_URL: PG_ADMIN(TEST_ENGINE_DATABASE),
    ENGINE_TEST_CLOCK_URL: urls.testClockUrl,
    WORKER_RETRY_BACKOFF_MS: '200',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  return {
    env,
    stop: async () => {
      // shared server: drop only our database (a server we started goes away with its data directory)
      if (!pg) await dropDatabase(database);
      await cleanUp();
    },
  };
}

async function dropDatabase(database: string): Promise<void> {
  const admin = createKnex(PG_ADMIN('postgres'));
  try {
    await admin.raw(`drop database if exists "${database}" with (force)`);
  } catch {
    // server gone or database never created
  } finally {
    await admin.destroy().catch(() => undefined);
  }
}
