import { type DashboardFixture, dashboardFixture, removeDashboardFixture } from './dashboardFixture.js';
import { useApp } from './support/useApp.js';

const YEAR = 2008;

describe('GET /styrgrupp (dashboard) and its CSV exports', () => {
  let fx: DashboardFixture;
  const app = useApp({
    started: async ({ db }) => {
      fx = await dashboardFixture(db, YEAR);
    },
    teardown: ({ db }) => removeDashboardFixture(db, fx),
  });

  test('when the styrgrupp opens the dashboard, then it shows the figures as tables, the bundles, and the engine Cockpit in the menu', async () => {
    // given
    const web = await app.login('styrgrupp');
    // when
    const res = await web.request(`/styrgrupp?year=${YEAR}&period=ar`);
    const page = await res.text();
    // then
    expect(res.status).toBe(200);
    expect(page).toContain('<h1>Styrgruppens översikt</h1>');
    expect(page).toContain('src="/static/build/dashboard.js"');
    // globalSetup sets ENGINE_WEBAPP_URL to the test engine's webapps
    expect(page).toContain(
      `<a href="${process.env.ENGINE_WEBAPP_URL}/app/cockpit/default/" rel="noopener" target="_blank">Cockpit (processmotorn)</a>`,
    );
    expect(page).toMatch(
      new RegExp(`<table class="dash-table" data-table="heatmap" data-process="${fx.processId}" data-version="2">`),
    );
    expect(page).toMatch(
      /<tr data-group="vuxentorget" data-kon="K"><th scope="row">Vuxentorget<\/th><td>Kvinnor<\/td><td class="num">5<\/td><td class="num">7<\/td><td class="num">6,6<\/td><\/tr>/,
    );
    expect(page).toMatch(
      /<tr data-group="umea-fsd" data-kon="T" class="total">.*?<td class="num">4<\/td><td class="num">67 %<\/td><\/tr>/,
    );
    expect(page).not.toContain(fx.caseIds[0]!); // aggregates only
  });

  test('when a figure is downloaded, then it is a masked CSV attachment', async () => {
    // given
    const web = await app.login('kansli');
    // when
    const res = await web.request(`/styrgrupp/data/aktualisering-till-beslut.csv?year=${YEAR}&period=ar`);
    // then
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`aktualisering-till-beslut-${YEAR}.csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // UTF-8 with BOM, semicolons and CRLF, Swedish column names and labels (Swedish Excel); fetch's text() keeps the BOM out
    expect(Buffer.from(await res.clone().arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await res.text()).toBe(
      `Period från;Period till;Verksamhet;Kön;Antal;Median (dagar);Medel (dagar)\r\n${YEAR}-01-01;${YEAR}-12-31;Vuxentorget;Kvinnor;5;7;6,6\r\n${YEAR}-01-01;${YEAR}-12-31;Vuxentorget;Män;<5;<5;<5\r\n`,
    );
    expect((await web.request(`/styrgrupp/data/okand.csv?year=${YEAR}`)).status).toBe(404);
    expect((await web.request('/styrgrupp?year=abc')).status).toBe(422);
  });

  test('when the heatmap asks for a diagram, then it gets the BPMN XML of the version (the repository model when the modeler has no record)', async () => {
    const web = await app.login('styrgrupp');
    const res = await web.request('/styrgrupp/diagram/samverkan-case/99999');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-diagram-exact')).toBe('false');
    expect(await res.text()).toContain('id="UserTask_FollowUp"');
    expect((await web.request('/styrgrupp/diagram/finns-inte/1')).status).toBe(404);
  });

  test('when a handläggare opens the dashboard or a figure, then the answer is 403', async () => {
    const web = await app.login('af.handlaggare');
    expect((await web.request('/styrgrupp')).status).toBe(403);
    expect((await web.request(`/styrgrupp/data/uppfoljningar.csv?year=${YEAR}`)).status).toBe(403);
  });

  test('when the styrgrupp opens a case page, then the answer is 403 (aggregates only)', async () => {
    const web = await app.login('styrgrupp');
    const res = await web.request(`/arenden/${fx.caseIds[0]}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(fx.caseIds[0]!);
    expect((await web.request(`/api/cases/${fx.caseIds[0]}`, { headers: { accept: 'application/json' } })).status).toBe(
      403,
    );
  });
});
