import { parseConfig } from '../../src/config.js';

describe('config', () => {
  test('when embedded mode has a database url, then defaults fill the rest', () => {
    // given / when
    const cfg = parseConfig({ DATABASE_URL: 'postgres://x@localhost/db' });
    // then
    expect(cfg).toMatchObject({ SAMVERKAN_MODE: 'embedded', PORT: 3000, ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:26500', CAMUNDA_AUTH_STRATEGY: 'NONE' });
  });

  test('when production mode lacks secrets, then start-up fails naming every missing key', () => {
    // given / when / then
    expect(() => parseConfig({ SAMVERKAN_MODE: 'production', DATABASE_URL: 'postgres://x@db/db' })).toThrow(/SESSION_SECRET[\s\S]*DATA_ENCRYPTION_KEY/);
  });

  test('when OAuth is chosen without client credentials, then start-up fails', () => {
    // given
    const env = { SAMVERKAN_MODE: 'production', DATABASE_URL: 'postgres://x@db/db', SESSION_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEY: 'k', CAMUNDA_AUTH_STRATEGY: 'OAUTH' };
    // when / then
    expect(() => parseConfig(env)).toThrow(/OAUTH needs CAMUNDA_OAUTH_URL/);
  });

  test('when a value has the wrong type, then the error names the key', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://x@h/d', PORT: 'abc' })).toThrow(/PORT/);
  });

  test('when no database url is set, then start-up fails with a hint', () => {
    expect(() => parseConfig({})).toThrow(/DATABASE_URL/);
  });
});
