import type { Knex } from 'knex';

import type { Engine } from '../../../src/engine/client.js';
import { logger } from '../../../src/logger.js';
import { startTaskSync, type TaskSync } from '../../../src/services/taskReadModel.js';
import type { WorkerDefinition } from '../../../workers/runtime/runJob.js';
import type { RunningWorkers } from '../../../workers/runtime/start.js';
import { connect, eventually, runWorkers } from '../../support/harness.js';
import { deployRepository } from './fixtures.js';
import { type RunningApp, startApp, WebClient } from './webClient.js';

export interface UseAppOptions {
  /** Real workers to run against the test engine (external-task subscriptions); none by default. */
  workers?: WorkerDefinition[];
  /** Deploys processes/ and forms/ as start-up does, before `setup`. */
  repositoryModels?: boolean;
  /**
   * Starts both case number sequences at a random point from this number up to nine times it, before `setup`. The
   * test database is fresh each run but the engine is not: a case id (the business key messages correlate by) then
   * never meets an instance of an earlier run.
   */
  caseNumbersFrom?: number;
  /** Runs once the clients are connected and before the app starts (deploy fixtures, insert rows). */
  setup?(t: { db: Knex; engine: Engine }): Promise<void>;
  /**
   * Runs once the app is up and the task sync has reconciled. Rows written into `tasks` without an engine task belong
   * here, not in `setup`: a reconciliation finishes open rows the engine does not know.
   */
  started?(t: { db: Knex; engine: Engine; baseUrl: string }): Promise<void>;
  /** Runs after the app has stopped and before the clients close (remove fixtures). */
  teardown?(t: { db: Knex; engine: Engine }): Promise<void>;
}

/** The app of a test file, as `npm start` runs it: the engine and database clients, task sync, workers and the web app. */
export interface TestApp {
  readonly db: Knex;
  readonly engine: Engine;
  /** Available in tests (after beforeAll). */
  readonly baseUrl: string;
  readonly taskSync: TaskSync;
  readonly workers: RunningWorkers | undefined;
  /** A new browser-like session logged in as `username` (demo password). */
  login(username: string): Promise<WebClient>;
  /** Cancels the process instance after the file's tests (instances the tests leave running in the kept engine). */
  cancelAfterAll(processInstanceId: string): void;
}

/**
 * Registers beforeAll/afterAll for a describe block: connects to the test database and engine (globalSetup's env),
 * starts the task read model's sync exactly as src/main.ts does (LISTEN on the engine database + reconciliation)
 * and waits for its first reconciliation, starts the given workers and the app on a random port; afterAll stops
 * everything in reverse order.
 */
export function useApp(opts: UseAppOptions = {}): TestApp {
  const { db, engine, close } = connect();
  let app: RunningApp | undefined;
  let taskSync: TaskSync | undefined;
  let workers: RunningWorkers | undefined;
  const toCancel: string[] = [];

  beforeAll(async () => {
    const from = opts.caseNumbersFrom;
    if (from !== undefined)
      for (const seq of ['case_number_seq', 'routine_case_number_seq'])
        await db.raw('select setval(?::regclass, ?)', [seq, from + Math.floor(Math.random() * from * 8)]);
    if (opts.repositoryModels) await deployRepository(db, engine);
    await opts.setup?.({ db, engine });
    taskSync = startTaskSync(db, engine, { engineDbUrl: process.env.ENGINE_DB_URL, log: logger });
    const sync = taskSync;
    // From here on every task event reaches the read model; what happened before came with the first reconciliation.
    await eventually(
      async () => {
        const s = sync.status();
        return s.lastReconcileAt !== null && (s.listening || !process.env.ENGINE_DB_URL);
      },
      { what: 'task sync listening and reconciled', timeoutMs: 120_000 },
    );
    if (opts.workers?.length) workers = runWorkers(engine, db, opts.workers);
    app = await startApp({ db, engine, taskSync, ...(workers ? { workers } : {}) });
    await opts.started?.({ db, engine, baseUrl: app.baseUrl });
  });

  afterAll(async () => {
    await app?.close();
    await workers?.stop();
    await taskSync?.stop();
    for (const id of toCancel) await engine.cancelProcessInstance(id).catch(() => undefined);
    try {
      await opts.teardown?.({ db, engine });
    } finally {
      await close();
    }
  });

  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useApp: ${what} is available in tests, after beforeAll`);
    return v;
  };
  return {
    db,
    engine,
    get baseUrl() {
      return started(app, 'the app').baseUrl;
    },
    get taskSync() {
      return started(taskSync, 'the task sync');
    },
    get workers() {
      return workers;
    },
    async login(username: string) {
      const web = new WebClient(started(app, 'the app').baseUrl);
      const res = await web.login(username);
      if (res.status !== 303) throw new Error(`login as ${username} failed: HTTP ${res.status}`);
      return web;
    },
    cancelAfterAll(processInstanceId: string) {
      toCancel.push(processInstanceId);
    },
  };
}
