// `npm run bench [-- --quick]`: install dependencies if missing, then run the benchmarks (bench/run.ts): `npm start` in a
// throw-away copy (start-up times), then their own test stack (Operaton with the test clock + PostgreSQL). A full run
// writes bench/results/latest.json and docs/benchmarks.md; --quick (CI) and --only write test-results/bench-*.json.
// Node built-ins only, like scripts/start.mjs.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ensureDependencies, ROOT } from './bootstrap.mjs';

ensureDependencies();
const env = {
  ...process.env,
  // A port offset of its own, so the bench stack never collides with `npm test` or `npm run stack:test`.
  SAMVERKAN_TEST_PORT_OFFSET: process.env.SAMVERKAN_TEST_PORT_OFFSET ?? '700',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(ROOT, 'bench', 'run.ts'), ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit', env },
);
// bench/run.ts stops its stack on SIGINT/SIGTERM itself; forward stops and wait for it.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
