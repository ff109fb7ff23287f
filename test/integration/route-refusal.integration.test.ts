import type { AddressInfo } from 'node:net';

import express, { type Express } from 'express';

import { listen } from '../../src/httpServer.js';
import { requireRole } from '../../src/middleware/auth.js';
import { policyGuard } from '../../src/policy/guard.js';
import type { RoutePolicy } from '../../src/policy/routes.js';
import { errorHandler } from '../../src/web/errorHandler.js';
import { seedCase } from '../support/caseFixtures.js';
import { useApp } from './support/useApp.js';
import { WebClient } from './support/webClient.js';

/** A bare Express app listening on a random port (for a guard in front of a route of the test's own). */
async function startAppOf(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await listen(app, 0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// A 403 from the route guard (a role opening a route it has no row for, an organisation outside the row's) is a refused
// attempt like a refused case: one audit row with who, when, what and from where, shown to the logggranskare.

describe('route guard: every refusal is written to the audit log once', () => {
  const t = useApp();
  /** The id of the newest audit row: what a test logs comes after it. */
  const lastAuditId = async () =>
    Number((await t.db('audit_log').max<{ max: string | null }>('id as max').first())?.max ?? 0);
  const routeRefusals = (username: string, after: number) =>
    t
      .db('audit_log')
      .where({ username, action: 'refused', object_type: 'route' })
      .where('id', '>', after)
      .orderBy('id');

  test('when a handläggare opens the log review, then the Swedish 403 page is shown and one refusal is logged with who, what and where, without the query string', async () => {
    // given
    const after = await lastAuditId();
    const before = new Date(Date.now() - 1_000);
    const af = await t.login('af.handlaggare');
    // when: a query string may carry what was searched for (here a personnummer): it is not logged
    const res = await af.request('/logg?anvandare=199001011239', { headers: { accept: 'text/html' } });
    // then
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain('Ingen behörighet');
    expect(page).toContain('Du har inte behörighet till den här sidan.');
    const rows = await routeRefusals('af.handlaggare', after);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      org_code: 'af',
      object_id: 'GET /logg',
      case_id: null,
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      details: { role: 'handlaggare', reason: 'role', route: '/logg' },
    });
    expect(rows[0].at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(JSON.stringify(rows)).not.toContain('199001011239');
  });

  test('when the logggranskare reviews the log, then the refusal is shown in Swedish on the page and in the CSV', async () => {
    // given: the processägare's modeler refused to Fredrik Karlsson (FK)
    const fk = await t.login('fk.handlaggare');
    expect((await fk.request('/modeler', { headers: { accept: 'text/html' } })).status).toBe(403);
    const reviewer = await t.login('logggranskare');
    // when
    const html = await (await reviewer.request('/logg?anvandare=fk.handlaggare')).text();
    const csv = await (await reviewer.request('/logg.csv?anvandare=fk.handlaggare')).text();
    // then
    expect(html).toMatch(
      /<td>Försäkringskassan<\/td>\s*<td>Nekad åtkomst<\/td><td>Adress GET \/modeler<\/td><td><\/td><td>(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)<\/td>/,
    );
    expect(html).not.toMatch(/<td>(refused|route|fk)<\/td>/);
    expect(csv).toMatch(/;Fredrik Karlsson \(FK\);Försäkringskassan;Nekad åtkomst;Adress GET \/modeler;;/);
  });

  test('when an API call or another organisation is refused, then each is logged; a refused case route names its case', async () => {
    // given
    const after = await lastAuditId();
    const caseId = await seedCase(t.db);
    const af = await t.login('af.handlaggare');
    const styrgrupp = await t.login('styrgrupp');
    // when: the modeler's API, the inventering (försörjningsstöd's routine only) and a case page for the styrgrupp
    const api = await af.request('/api/modeler/models', { headers: { accept: 'application/json' } });
    const inventering = await af.request('/inventering', { headers: { accept: 'text/html' } });
    const casePage = await styrgrupp.request(`/arenden/${caseId}`, { headers: { accept: 'text/html' } });
    // then
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: 'Du har inte behörighet till den här sidan.' });
    expect(inventering.status).toBe(403);
    expect(casePage.status).toBe(403);
    const ofAf = await routeRefusals('af.handlaggare', after);
    expect(ofAf.map((r) => [r.object_id, r.details.reason])).toEqual([
      ['GET /api/modeler/models', 'role'],
      ['GET /inventering', 'organisation'],
    ]);
    const [ofStyrgrupp, ...more] = await routeRefusals('styrgrupp', after);
    expect(more).toEqual([]);
    expect(ofStyrgrupp).toMatchObject({
      org_code: 'forbundet',
      object_id: `GET /arenden/${caseId}`,
      case_id: caseId,
      details: { role: 'styrgrupp', route: '/arenden/:caseId' },
    });
  });

  test('when a case the user may not see is opened, then only the case refusal is logged (404), not a route refusal too', async () => {
    // given: a case FK is no party of
    const after = await lastAuditId();
    const caseId = await seedCase(t.db);
    const fk = await t.login('fk.handlaggare');
    // when
    const res = await fk.request(`/arenden/${caseId}`);
    // then
    expect(res.status).toBe(404);
    const refusals = await t.db('audit_log').where({ action: 'refused', case_id: caseId }).where('id', '>', after);
    expect(refusals.map((r) => [r.username, r.object_type])).toEqual([['fk.handlaggare', 'case']]);
  });

  test('when an anonymous visitor opens a protected page, then it is sent to the login and nothing is logged', async () => {
    // given
    const after = await lastAuditId();
    const anonymous = new WebClient(t.baseUrl);
    // when
    const res = await anonymous.request('/styrgrupp/bokslut', { headers: { accept: 'text/html' } });
    // then
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    const rows = await t
      .db('audit_log')
      .where({ action: 'refused', object_id: 'GET /styrgrupp/bokslut' })
      .where('id', '>', after);
    expect(rows).toEqual([]);
  });

  test('when a personnummer is typed into an address the user may not open, then it is masked in the log', async () => {
    // given
    const after = await lastAuditId();
    const styrgrupp = await t.login('styrgrupp');
    // when
    const res = await styrgrupp.request('/arenden/19900101-1239/samverkansplan', { headers: { accept: 'text/html' } });
    // then
    expect(res.status).toBe(403);
    const rows = await routeRefusals('styrgrupp', after);
    expect(rows.map((r) => [r.object_id, r.case_id])).toEqual([['GET /arenden/…/samverkansplan', null]]);
  });

  test('when a role check behind the guard refuses, then it is logged once, by that check', async () => {
    // given: an app whose route table admits two roles to a route whose own check admits one
    const table: RoutePolicy[] = [
      { method: 'GET', path: '/prov/:caseId', scope: 'case', roles: ['handlaggare', 'styrgrupp'] },
    ];
    const app = express();
    app.use((req, _res, next) => {
      const role = req.get('x-role') as 'handlaggare' | 'styrgrupp';
      Object.assign(req, { session: { user: { username: `prov.${role}`, orgCode: 'forbundet', role, groups: [] } } });
      next();
    });
    app.use(policyGuard(t.db, table));
    app.get('/prov/:caseId', requireRole('handlaggare'), (_req, res) => {
      res.send('ok');
    });
    app.use(errorHandler);
    const after = await lastAuditId();
    const running = await startAppOf(app);
    try {
      // when
      const allowed = await fetch(`${running.baseUrl}/prov/P-1`, { headers: { 'x-role': 'handlaggare' } });
      const refused = await fetch(`${running.baseUrl}/prov/P-2`, {
        headers: { 'x-role': 'styrgrupp', accept: 'application/json' },
      });
      // then
      expect(allowed.status).toBe(200);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'Du har inte behörighet till den här sidan.' });
      expect(await routeRefusals('prov.handlaggare', after)).toEqual([]);
      const rows = await routeRefusals('prov.styrgrupp', after);
      expect(rows.map((r) => [r.object_id, r.case_id, r.details.route])).toEqual([
        ['GET /prov/P-2', 'P-2', '/prov/:caseId'],
      ]);
    } finally {
      await running.close();
    }
  });
});
