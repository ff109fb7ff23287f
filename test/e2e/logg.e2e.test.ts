import type { Page } from 'playwright-core';

import { deployUiTaskFixture, startUiTask } from '../integration/support/fixtures.js';
import { useApp } from '../integration/support/useApp.js';
import { seedCase } from '../support/caseFixtures.js';
import { axeViolations, login, screenshot } from './support/browser.js';
import { useBrowser } from './support/useBrowser.js';

describe('e2e: the logggranskare reviews refused attempts and agenda reads; the samordnare and styrgrupp see stuck and overdue cases', () => {
  const app = useApp({
    setup: async ({ db, engine }) => {
      await deployUiTaskFixture(db, engine);
    },
  });
  const { newPage } = useBrowser();
  const axeClean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);

  test('when FK opens a case it may not see and a beredning member opens the agenda, then the logggranskare finds both by part of a name, in Swedish', async () => {
    // given: a case FK is no party of; two cases on Nordmaling's agenda
    const hidden = await seedCase(app.db);
    const onAgenda = [await seedCase(app.db), await seedCase(app.db)];
    const date = '2031-02-05';
    await app
      .db('beredning_agenda')
      .insert(onAgenda.map((caseId) => ({ case_id: caseId, group_code: 'nordmaling', meeting_date: date })));

    // when: FK tries the case in the browser
    const fk = await newPage();
    await login(fk.page, app.baseUrl, 'fk.handlaggare');
    const refused = await fk.page.goto(`${app.baseUrl}/arenden/${hidden}`);
    expect(refused?.status()).toBe(404);
    // and: the Nordmaling member opens the agenda
    const member = await newPage();
    await login(member.page, app.baseUrl, 'nordmaling.handlaggare');
    await member.page.goto(`${app.baseUrl}/beredning?grupp=nordmaling&datum=${date}`);
    await member.page.getByText(onAgenda[0]!).first().waitFor();

    // when: the logggranskare filters on part of Fredrik Karlsson's name
    const { page, errors } = await newPage();
    await login(page, app.baseUrl, 'logggranskare');
    await page.getByLabel('Användare').fill('karlss');
    await page.getByLabel('Ärende').fill(hidden);
    await page.getByRole('button', { name: 'Visa' }).click();
    const refusal = page.locator('tr[data-action="refused"]');
    await refusal.first().waitFor();
    // then: who, when, what, from where; in Swedish, no codes
    const cells = await refusal.first().locator('td').allTextContents();
    expect(cells[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(cells.slice(1, 6)).toEqual([
      'Fredrik Karlsson (FK) (fk.handlaggare)',
      'Försäkringskassan',
      'Nekad åtkomst',
      `Ärende ${hidden}`,
      hidden,
    ]);
    expect(cells[6]).toMatch(/127\.0\.0\.1|::1/);
    await screenshot(page, 'logg-01-nekad-atkomst');
    await axeClean(page);

    // when: the agenda reads of one of its cases
    await page.getByLabel('Användare').fill('nordmaling');
    await page.getByLabel('Ärende').fill(onAgenda[1]!);
    await page.getByRole('button', { name: 'Visa' }).click();
    const read = page.locator('tr[data-action="read-agenda"]');
    await read.first().waitFor();
    expect(await read.first().textContent()).toContain('Läste på beredningens dagordning');
    await screenshot(page, 'logg-02-dagordning-per-arende');
    await axeClean(page);
    expect(errors).toEqual([]);
  });

  test('when a handläggare opens the log review, then the browser shows the Swedish 403 page and the logggranskare finds the refusal in Swedish', async () => {
    // given: Anna Andersson (AF) types the log review's address
    const af = await newPage();
    await login(af.page, app.baseUrl, 'af.handlaggare');
    // when
    const refused = await af.page.goto(`${app.baseUrl}/logg?anvandare=anna`);
    // then
    expect(refused?.status()).toBe(403);
    await af.page.getByRole('heading', { name: 'Ingen behörighet' }).waitFor();
    await af.page.getByText('Du har inte behörighet till den här sidan.').waitFor();
    await screenshot(af.page, 'logg-03-403-for-handlaggare');
    await axeClean(af.page);

    // when: the logggranskare filters on part of her name
    const { page, errors } = await newPage();
    await login(page, app.baseUrl, 'logggranskare');
    await page.getByLabel('Användare').fill('andersson');
    await page.getByRole('button', { name: 'Visa' }).click();
    const refusal = page.locator('tr[data-action="refused"]', { hasText: 'Adress GET /logg' });
    await refusal.first().waitFor();
    // then: who, what and from where in Swedish; the query string is not in the log
    const cells = await refusal.first().locator('td').allTextContents();
    expect(cells.slice(1, 6)).toEqual([
      'Anna Andersson (AF) (af.handlaggare)',
      'Arbetsförmedlingen',
      'Nekad åtkomst',
      'Adress GET /logg',
      '',
    ]);
    expect(cells[6]).toMatch(/127\.0\.0\.1|::1/);
    expect(await page.locator('table.audit-log').textContent()).not.toContain('anvandare=anna');
    await screenshot(page, 'logg-04-nekad-sida');
    await axeClean(page);
    expect([...af.errors, ...errors]).toEqual([]);
  });

  test('when the samordnare and the styrgrupp open "Fastnade ärenden" from the menu, then overdue tasks are counted per organisation and step; the cases are listed for the samordnare only, with Cockpit links', async () => {
    // given: an overdue AF task
    const { caseId } = await startUiTask(app.db, app.engine, {
      dueDate: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      prefix: 'E2ELATE',
    });

    // when: the samordnare
    const s = await newPage();
    await login(s.page, app.baseUrl, 'samordnare');
    await s.page.getByRole('link', { name: 'Fastnade ärenden' }).click();
    await s.page.waitForURL(/\/fastnade-arenden$/);
    // then
    const summary = s.page
      .locator('table.stuck-summary tr', { hasText: 'Registrera beslut' })
      .filter({ hasText: 'Arbetsförmedlingen' });
    await summary.first().waitFor();
    expect(await s.page.locator(`tr[data-case-id="${caseId}"][data-kind="overdue"]`).count()).toBe(1);
    expect(await s.page.locator(`tr[data-case-id="${caseId}"]`).first().textContent()).toContain('Försenad');
    await s.page.getByRole('link', { name: 'Öppna processmotorns översikt (Cockpit)' }).waitFor();
    await screenshot(s.page, 'fastnade-01-samordnare');
    await axeClean(s.page);

    // when: the styrgrupp
    const g = await newPage();
    await login(g.page, app.baseUrl, 'styrgrupp');
    await g.page.getByRole('link', { name: 'Fastnade ärenden' }).click();
    await g.page.waitForURL(/\/fastnade-arenden$/);
    // then: counts, no case rows
    await g.page.locator('table.stuck-summary tr', { hasText: 'Registrera beslut' }).first().waitFor();
    expect(await g.page.locator('table.stuck-rows').count()).toBe(0);
    expect(await g.page.content()).not.toContain(caseId);
    await screenshot(g.page, 'fastnade-02-styrgrupp');
    await axeClean(g.page);
    expect([...s.errors, ...g.errors]).toEqual([]);
  });
});
