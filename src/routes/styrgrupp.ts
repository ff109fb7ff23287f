import { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import type { Config } from '../config.js';
import { periodOf, ReportPeriodQuery } from '../domain/bokslut.js';
import { VERKSAMHETER } from '../domain/organisations.js';
import { NotFound, ValidationFailed } from '../errors.js';
import { requireRole } from '../middleware/auth.js';
import { DASHBOARD_FIGURES, diagramXml, loadDashboard } from '../services/dashboard.js';
import { styrgruppSv as t } from '../ui/styrgruppTexts.sv.js';
import { cockpitUrl, layout } from '../views/layout.js';
import { dashboardPage, type DashboardSelection } from '../views/styrgrupp.js';
import { dashboardCsv } from '../views/styrgruppCsv.js';
import { pageContext, sendPage } from '../web/render.js';

const Query = ReportPeriodQuery.extend({
  verksamhet: z
    .union([z.enum(VERKSAMHETER), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
});

function selection(req: Request): DashboardSelection {
  const q = Query.safeParse(req.query);
  if (!q.success) throw new ValidationFailed(q.error.message, {}, t.invalidQuery);
  return q.data;
}

const load = (db: Knex, s: DashboardSelection) =>
  loadDashboard(db, { period: periodOf(s.year, s.period === 'ar' ? undefined : s.period), verksamhet: s.verksamhet });

/**
 * Route-table rows of the dashboard, in the shape of src/policy/routes.ts (scope `aggregate`). They belong in
 * ROUTE_POLICIES; until the security work moves them there, app.ts hands them to policyGuard next to the table.
 */
const Figure = z.object({ figure: z.enum(DASHBOARD_FIGURES) });
const Diagram = z.object({
  processId: z.string().regex(/^[a-z0-9-]{1,100}$/),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});

/**
 * The styrgrupp dashboard (/styrgrupp): where cases wait (heatmap on the BPMN diagram), overdue and escalated tasks,
 * lead times and uppföljningar, with masked CSV per figure. Aggregates only, for styrgrupp, förbundskansli and admin.
 * It reads our own tables; the engine's Cockpit is linked for the instance-level view (ENGINE_WEBAPP_URL).
 */
export function styrgruppRouter(deps: { db: Knex; cfg?: Config }): Router {
  const router = Router();
  const guard = requireRole('styrgrupp', 'forbundskansli', 'admin');

  router.get('/styrgrupp', guard, async (req, res) => {
    const s = selection(req);
    const d = await load(deps.db, s);
    sendPage(
      res,
      layout({
        ...pageContext(req, res),
        title: t.title,
        body: dashboardPage(d, s, { cockpitUrl: cockpitUrl() }),
        scripts: ['/static/build/dashboard.js'],
        styles: ['/static/build/dashboard.css'],
      }),
    );
  });

  router.get('/styrgrupp/data/:figure.csv', guard, async (req, res) => {
    const parsed = Figure.safeParse(req.params);
    if (!parsed.success) throw new NotFound(`figure ${String(req.params.figure)}`);
    const s = selection(req);
    const d = await load(deps.db, s);
    const name = `${parsed.data.figure}-${s.year}${s.period === 'ar' ? '' : `-${s.period}`}${s.verksamhet ? `-${s.verksamhet}` : ''}.csv`;
    res.attachment(name).type('text/csv; charset=utf-8').send(dashboardCsv(d, parsed.data.figure));
  });

  // The diagram of a process version for the heatmap overlay (XML only: ids, names and layout, no case data).
  router.get('/styrgrupp/diagram/:processId/:version', guard, async (req, res) => {
    const p = Diagram.safeParse(req.params);
    if (!p.success) throw new NotFound('diagram');
    const found = await diagramXml(deps.db, p.data.processId, p.data.version);
    if (!found) throw new NotFound(`diagram ${p.data.processId}@${p.data.version}`, t.diagramMissing);
    res.set('x-diagram-exact', String(found.exact)).type('application/xml; charset=utf-8').send(found.xml);
  });

  return router;
}
