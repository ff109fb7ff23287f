// Builds the browser bundle of the process owner's modeler (modeler/src → modeler/dist) with esbuild.
// `npm run build:modeler` runs it; the app start and the e2e tests call `ensureModelerBuilt()`.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as esbuild from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const MODELER_SRC = path.join(HERE, 'src');
export const MODELER_DIST = path.join(HERE, 'dist');
const ROOT = path.resolve(HERE, '..');
// The bundle also pulls what it shares with the server and the task pages: the Swedish lint texts, the project's lint
// rules and the Swedish texts of the form-js viewer.
const SHARED_SOURCES = [
  path.join(ROOT, 'src', 'ui', 'bpmnLintTexts.sv.ts'),
  path.join(ROOT, 'lint'),
  path.join(ROOT, 'src', 'client', 'formJsSv.ts'),
];
const OUTPUTS = ['modeler.js', 'modeler.css'].map((f) => path.join(MODELER_DIST, f));

// npm nests preact 10.15 under @bpmn-io/form-js-editor (it pins <=10.15.1) while form-js-viewer and the properties
// panel it renders use the top-level preact. Two preact copies break hooks across them ("reading 'context'"), so
// every import of preact resolves to the single top-level copy, as in form-js's own distribution bundles.
const singlePreact = {
  name: 'single-preact',
  setup(build) {
    build.onResolve({ filter: /^preact(\/.*)?$/ }, (args) => {
      if (args.pluginData?.singlePreact) return undefined;
      return build.resolve(args.path, { resolveDir: ROOT, kind: args.kind, pluginData: { singlePreact: true } });
    });
  },
};

/** Bundles modeler/src/index.js (bpmn-js, properties panel, linting, form-js and their CSS) into modeler/dist. */
export async function buildModeler({ minify = true, logLevel = 'warning' } = {}) {
  const started = Date.now();
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { modeler: path.join(MODELER_SRC, 'index.js') },
    outdir: MODELER_DIST,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify,
    sourcemap: true,
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': minify ? '"production"' : '"development"' },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'dataurl', '.png': 'dataurl' },
    assetNames: 'assets/[name]-[hash]',
    plugins: [singlePreact],
    logLevel,
  });
  return { outdir: MODELER_DIST, ms: Date.now() - started };
}

/** Newest modification time (ms) of a file or of the files under a directory. */
function newestMtime(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Builds the bundle only when an output is missing or older than the sources or the installed packages. */
export async function ensureModelerBuilt(opts = {}) {
  const built = Math.min(...OUTPUTS.map((f) => statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  const inputs = Math.max(
    newestMtime(MODELER_SRC),
    ...SHARED_SOURCES.map(newestMtime),
    newestMtime(path.join(ROOT, 'package-lock.json')),
    newestMtime(fileURLToPath(import.meta.url)),
  );
  if (built > inputs) return { outdir: MODELER_DIST, ms: 0, skipped: true };
  return { ...(await buildModeler(opts)), skipped: false };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ms } = await buildModeler({ minify: !process.argv.includes('--dev') });
  process.stdout.write(`[build:modeler] ${path.relative(ROOT, MODELER_DIST)} built in ${ms} ms\n`);
}
