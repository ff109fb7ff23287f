import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { Engine } from '../../src/engine/client.js';
import { connect } from '../support/harness.js';

async function listen(app: ReturnType<typeof createApp>): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((r) => { const s = app.listen(0, '127.0.0.1', () => r(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('GET /health', () => {
  const { engine, db, close } = connect();
  afterAll(close);

  test('when engine, database and workers are up, then it answers 200 with the topology', async () => {
    // given
    const workers = { status: () => [{ jobType: 'x', ready: true }], stop: async () => undefined };
    const { url, server } = await listen(createApp({ db, engine, workers }));
    try {
      // when
      const res = await fetch(`${url}/health`);
      const body = await res.json();
      // then
      expect(res.status).toBe(200);
      expect(body).toMatchObject({ status: 'up', engine: { up: true, partitions: [{ role: 'LEADER' }] }, database: { up: true }, workers: { up: true, count: 1 } });
      // earlier tests may have moved the engine's controlled clock, after which Zeebe reports UNHEALTHY for a while
      expect(['HEALTHY', 'UNHEALTHY']).toContain(body.engine.partitions[0].health);
      expect(body.engine.degraded).toBe(body.engine.partitions[0].health !== 'HEALTHY');
    } finally {
      server.close();
    }
  });

  test('when the engine is unreachable, then it answers 503 quickly and names the engine as down', async () => {
    // given: a client for a port where no engine listens
    const deadEngine = new Engine({ ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:1', ZEEBE_REST_ADDRESS: 'http://127.0.0.1:1', CAMUNDA_AUTH_STRATEGY: 'NONE' });
    const { url, server } = await listen(createApp({ db, engine: deadEngine }));
    try {
      // when
      const started = Date.now();
      const res = await fetch(`${url}/health`);
      const body = await res.json();
      // then
      expect(res.status).toBe(503);
      expect(body).toMatchObject({ status: 'down', engine: { up: false }, database: { up: true }, workers: { up: false } });
      expect(Date.now() - started).toBeLessThan(10_000); // bounded by the 3 s check timeout, not a hang
    } finally {
      server.close();
      await deadEngine.close().catch(() => undefined);
    }
  });
});
