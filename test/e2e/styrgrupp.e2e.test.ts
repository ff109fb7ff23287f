import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { Download, Page } from 'playwright-core';

import { computeBokslut, periodOf } from '../../src/domain/bokslut.js';
import { generateParticipations } from '../../src/domain/bokslutFixtures.js';
import {
  type DashboardFixture,
  dashboardFixture,
  readModelTask,
  removeDashboardFixture,
} from '../integration/dashboardFixture.js';
import { useApp } from '../integration/support/useApp.js';
import { deleteParticipations, insertParticipations } from '../support/bokslutDb.js';
import { published2020 } from '../support/bokslutPublished.js';
import { axeViolations, login, screenshot } from './support/browser.js';
import { useBrowser } from './support/useBrowser.js';

// Years no other test writes: the dashboard's period figures and the bokslut read every case in the database.
const DASHBOARD_YEAR = 2009;
const BOKSLUT_YEAR = 2006; // before the dashboard fixture: its ongoing participations count in every later year
// A process version the modeler never recorded: the heatmap falls back to processes/samverkan-case.bpmn.
const HEAT_VERSION = 99_999;

describe('e2e: the styrgrupp follows the work on the dashboard and the socialt bokslut', () => {
  const bokslutRows = generateParticipations({ ...published2020(), year: BOKSLUT_YEAR });
  let fx: DashboardFixture;

  const app = useApp({
    setup: async ({ db }) => {
      await insertParticipations(db, bokslutRows);
    },
    // Read-model rows without engine tasks: written once the task sync has reconciled (it would finish them).
    started: async ({ db }) => {
      fx = await dashboardFixture(db, DASHBOARD_YEAR);
      // Instances waiting in samverkan-case: 3 at the uppföljning (one of them overdue), 1 at the beredning.
      const names: Record<string, string> = {
        UserTask_FollowUp: 'Genomföra uppföljning',
        UserTask_DecideBeredning: 'Bereda aktualiseringen',
      };
      const waiting = (element: string, due?: Date) =>
        readModelTask({
          instance: randomUUID(),
          processId: 'samverkan-case',
          version: HEAT_VERSION,
          element,
          name: names[element]!,
          groups: [`${fx.groupPrefix}a`],
          ...(due ? { due } : {}),
        });
      await db('tasks').insert([
        waiting('UserTask_FollowUp', new Date(Date.now() - 86_400_000)),
        waiting('UserTask_FollowUp'),
        waiting('UserTask_FollowUp'),
        waiting('UserTask_DecideBeredning'),
      ]);
    },
    teardown: async ({ db }) => {
      await db('tasks').where({ bpmn_process_id: 'samverkan-case', process_version: HEAT_VERSION }).del();
      await deleteParticipations(
        db,
        bokslutRows.map((r) => r.deltagareId),
      );
      await removeDashboardFixture(db, fx);
    },
  });
  const browser = useBrowser();
  const newPage = () => browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });

  async function download(page: Page, link: ReturnType<Page['getByRole']>): Promise<{ name: string; body: Buffer }> {
    const [d] = (await Promise.all([page.waitForEvent('download'), link.click()])) as [Download, unknown];
    const file = await d.path();
    return { name: d.suggestedFilename(), body: readFileSync(file!) };
  }

  test('when the styrgrupp opens the dashboard, then the diagram shows waiting cases per step, the charts and tables show the figures, and a figure downloads as masked CSV', async () => {
    // given
    const { page, errors } = await newPage();
    await login(page, app.baseUrl, 'styrgrupp');

    // when
    await page.getByRole('link', { name: 'Uppföljning', exact: true }).click();
    await page.waitForURL(/\/styrgrupp$/);
    await page.getByLabel('År', { exact: true }).fill(String(DASHBOARD_YEAR));
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(new RegExp(`/styrgrupp\\?year=${DASHBOARD_YEAR}`));
    await page.waitForSelector('body[data-dashboard-ready="true"]');

    // then: the heatmap overlay on the BPMN diagram of that version, numbers as badges on the steps
    const heatmap = page.locator(`#heatmap-samverkan-case-${HEAT_VERSION}`);
    expect(await heatmap.getAttribute('data-ready')).toBe('true');
    expect(await heatmap.locator('.heat-badge[data-element-id="UserTask_FollowUp"]').textContent()).toBe('3');
    expect(await heatmap.locator('.heat-badge[data-element-id="UserTask_DecideBeredning"]').textContent()).toBe('1');
    expect(await heatmap.locator('.djs-element[data-element-id="UserTask_FollowUp"]').getAttribute('class')).toContain(
      'heat-4',
    );
    expect(
      await heatmap.locator('.djs-element[data-element-id="UserTask_DecideBeredning"]').getAttribute('class'),
    ).toContain('heat-2');
    // and the same numbers in the table beside it
    const heatTable = page.locator(
      `table[data-table="heatmap"][data-process="samverkan-case"][data-version="${HEAT_VERSION}"]`,
    );
    expect(await heatTable.locator('tr[data-element-id="UserTask_FollowUp"] td.num').textContent()).toBe('3');
    // and the charts are drawn, each with its table
    for (const id of ['chart-groups', 'chart-referral', 'chart-trial', 'chart-followups'])
      expect(await page.locator(`#${id}`).getAttribute('data-ready')).toBe('true');
    const groupRow = page.locator(`table[data-table="groups"] tr[data-group="${fx.groupPrefix}a"] td`);
    expect(await groupRow.allTextContents()).toEqual(['9', '3', '1']);
    expect(
      await page.locator('table[data-table="trial"] tr[data-group="umea-fsd"][data-kon="T"] td').allTextContents(),
    ).toEqual(['Totalt', '6', '13', '13', '4', '67 %']);
    expect(
      await page
        .locator('table[data-table="followups"] tr[data-group="ungdomstorget"][data-kon="T"] td')
        .allTextContents(),
    ).toEqual(['Totalt', '4', '3', '75 %', '2']);
    await heatmap.scrollIntoViewIfNeeded();
    await screenshot(page, 'styrgrupp-01-oversikt');
    expect(await axeViolations(page)).toEqual([]);

    // when a figure is downloaded
    const csv = await download(
      page,
      page.getByRole('link', { name: 'Ladda ner tid från aktualisering till beslut som CSV' }),
    );
    // then it is masked for use outside the förbund
    expect(csv.name).toBe(`aktualisering-till-beslut-${DASHBOARD_YEAR}.csv`);
    // and opens in Swedish Excel: UTF-8 with BOM, semicolons, CRLF, Swedish column names and labels, decimal comma
    expect(csv.body.toString('utf8')).toBe(
      `\uFEFFPeriod från;Period till;Verksamhet;Kön;Antal;Median (dagar);Medel (dagar)\r\n${DASHBOARD_YEAR}-01-01;${DASHBOARD_YEAR}-12-31;Vuxentorget;Kvinnor;5;7;6,6\r\n${DASHBOARD_YEAR}-01-01;${DASHBOARD_YEAR}-12-31;Vuxentorget;Män;<5;<5;<5\r\n`,
    );
    const steps = await download(page, page.getByRole('link', { name: 'Ladda ner väntande ärenden per steg som CSV' }));
    expect(steps.body.toString('utf8')).toContain(`;${HEAT_VERSION};UserTask_FollowUp;Genomföra uppföljning;<5`);
    expect(errors).toEqual([]);
  });

  test('when the styrgrupp picks a year and a tertial in the bokslut, then the tables follow the choice and every export downloads', async () => {
    // given
    const { page, errors } = await newPage();
    await login(page, app.baseUrl, 'styrgrupp');
    await page.getByRole('link', { name: 'Socialt bokslut' }).click();
    await page.waitForURL(/\/styrgrupp\/bokslut$/);

    // when: the whole year
    await page.getByLabel('År', { exact: true }).fill(String(BOKSLUT_YEAR));
    await page.getByLabel('Period').selectOption('ar');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(new RegExp(`year=${BOKSLUT_YEAR}&period=ar`));
    // then: Tabell 2 (Ungdomstorget) as published
    const tab2 = published2020().tables.find((t) => t.tabell === 2)!;
    const cells = (verksamhet: string, rad: string) =>
      page.locator(`table[data-verksamhet="${verksamhet}"] tr[data-rad="${rad}"] td`).allTextContents();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Socialt bokslut ${BOKSLUT_YEAR}`);
    expect((await cells('ungdomstorget', 'deltagare')).slice(0, 3)).toEqual(
      [tab2.deltagare.K, tab2.deltagare.M, tab2.deltagare.K + tab2.deltagare.M].map(String),
    );
    expect((await cells('ungdomstorget', 'positiv'))[3]).toBe(`${tab2.published_percent.positiv} %`);
    await screenshot(page, 'styrgrupp-02-bokslut-ar');
    expect(await axeViolations(page)).toEqual([]);

    // when: tertial 1
    await page.getByLabel('Period').selectOption('T1');
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.waitForURL(new RegExp(`year=${BOKSLUT_YEAR}&period=T1`));
    // then: the T1 figures, computed by the same rules as the CLI
    const t1 = computeBokslut(bokslutRows, periodOf(BOKSLUT_YEAR, 'T1'));
    const total = t1.tables.find((t) => t.verksamhet === 'totalt')!.rader;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Socialt bokslut ${BOKSLUT_YEAR} T1`);
    for (const rad of ['deltagare', 'nya', 'avslutade'] as const)
      expect((await cells('totalt', rad)).slice(0, 3)).toEqual([total[rad].K, total[rad].M, total[rad].T].map(String));
    await screenshot(page, 'styrgrupp-03-bokslut-t1');

    // when every export is downloaded
    const xlsx = await download(page, page.getByRole('link', { name: 'Excel (XLSX)' }));
    const pdf = await download(page, page.getByRole('link', { name: 'PDF', exact: true }));
    const csv = await download(page, page.getByRole('link', { name: 'Tabeller som CSV' }));
    const finsam = await download(page, page.getByRole('link', { name: 'Uppföljning Finsam (CSV, maskerad)' }));
    // then
    expect([xlsx.name, pdf.name, csv.name, finsam.name]).toEqual([
      `socialt-bokslut-${BOKSLUT_YEAR}-T1.xlsx`,
      `socialt-bokslut-${BOKSLUT_YEAR}-T1.pdf`,
      `socialt-bokslut-${BOKSLUT_YEAR}-T1.csv`,
      `uppfoljning-finsam-${BOKSLUT_YEAR}-T1.csv`,
    ]);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    // the CSVs open in Swedish Excel: UTF-8 with BOM, semicolons, Swedish column names and labels
    for (const f of [csv, finsam]) expect([...f.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.body.toString('utf8')).toContain(
      `${BOKSLUT_YEAR}-01-01;${BOKSLUT_YEAR}-04-30;Arbetsmarknadstorgen totalt;Antal deltagare under perioden;${total.deltagare.K};${total.deltagare.M};${total.deltagare.T};`,
    );
    const finsamLines = finsam.body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(finsamLines[0]).toBe('Insats;Period från;Period till;Kön;Deltagare;Nya;Avslutade');
    for (const line of finsamLines.slice(1))
      for (const cell of line.split(';').slice(4)) expect(cell === '<5' || Number(cell) >= 5).toBe(true);
    expect(errors).toEqual([]);
  });

  test('when the styrgrupp opens a case page, then it is refused: the styrgrupp sees aggregates only', async () => {
    // given
    const { page } = await newPage();
    await login(page, app.baseUrl, 'styrgrupp');
    // when
    const res = await page.goto(`${app.baseUrl}/arenden/${fx.caseIds[0]}`);
    // then
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ingen behörighet');
    expect(await page.content()).not.toContain(fx.caseIds[0]!);
    await screenshot(page, 'styrgrupp-04-arende-nekat');
    expect(await axeViolations(page)).toEqual([]);
  });
});
