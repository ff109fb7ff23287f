import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ValidationFailed } from '../errors.js';
import { currentUser, requireRole, type SessionUser } from '../middleware/auth.js';
import { auditCsv, reviewAuditLog } from '../services/audit.js';
import { auditSv as t } from '../ui/auditTexts.sv.js';
import { html, type SafeHtml } from '../views/html.js';
import { layout } from '../views/layout.js';
import type { AuditRow } from '../repositories/audit.js';
import { pageContext, sendPage } from '../web/render.js';

const empty = (s: unknown) => (typeof s === 'string' && s.trim() === '' ? undefined : s);
const Query = z.object({
  anvandare: z.preprocess(empty, z.string().trim().max(200).optional()),
  arende: z.preprocess(empty, z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/).optional()),
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
const toSearch = (f: Filter, limit: number) => ({ username: f.anvandare, caseId: f.arende, from: f.fran, to: f.till, limit });
const qs = (f: Filter) => new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();
const fmt = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'medium' }).format(d);

/** GET /logg (review page with filters) and GET /logg.csv (export) for the förbund's logggranskare; both are logged. */
export function auditRouter(deps: { db: Knex }): Router {
  const router = Router();
  const guard = requireRole('logggranskare');
  router.get('/logg', guard, async (req, res) => {
    const f = filterOf(req);
    const { rows, total } = await reviewAuditLog(deps.db, currentUser(req) as SessionUser, toSearch(f, PAGE_LIMIT));
    sendPage(res, layout({ ...pageContext(req, res), title: t.title, body: page(f, rows, total) }));
  });
  router.get('/logg.csv', guard, async (req, res) => {
    const f = filterOf(req);
    const { rows } = await reviewAuditLog(deps.db, currentUser(req) as SessionUser, toSearch(f, CSV_LIMIT), { exported: true });
    res.attachment('logg.csv').type('text/csv; charset=utf-8').send(auditCsv(rows));
  });
  return router;
}

function page(f: Filter, rows: AuditRow[], total: number): SafeHtml {
  const c = t.columns;
  const l = t.filters;
  return html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<form method="get" action="/logg"><fieldset><legend>${l.legend}</legend>
  <label for="logg-user">${l.user}</label> <input id="logg-user" name="anvandare" value="${f.anvandare ?? ''}">
  <label for="logg-case">${l.caseId}</label> <input id="logg-case" name="arende" value="${f.arende ?? ''}">
  <label for="logg-from">${l.from}</label> <input id="logg-from" name="fran" type="date" value="${f.fran ?? ''}">
  <label for="logg-to">${l.to}</label> <input id="logg-to" name="till" type="date" value="${f.till ?? ''}">
  <button type="submit">${l.show}</button>
</fieldset></form>
<p><a href="/logg.csv?${qs(f)}">${t.csv}</a></p>
<p role="status">${t.count(rows.length, total)}</p>
${rows.length === 0
    ? html`<p>${t.none}</p>`
    : html`<table class="audit-log"><caption>${t.caption}</caption>
<thead><tr><th scope="col">${c.at}</th><th scope="col">${c.user}</th><th scope="col">${c.org}</th><th scope="col">${c.action}</th><th scope="col">${c.object}</th><th scope="col">${c.caseId}</th><th scope="col">${c.ip}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${fmt(r.at)}</td><td>${r.username}</td><td>${r.org_code ?? ''}</td><td>${r.action}</td><td>${r.object_type} ${r.object_id}</td><td>${r.case_id ?? ''}</td><td>${r.ip ?? ''}</td></tr>`)}</tbody></table>`}`;
}
