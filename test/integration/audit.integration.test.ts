import { stockholmDateOf } from '../../src/domain/calendar.js';
import { seedCase } from '../support/caseFixtures.js';
import { uniqueCaseId } from '../support/harness.js';
import { useApp } from './support/useApp.js';

describe('audit log', () => {
  const t = useApp();
  const { db } = t;

  const givenCase = () =>
    seedCase(db, {
      caseId: uniqueCaseId('SV'),
      person: { birthYear: 1999, folkbokfordKommun: 'umea' },
      case: { targetGroup: 'x' },
      consent: {
        parties: ['af'],
        dataCategories: ['beslut'],
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        textVersion: 'v1',
      },
    });

  test('when anyone updates, deletes or truncates audit_log, then the database refuses', async () => {
    // given
    await db('audit_log').insert({ username: 'test', action: 'read', object_type: 'case', object_id: 'x' });
    // when / then
    await expect(db('audit_log').where({ username: 'test' }).update({ username: 'changed' })).rejects.toThrow(
      /append-only/,
    );
    await expect(db('audit_log').where({ username: 'test' }).delete()).rejects.toThrow(/append-only/);
    await expect(db.raw('truncate audit_log')).rejects.toThrow(/append-only/);
  });

  test('when a handläggare reads a case, then who, when, which case, what and the IP are logged; the logggranskare finds it by filters, exports CSV, and the review is logged', async () => {
    // given
    const caseId = await givenCase();
    const af = await t.login('af.handlaggare');
    expect((await af.request(`/api/cases/${caseId}`)).status).toBe(200);
    const reviewer = await t.login('logggranskare');
    const today = stockholmDateOf();
    // when
    const page = await reviewer.request(`/logg?anvandare=af.handlaggare&arende=${caseId}&fran=${today}&till=${today}`);
    const csv = await reviewer.request(`/logg.csv?arende=${caseId}`);
    const wrongDate = await reviewer.request(`/logg?fran=igar`);
    const asHandlaggare = await af.request('/logg');
    // then
    const row = await db('audit_log').where({ case_id: caseId, username: 'af.handlaggare', action: 'read' }).first();
    expect(row).toMatchObject({ org_code: 'af', object_type: 'case', object_id: caseId });
    expect(row.ip).toMatch(/127\.0\.0\.1/);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(caseId);
    expect(body).toContain('af.handlaggare');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    // Swedish Excel: semicolons, CRLF, Swedish column names and labels, the time in Stockholm local time as on the page
    const [header, ...lines] = text.trimEnd().split('\r\n');
    expect(header).toBe('Tid;Användare;Namn;Organisation;Händelse;Objekt;Ärende;IP-adress;Detaljer');
    const cells = lines.map((l) => l.split(';'));
    const localTime = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      dateStyle: 'short',
      timeStyle: 'medium',
    }).format(row.at);
    expect(
      cells.filter(
        (c) => c[0] === localTime && c[1] === 'af.handlaggare' && c[3] === 'Arbetsförmedlingen' && c[6] === caseId,
      ),
    ).not.toHaveLength(0);
    expect(cells.map((c) => c[4])).not.toContain('read');
    expect(wrongDate.status).toBe(422);
    expect(asHandlaggare.status).toBe(403);
    const reviews = await db('audit_log')
      .where({ username: 'logggranskare', case_id: caseId })
      .orderBy('id')
      .select('action', 'details');
    expect(reviews.map((r: { action: string }) => r.action)).toEqual(['review', 'export']);
  });
});
