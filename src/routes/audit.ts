import { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

import { ValidationFailed } from '../errors.js';
import { currentUser, requireRole, type SessionUser } from '../middleware/auth.js';
import { reviewAuditLog } from '../services/audit.js';
import { auditSv as t } from '../ui/auditTexts.sv.js';
import { auditCsv, auditPage } from '../views/audit.js';
import { pageContext, sendPage } from '../web/render.js';

const empty = (s: unknown) => (typeof s === 'string' && s.trim() === '' ? undefined : s);
const Query = z.object({
  anvandare: z.preprocess(empty, z.string().trim().max(200).optional()),
  arende: z.preprocess(
    empty,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .optional(),
  ),
  fran: z.preprocess(empty, z.iso.date().optional()),
  till: z.preprocess(empty, z.iso.date().optional()),
});
type Filter = z.infer<typeof Query>;

const PAGE_LIMIT = 500;
const CSV_LIMIT = 100_000;

function filterOf(req: Request): Filter {
  const q = Query.safeParse(req.query);
  if (!q.success) throw new ValidationFailed(q.error.message, {}, t.invalid);
  return q.data;
}
const toSearch = (f: Filter, limit: number) => ({
  username: f.anvandare,
  caseId: f.arende,
  from: f.fran,
  to: f.till,
  limit,
});

/** GET /logg (review page with filters) and GET /logg.csv (export) for the förbund's logggranskare; both are logged. */
export function auditRouter(deps: { db: Knex }): Router {
  const router = Router();
  const guard = requireRole('logggranskare');
  router.get('/logg', guard, async (req, res) => {
    const f = filterOf(req);
    const { rows, total } = await reviewAuditLog(deps.db, currentUser(req) as SessionUser, toSearch(f, PAGE_LIMIT));
    sendPage(res, auditPage({ ...pageContext(req, res), filter: f, rows, total }));
  });
  router.get('/logg.csv', guard, async (req, res) => {
    const f = filterOf(req);
    const { rows } = await reviewAuditLog(deps.db, currentUser(req) as SessionUser, toSearch(f, CSV_LIMIT), {
      exported: true,
    });
    res.attachment('logg.csv').type('text/csv; charset=utf-8').send(auditCsv(rows));
  });
  return router;
}
