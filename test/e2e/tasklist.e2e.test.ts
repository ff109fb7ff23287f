import type { Page } from 'playwright-core';

import { deployFixture, deployUiTaskFixture, startUiTask, taskInReadModel } from '../integration/support/fixtures.js';
import { useApp } from '../integration/support/useApp.js';
import { uniqueCaseId } from '../support/harness.js';
import { axeViolations, login, screenshot } from './support/browser.js';
import { useBrowser } from './support/useBrowser.js';

describe("e2e: the handläggare's task list, assignment, notifications and Stockholm times in Chromium", () => {
  const app = useApp({
    setup: async ({ db, engine }) => {
      await deployUiTaskFixture(db, engine);
      await deployFixture(db, engine, 'tz-meeting-fixture');
    },
  });
  const browser = useBrowser();
  const newPage = (timezoneId = 'Europe/Stockholm') => browser.newPage({ timezoneId });
  const axeClean = async (page: Page) => expect(await axeViolations(page)).toEqual([]);

  test('when a handläggare searches part of a case number, takes the task on its page and assigns it, then she stays on the task, the colleague is notified and can mark all as read', async () => {
    // given
    const { caseId, taskId } = await startUiTask(app.db, app.engine, {
      dueDate: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      verksamhet: 'ungdomstorget',
      prefix: 'E2ELIST',
    });
    await app
      .db('tasks')
      .where({ task_id: taskId })
      .update({ follow_up_at: new Date('2031-03-14T09:00:00Z') });
    const { page, errors } = await newPage();

    // when: the list, searched by a middle part of the case number
    await login(page, app.baseUrl, 'af.handlaggare');
    await page.getByLabel('Ärendenummer').fill(caseId.slice(8, 14));
    await page.getByRole('button', { name: 'Visa' }).click();
    const row = page.getByRole('row', { name: new RegExp(caseId) });
    await row.waitFor();
    // then: the case number links to the case; verksamhet in Swedish; follow-up date next to the due date; no raw codes in the header
    expect(await row.getByRole('link', { name: `Öppna ärende ${caseId}` }).getAttribute('href')).toBe(
      `/arenden/${encodeURIComponent(caseId)}`,
    );
    expect(await row.getByRole('cell', { name: 'Ungdomstorget', exact: true }).count()).toBe(1);
    expect(await row.getByRole('cell', { name: '2031-03-14', exact: true }).count()).toBe(1);
    await page.getByText('Inloggad som Anna Andersson (AF), Arbetsförmedlingen').waitFor();
    await screenshot(page, 'tasklist-01-sok-delnummer');
    await axeClean(page);
    // the verksamhet filter
    await page.getByLabel('Verksamhet').selectOption({ label: 'Ungdomstorget' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.getByRole('row', { name: new RegExp(caseId) }).waitFor();

    // when: the task page; "Tilldela" has no preselected colleague; "Ta uppgiften"
    await page
      .getByRole('row', { name: new RegExp(caseId) })
      .getByRole('link', { name: 'Registrera beslut' })
      .click();
    await page.waitForURL(new RegExp(`/uppgifter/${taskId}$`));
    expect(await page.getByLabel('Tilldela kollega').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Ta uppgiften' }).click();
    // then: still on the task
    await page.locator('.flash', { hasText: 'Du har tagit uppgiften.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/uppgifter/${taskId}`);
    await screenshot(page, 'tasklist-02-tagen-stannar-pa-uppgiften');
    await axeClean(page);

    // when: assigned to Ali
    await page.getByLabel('Tilldela kollega').selectOption({ label: 'Ali Hassan (AF)' });
    await page.getByRole('button', { name: 'Tilldela', exact: true }).click();
    await page.locator('.flash', { hasText: 'Uppgiften är tilldelad Ali Hassan (AF).' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/uppgifter/${taskId}`);
    expect((await app.engine.task(taskId))?.assignee).toBe('af.handlaggare2');

    // when: "Mina ärenden"
    await page.goto(`${app.baseUrl}/uppgifter?vy=arenden&arende=${encodeURIComponent(caseId)}`);
    const caseRow = page.locator(`tr[data-case-id="${caseId}"]`);
    await caseRow.waitFor();
    expect(await caseRow.textContent()).toContain('Uppgift till din organisation');
    await screenshot(page, 'tasklist-03-mina-arenden');
    await axeClean(page);
    expect(errors).toEqual([]);

    // then: Ali has a notification, only one, and marks all as read
    const ali = await newPage();
    await login(ali.page, app.baseUrl, 'af.handlaggare2');
    await ali.page.goto(`${app.baseUrl}/notiser`);
    const notice = ali.page.locator('li.unread', {
      hasText: `En kollega har tilldelat dig en uppgift i ärende ${caseId}`,
    });
    expect(await notice.count()).toBe(1);
    await screenshot(ali.page, 'tasklist-04-notis-tilldelad');
    await axeClean(ali.page);
    await ali.page.getByRole('button', { name: 'Markera alla som lästa' }).click();
    await ali.page.locator('.flash', { hasText: /markerad(e)? som läst/ }).waitFor();
    expect(await ali.page.locator('li.unread').count()).toBe(0);
    expect(await app.db('notifications').where({ username: 'af.handlaggare2' }).whereNull('read_at')).toHaveLength(0);
    await axeClean(ali.page);
    expect(ali.errors).toEqual([]);
  });

  test('when a handläggare in New York opens a meeting set to 10:00 and submits it, then the form shows 10:00 and the engine keeps 10:00 Stockholm time', async () => {
    // given: a meeting at 10:00 Stockholm time (winter: +01:00)
    const caseId = uniqueCaseId('E2ETZ');
    const { processInstanceId } = await app.engine.startProcess('tz-meeting-fixture', {
      businessKey: caseId,
      variables: { caseId, meetingAt: '2026-12-29T10:00:00+01:00' },
    });
    const task = await taskInReadModel(app.db, { case_id: caseId, element_id: 'Task_RegisterDecision' });
    const { page, errors } = await newPage('America/New_York');

    // when
    await login(page, app.baseUrl, 'af.handlaggare');
    await page.goto(`${app.baseUrl}/uppgifter/${task.task_id}`);
    const time = page.getByLabel(/Mötestid/);
    await time.waitFor();
    // then: the browser's zone (UTC−5) does not move it
    expect(await page.evaluate(() => new Date('2026-12-29T09:00:00Z').getHours())).toBe(4);
    expect(await time.inputValue()).toBe('10:00');
    await screenshot(page, 'tasklist-05-motestid-new-york');
    await axeClean(page);

    // when: submitted unchanged
    await page.getByRole('button', { name: 'Slutför uppgiften' }).click();
    await page.waitForURL(/\/uppgifter$/);
    // then
    await taskInReadModel(app.db, { case_id: caseId, element_id: 'Task_FollowUp', state: 'open' });
    expect(await app.engine.processVariables(processInstanceId, ['meetingAt'])).toEqual({
      meetingAt: '2026-12-29T10:00:00+01:00',
    });
    expect(errors).toEqual([]);
  });
});
