import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { logger } from '../logger.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { ROOT } from '../paths.js';
import { deployModel, diffModels, exportModel, getForm, getModelXml, listModels, MODEL_ID_PATTERN, ModelerError, type ModelerDeps } from '../services/modeler.js';

/** Where `npm run build:modeler` (modeler/build.mjs) writes the browser bundle. */
export const MODELER_DIST = path.join(ROOT, 'modeler', 'dist');

let building: Promise<void> | undefined;

/**
 * Builds the modeler bundle once per process when it is missing or older than its sources (modeler/build.mjs,
 * esbuild). Production images ship it prebuilt (esbuild is a dev dependency), so a failed build is logged, not fatal.
 */
export function ensureModelerBundle(): Promise<void> {
  building ??= (async () => {
    try {
      const mod = (await import(pathToFileURL(path.join(ROOT, 'modeler', 'build.mjs')).href)) as typeof import('../../modeler/build.mjs');
      const { skipped, ms } = await mod.ensureModelerBuilt();
      if (!skipped) logger.info({ ms }, 'modeler bundle built');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'modeler bundle build skipped');
    }
  })();
  return building;
}

const Id = z.string().regex(MODEL_ID_PATTERN);
const Version = z.coerce.number().int().positive();
const VersionRef = z.union([z.literal('repo'), Version]);
const DeployBody = z.object({
  xml: z.string().min(1).max(5_000_000),
  comment: z.string().trim().min(1).max(2000),
  forms: z.array(z.object({ id: Id, schema: z.record(z.string(), z.unknown()) })).max(50).optional(),
});

// Swedish texts of this page (move to src/ui/texts.sv.ts when it is shared).
const T = {
  title: 'Processer och formulär',
  notBuilt: 'Modelleraren är inte byggd än. Kör <code>npm run build:modeler</code> och ladda om sidan.',
  invalid: 'Ogiltig begäran.',
  noComment: 'Skriv en kommentar om vad som ändrats.',
  noXml: 'Modellen saknas i begäran.',
  badForm: 'Ett formulär i begäran är ogiltigt.',
};

/**
 * The process owner's modeler: the page (/modeler), its bundle, and /api/modeler (models, versions, diff, export,
 * deploy). Every route requires the role processagare.
 */
