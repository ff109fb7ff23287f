import { Engine } from '../../src/engine/client.js';
import { logger } from '../../src/logger.js';
import { startTaskSync } from '../../src/services/taskReadModel.js';
import { portInUse } from '../../src/stack/ports.js';
import { connect, eventually } from '../support/harness.js';
import { startApp } from './support/webClient.js';

/** A port on this machine where nothing listens (an engine that is down). */
async function deadPort(): Promise<number> {
  for (let port = 19_000 + Math.floor(Math.random() * 1000); ; port++) if (!(await portInUse(port))) return port;
}

describe('GET /health', () => {
  const { engine, db, close } = connect();
  const workers = { status: () => [{ jobType: 'x', ready: true }], stop: async () => undefined };
  afterAll(close);

  test('when engine, database, workers and task sync are up, then it answers 200 with the engine version and the task sync status', async () => {
    // given: the real task sync of a web process (LISTEN on the engine database + reconciliation)
    const taskSync = startTaskSync(db, engine, { engineDbUrl: process.env.ENGINE_DB_URL, log: logger });
    const app = await startApp({ db, engine, workers, taskSync });
    try {
      await eventually(async () => taskSync.status().listening && taskSync.status().lastReconcileAt !== null, {
        what: 'task sync listening and reconciled',
      });
      // when
      const res = await fetch(`${app.baseUrl}/health`);
      const body = await res.json();
      // then
      expect(res.status).toBe(200);
      expect(body).toMatchObject({
        status: 'up',
        engine: { up: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
        database: { up: true },
        workers: { up: true, count: 1 },
      });
      expect(body.taskSync).toMatchObject({ listening: true, lastReconcileAt: expect.any(String), lastError: null });
    } finally {
      await app.close();
      await taskSync.stop();
    }
  });

  test('when the engine is unreachable, then it answers 503 quickly and names the engine as down', async () => {
    // given: a client for a port where no engine listens
    const deadEngine = new Engine({ restUrl: `http://127.0.0.1:${await deadPort()}/engine-rest` });
    const app = await startApp({ db, engine: deadEngine, workers });
    try {
      // when
      const started = Date.now();
      const res = await fetch(`${app.baseUrl}/health`);
      const body = await res.json();
      // then
      expect(res.status).toBe(503);
      expect(body).toMatchObject({
        status: 'down',
        engine: { up: false, error: expect.stringContaining('unreachable') },
        database: { up: true },
        workers: { up: true },
      });
      expect(body.engine).not.toHaveProperty('version');
      expect(Date.now() - started).toBeLessThan(10_000); // bounded by the check timeout, not a hang
    } finally {
      await app.close();
    }
  });

  test('when no workers run in the process, then it answers 503 and names the workers as down', async () => {
    const app = await startApp({ db, engine });
    try {
      const res = await fetch(`${app.baseUrl}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'down',
        engine: { up: true },
        workers: { enabled: true, up: false, count: 0 },
      });
    } finally {
      await app.close();
    }
  });

  test('when the process is a web-only replica (workers off by configuration), then it answers 200 and leaves the workers out', async () => {
    const app = await startApp({ db, engine, workersEnabled: false });
    try {
      const res = await fetch(`${app.baseUrl}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        status: 'up',
        engine: { up: true },
        database: { up: true },
        workers: { enabled: false, count: 0 },
      });
    } finally {
      await app.close();
    }
  });
});
