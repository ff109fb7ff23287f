// `npm start`: install dependencies if missing, then hand over to the TypeScript supervisor.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ensureDependencies, ROOT } from './bootstrap.mjs';

ensureDependencies();
// `npm start -- --no-demo-year`: no demo year 2020 in the socialt bokslut (same as SAMVERKAN_DEMO_YEAR=false).
if (process.argv.includes('--no-demo-year')) process.env.SAMVERKAN_DEMO_YEAR = 'false';
const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'stack', 'supervisor.ts')], {
  cwd: ROOT,
  stdio: 'inherit',
});
// The supervisor handles Ctrl-C itself (the terminal sends SIGINT to the whole group); forward other stops.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
