// Bundles the browser code in src/client/ into src/public/build/ (served as /static/build/). No CDN.
// `node scripts/build-client.mjs` builds; the app also builds on start-up when a bundle is missing or stale.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRIES = ['task-form', 'dashboard', 'case-diagram'];
const SRC = path.join(ROOT, 'src', 'client');
const OUT = path.join(ROOT, 'src', 'public', 'build');

/** True when a bundle is missing or older than any file in src/client/. */
export function clientBuildStale() {
  const newestSource = Math.max(...readdirSync(SRC).map((f) => statSync(path.join(SRC, f)).mtimeMs));
  return ENTRIES.some((e) => {
    try {
      return statSync(path.join(OUT, `${e}.js`)).mtimeMs < newestSource;
    } catch {
      return true;
    }
  });
}

/** Builds all entries (minified, ES2020, with their CSS next to them). */
export async function buildClient({ minify = true } = {}) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, path.join(SRC, `${e}.ts`)])),
    outdir: OUT,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify,
    sourcemap: false,
    legalComments: 'none',
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClient();
  console.log(`[build-client] built ${ENTRIES.join(', ')} into ${path.relative(ROOT, OUT)}`);
}