export function modelerRouter(deps: ModelerDeps): Router {
  const r = Router();
  const owner = requireRole('processagare');
  const json = express.json({ limit: '6mb' });
  void ensureModelerBundle();
  const bundleReady = (_req: Request, _res: Response, next: (err?: unknown) => void) => void ensureModelerBundle().then(() => next(), next);

  r.get('/modeller', owner, (_req, res) => res.redirect(301, '/modeler'));
  r.get('/modeler', owner, bundleReady, (req, res) => {
    if (!existsSync(path.join(MODELER_DIST, 'modeler.js'))) {
      res.status(503).type('html').send(page(req, res, `<main class="mdl-not-built"><h1>${T.title}</h1><p>${T.notBuilt}</p></main>`));
      return;
    }
    res.type('html').send(page(req, res, BODY));
  });
  r.use('/modeler/assets', owner, bundleReady, express.static(MODELER_DIST, { fallthrough: false, index: false }));

  r.get('/api/modeler/models', owner, async (_req, res) => {
    res.json(await listModels(deps));
  });
  r.get('/api/modeler/models/:id', owner, async (req, res) => {
    const id = Id.parse(req.params.id);
    const version = z.object({ version: VersionRef.optional() }).parse(req.query).version;
    res.json({ id, version: version ?? null, xml: await getModelXml(deps, id, version) });
  });
  r.get('/api/modeler/models/:id/export', owner, async (req, res) => {
    const id = Id.parse(req.params.id);
    const { version } = z.object({ version: Version.optional() }).parse(req.query);
    const { fileName, xml } = await exportModel(deps, id, version);
    res.attachment(fileName).type('application/xml').send(xml);
  });
  r.get('/api/modeler/forms/:id', owner, async (req, res) => {
    const id = Id.parse(req.params.id);
    res.json({ id, schema: await getForm(deps, id) });
  });
  r.get('/api/modeler/diff', owner, async (req, res) => {
    const q = z.object({ id: Id, a: VersionRef, b: VersionRef }).parse(req.query);
    res.json(await diffModels(deps, q.id, q.a, q.b));
  });
  r.post('/api/modeler/deploy', owner, json, async (req, res) => {
    const parsed = DeployBody.safeParse(req.body);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? '');
      res.status(422).json({ error: field === 'comment' ? T.noComment : field === 'xml' ? T.noXml : field === 'forms' ? T.badForm : T.invalid, findings: [] });
      return;
    }
    const result = await deployModel(deps, { ...parsed.data, deployedBy: currentUser(req)!.username });
    res.status(result.unchanged ? 200 : 201).json(result);
  });

  // Refusals of this router: ModelerError carries the status and a Swedish message; zod failures are bad input.
  r.use('/api/modeler', (err: unknown, _req: Request, res: Response, next: (err?: unknown) => void) => {
    if (err instanceof ModelerError) return void res.status(err.status).json({ error: err.userMessage, findings: err.findings });
    if (err instanceof z.ZodError) return void res.status(400).json({ error: T.invalid, findings: [] });
    next(err);
  });
  return r;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(req: Request, res: Response, body: string): string {
  // The CSRF middleware (src/web/security.ts) exposes the token as res.locals.csrfToken; api.js sends it back.
  let csrf = '';
  try {
    csrf = typeof res.locals.csrfToken === 'string' ? res.locals.csrfToken : '';
  } catch {
    csrf = '';
  }
  const user = currentUser(req);
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${T.title} – Samverkan</title>
<meta name="csrf-token" content="${escapeHtml(csrf)}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/modeler/assets/modeler.css">
<script type="module" src="/modeler/assets/modeler.js"></script>
</head>
<body class="modeler-page">
<header class="mdl-header"><h1>${T.title}</h1><span>${user ? escapeHtml(user.displayName) : ''}</span><a href="/">Till startsidan</a></header>
${body}
</body>
</html>`;
}

const BODY = `
<div class="mdl-tabs" role="tablist">
  <button type="button" role="tab" id="mdl-tab-bpmn" aria-controls="mdl-panel-bpmn" aria-selected="true">Processer</button>
  <button type="button" role="tab" id="mdl-tab-forms" aria-controls="mdl-panel-forms" aria-selected="false">Formulär</button>
</div>
<section class="mdl-panel" id="mdl-panel-bpmn" role="tabpanel" aria-labelledby="mdl-tab-bpmn">
  <aside class="mdl-sidebar">
    <h2>Modeller</h2>
    <ul id="mdl-models"><li>Laddar…</li></ul>
    <form id="mdl-new-process-form">
      <label for="mdl-new-process-id">Ny process, id</label>
      <input id="mdl-new-process-id" name="id" placeholder="t.ex. ny-rutin" pattern="[a-z][a-z0-9\\-]*" autocomplete="off">
      <button type="submit">Skapa</button>
    </form>
  </aside>
  <div class="mdl-main">
    <div class="mdl-toolbar">
      <span id="mdl-current"></span>
      <button type="button" id="mdl-download">Spara som fil (.bpmn)</button>
      <a id="mdl-export-link" href="#" hidden>Ladda ner driftsatt version</a>
    </div>
    <div class="mdl-editor">
      <div id="mdl-canvas" aria-label="Processdiagram"></div>
      <div id="mdl-properties" aria-label="Egenskaper"></div>
    </div>
    <section aria-labelledby="mdl-lint-title">
      <h2 id="mdl-lint-title">Kontroll av modellen</h2>
      <p id="mdl-lint-summary" class="mdl-lint-summary" role="status"></p>
      <ul id="mdl-lint-list"></ul>
    </section>
    <form id="mdl-deploy-form">
      <label for="mdl-deploy-comment">Kommentar till versionen
        <input id="mdl-deploy-comment" name="comment" maxlength="2000" autocomplete="off" placeholder="Vad har ändrats och varför?">
      </label>
      <button type="submit" id="mdl-deploy-button" disabled>Driftsätt</button>
    </form>
    <div id="mdl-deploy-status" class="mdl-status" role="status" aria-live="polite"></div>
    <section aria-labelledby="mdl-versions-title">
      <h2 id="mdl-versions-title"></h2>
      <table class="mdl-versions">
        <thead><tr><th>Version</th><th>Driftsatt</th><th>Av</th><th>Kommentar</th><th title="Instanser av versionen som pågår i motorn just nu">Pågående instanser</th><th></th></tr></thead>
        <tbody id="mdl-versions"></tbody>
      </table>
      <p class="mdl-hint">Pågående instanser fortsätter på den version de startade med; nya instanser startar på den senaste.</p>
      <form id="mdl-diff-form" hidden>
        <label>Jämför <select id="mdl-diff-a" aria-label="Version A"></select></label>
        <label>med <select id="mdl-diff-b" aria-label="Version B"></select></label>
        <button type="submit">Jämför</button>
      </form>
      <div id="mdl-diff"></div>
    </section>
  </div>
</section>
<section class="mdl-panel" id="mdl-panel-forms" role="tabpanel" aria-labelledby="mdl-tab-forms" hidden>
  <aside class="mdl-sidebar">
    <h2>Formulär</h2>
    <ul id="mdl-forms"></ul>
    <form id="mdl-new-form-form">
      <label for="mdl-new-form-id">Nytt formulär, id</label>
      <input id="mdl-new-form-id" name="id" placeholder="t.ex. samtycke" pattern="[a-z][a-z0-9\\-]*" autocomplete="off">
      <button type="submit">Skapa</button>
      <p id="mdl-form-status" role="status"></p>
    </form>
  </aside>
  <div class="mdl-main">
    <div class="mdl-form-toolbar">
      <span id="mdl-form-current"></span>
      <button type="button" id="mdl-form-download" disabled>Spara som fil (.form)</button>
    </div>
    <p class="mdl-hint">Användaruppgifter länkar formulär med formulär-id (Form type "Camunda Forms (linked)", Binding "deployment"). Ett ändrat formulär driftsätts med nästa process du driftsätter som länkar det; varje processversion har sina egna formulär.</p>
    <div id="mdl-form-editor"></div>
  </div>
</section>`;
