// Node built-ins only: runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Installs npm dependencies when node_modules is missing or older than package-lock.json. Idempotent. */
export function ensureDependencies() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    console.error(
      `Node ${process.versions.node} is too old; Samverkan needs Node >= 20. / Node ${process.versions.node} är för gammal; Samverkan kräver Node 20 eller senare.`,
    );
    process.exit(1);
  }
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const fresh =
    existsSync(marker) &&
    statSync(marker).mtimeMs >= statSync(lock).mtimeMs &&
    existsSync(path.join(ROOT, 'node_modules', 'tsx'));
  if (fresh) return;
  console.log('[samverkan] Installing npm dependencies (npm install)…');
  // `npm install`, not `npm ci`: the registry reachable here does not serve the other platforms' optional binaries
  // (@swc/core-darwin-*, …), so they are absent from the lock file and `npm ci` refuses it; install keeps the lock.
  // IBM_TELEMETRY_DISABLED: a transitive dependency of form-js (@carbon/*) would otherwise phone home from CI.
  const res = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, IBM_TELEMETRY_DISABLED: 'true' },
  });
  if (res.status !== 0) {
    console.error('[samverkan] npm install failed; see above. / npm install misslyckades; se ovan.');
    process.exit(res.status ?? 1);
  }
}

/** Reads package.json (for scripts that need its fields). */
export const packageJson = () => JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
