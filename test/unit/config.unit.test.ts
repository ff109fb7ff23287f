import { parseConfig } from '../../src/config.js';

describe('config', () => {
  test('when embedded mode has a database url, then defaults fill the rest', () => {
    // given / when
    const cfg = parseConfig({ DATABASE_URL: 'postgres://x@localhost/db' });
    // then
    expect(cfg).toMatchObject({
      SAMVERKAN_MODE: 'embedded',
      PORT: 3000,
      ENGINE_REST_URL: 'http://127.0.0.1:8089/engine-rest',
      WORKER_LONG_POLL_MS: 5000,
    });
  });

  test('when production mode lacks secrets, then start-up fails naming every missing key', () => {
    // given / when / then
    expect(() => parseConfig({ SAMVERKAN_MODE: 'production', DATABASE_URL: 'postgres://x@db/db' })).toThrow(
      /SESSION_SECRET[\s\S]*DATA_ENCRYPTION_KEY/,
    );
  });

  test('when only the engine user is set without its password, then start-up fails', () => {
    // given
    const env = {
      SAMVERKAN_MODE: 'production',
      DATABASE_URL: 'postgres://x@db/db',
      SESSION_SECRET: 'x'.repeat(32),
      DATA_ENCRYPTION_KEY: 'k',
      ENGINE_REST_USER: 'samverkan-app',
    };
    // when / then
    expect(() => parseConfig(env)).toThrow(/ENGINE_REST_PASSWORD: set both/);
  });

  test('when a value has the wrong type, then the error names the key', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://x@h/d', PORT: 'abc' })).toThrow(/PORT/);
  });

  test('when no database url is set, then start-up fails with a hint', () => {
    expect(() => parseConfig({})).toThrow(/DATABASE_URL/);
  });
});
