import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';

import { logger } from '../logger.js';
import { currentUser, requireRole } from '../middleware/auth.js';
import { ROOT } from '../paths.js';
import {
  deployModel,
  diffModels,
  exportModel,
  getForm,
  getModelXml,
  listModels,
  MODEL_ID_PATTERN,
  type ModelerDeps,
  ModelerError,
  previewDeploy,
} from '../services/modeler.js';
import { shownLintFinding } from '../ui/bpmnLintTexts.sv.js';
import { userText } from '../ui/errorTexts.sv.js';
import { modelerSv as T } from '../ui/modelerTexts.sv.js';
import { modelerNotBuiltPage, modelerPage } from '../views/modeler.js';
import { pageContext, sendPage } from '../web/render.js';

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
      const mod = (await import(
        pathToFileURL(path.join(ROOT, 'modeler', 'build.mjs')).href
      )) as typeof import('../../modeler/build.mjs');
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
  forms: z
    .array(z.object({ id: Id, schema: z.record(z.string(), z.unknown()) }))
    .max(50)
    .optional(),
});

/**
 * The process owner's modeler: the page (/modeler), its bundle, and /api/modeler (models, versions, diff, export,
 * deploy). Every route requires the role processagare.
 */
export function modelerRouter(deps: ModelerDeps): Router {
  const r = Router();
  const owner = requireRole('processagare');
  const json = express.json({ limit: '6mb' });
  void ensureModelerBundle();
  const bundleReady = (_req: Request, _res: Response, next: (err?: unknown) => void) =>
    void ensureModelerBundle().then(() => next(), next);

  r.get('/modeller', owner, (_req, res) => res.redirect(301, '/modeler'));
  r.get('/modeler', owner, bundleReady, (req, res) => {
    if (!existsSync(path.join(MODELER_DIST, 'modeler.js')))
      return sendPage(res, modelerNotBuiltPage(pageContext(req, res)), 503);
    sendPage(res, modelerPage(pageContext(req, res)));
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
  r.post('/api/modeler/deploy/preview', owner, json, async (req, res) => {
    const parsed = DeployBody.pick({ xml: true }).safeParse(req.body);
    if (!parsed.success) return void res.status(422).json({ error: T.noXml, findings: [] });
    const preview = await previewDeploy(deps, parsed.data.xml);
    res.json({ ...preview, lintErrors: preview.lintErrors.map(shownLintFinding) });
  });
  r.post('/api/modeler/deploy', owner, json, async (req, res) => {
    const parsed = DeployBody.safeParse(req.body);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? '');
      res.status(422).json({
        error:
          field === 'comment' ? T.noComment : field === 'xml' ? T.noXml : field === 'forms' ? T.badForm : T.invalid,
        findings: [],
      });
      return;
    }
    const result = await deployModel(deps, { ...parsed.data, deployedBy: currentUser(req)!.username });
    res.status(result.unchanged ? 200 : 201).json({ ...result, warnings: result.warnings.map(shownLintFinding) });
  });

  // Refusals of this router: ModelerError carries the status and a message code, rendered here in Swedish with the
  // findings' Swedish sentences; zod failures are bad input.
  r.use('/api/modeler', (err: unknown, _req: Request, res: Response, next: (err?: unknown) => void) => {
    if (err instanceof ModelerError)
      return void res
        .status(err.status)
        .json({ error: userText(err.user), findings: err.findings.map(shownLintFinding) });
    if (err instanceof z.ZodError) return void res.status(400).json({ error: T.invalid, findings: [] });
    next(err);
  });
  return r;
}
