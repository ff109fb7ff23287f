// `npm run stack:test`: keeps a test engine (controlled clock) and a test PostgreSQL running, so repeated
// `npm test` runs reuse them instead of starting their own. Ctrl-C stops both.
import { ensureTestStack } from '../test/support/stack.js';

const stack = await ensureTestStack();
process.stdout.write(`[test-stack] ready: ${stack.env.ZEEBE_REST_ADDRESS}, ${stack.env.DATABASE_URL.replace(/\/[^/]*$/, '')}\n`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
