// `npm test`: install if needed, typecheck, lint the code (ESLint, Prettier) and the models, then every jest tier (unit, static, integration, process).
// `node scripts/test.mjs unit static` runs only those tiers (no engine or database started).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ensureDependencies, ROOT } from './bootstrap.mjs';

ensureDependencies();
const tiers = process.argv.slice(2);
const run = (cmd, args, env = {}) => {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status ?? 1;
};
const npx = (bin) => path.join(ROOT, 'node_modules', '.bin', bin);

let failed = 0;
if (tiers.length === 0) {
  console.log('[test] typecheck');
  failed ||= run(npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  console.log('[test] lint (ESLint, Prettier)');
  failed ||= run('npm', ['run', '-s', 'lint']);
  if (existsSync(path.join(ROOT, 'scripts', 'lint-bpmn.ts'))) {
    console.log('[test] lint:bpmn');
    failed ||= run('npm', ['run', '-s', 'lint:bpmn']);
  }
}
// e2e runs the app in-process against the test engine and PostgreSQL, like the integration tier.
const needsStack =
  tiers.length === 0 || tiers.some((t) => t === 'integration' || t === 'process' || t === 'e2e' || t === 'reliability');
const selectProjects = tiers.length ? ['--selectProjects', ...tiers] : [];
const jestStatus = run(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings', npx('jest'), '--runInBand', ...selectProjects],
  {
    ...(needsStack ? {} : { SAMVERKAN_TEST_STACK: 'none' }),
  },
);
process.exit(failed || jestStatus);
