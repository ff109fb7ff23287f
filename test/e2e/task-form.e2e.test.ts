import type { Browser, BrowserContext } from 'playwright-core';
import { logger } from '../../src/logger.js';
import { startUserTaskProjection, type RunningTaskProjection } from '../../workers/user-task-projection.js';
import { connect, eventually, uniqueCaseId } from '../support/harness.js';
import { deployUiTaskFixture } from '../integration/support/fixtures.js';
import { startApp } from '../integration/support/webClient.js';
import { launchChromium, login, screenshot, seriousAxeViolations } from './support/browser.js';

describe('e2e: a handläggare works a task in a real browser', () => {
  const { engine, db, close } = connect();
  let app: Awaited<ReturnType<typeof startApp>>;
  let projection: RunningTaskProjection;
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    await deployUiTaskFixture(db, engine);
    projection = startUserTaskProjection(engine, { db, log: logger }, { sweepIntervalMs: 3_600_000 });
    app = await startApp({ db, engine });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm', viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await projection.stop();
    await app.close();
    await close();
  });

  async function startCase() {
    const caseId = uniqueCaseId('E2E');
    await engine.startProcess('ui-task-fixture', { caseId, dueDate: new Date(Date.now() - 3_600_000).toISOString(), verksamhet: 'ungdomstorget' });
    const row = await eventually(() => db('tasks').where({ case_id: caseId, element_id: 'Task_RegisterDecision' }).first(), { what: 'projected task' });
    return { caseId, jobKey: String(row.job_key) };
  }

  test('when a handläggare logs in, finds the task, submits invalid then valid input and submits again, then values are kept, errors are Swedish and the double submit is refused', async () => {
    // given
    const { caseId, jobKey } = await startCase();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // JS errors only: 422/409 answers are expected resource "errors"
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && pageErrors.push(m.text()));

    // when: login and task list
    await login(page, app.baseUrl, 'af.handlaggare');
    await screenshot(page, '01-uppgifter');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Ärendenummer').fill(caseId);
    await page.getByRole('button', { name: 'Visa' }).click();
    const row = page.getByRole('row', { name: new RegExp(caseId) });
    await expect(row.getByText('Försenad')).toBeTruthy();
    expect(await row.getByText('Försenad').isVisible()).toBe(true);
    await row.getByRole('link', { name: 'Registrera beslut' }).click();
    await page.waitForURL(new RegExp(`/uppgifter/${jobKey}$`));
    await page.getByLabel(/Motivering/).waitFor();
    await screenshot(page, '02-uppgift-formular');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // when: invalid input
    await page.getByLabel('Ja', { exact: true }).check();
    await page.getByLabel(/Motivering/).fill('kort');
    await page.getByLabel(/Timmar per vecka/).fill('50');
    await page.getByRole('button', { name: 'Slutför uppgiften' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    // then: Swedish messages beside the fields, typed values kept
    await screenshot(page, '03-uppgift-fel');
    expect(await page.getByText('Skriv minst 5 tecken.').count()).toBeGreaterThanOrEqual(2); // summary + beside the field
    expect(await page.getByText('Värdet får vara högst 40.').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByLabel(/Motivering/).inputValue()).toBe('kort');
    expect(await page.getByLabel(/Timmar per vecka/).inputValue()).toBe('50');
    expect(await page.getByLabel('Ja', { exact: true }).isChecked()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // when: valid input
    await page.getByLabel(/Motivering/).fill('Uppfyller kriterierna för Ungdomstorget');
    await page.getByLabel(/Timmar per vecka/).fill('20');
    await page.getByRole('button', { name: 'Slutför uppgiften' }).click();
    await page.waitForURL(/\/uppgifter$/);
    // then
    expect(await page.getByText('Uppgiften är slutförd.').isVisible()).toBe(true);
    expect(await db('tasks').where({ job_key: jobKey }).first()).toMatchObject({ state: 'completed', completed_by: 'af.handlaggare' });

    // when: the same form is submitted again (back button + resubmit)
    await page.goBack();
    await page.waitForURL(new RegExp(`/uppgifter/${jobKey}$`));
    const resubmit = await page.request.post(`${app.baseUrl}/uppgifter/${jobKey}`, {
      form: { _csrf: (await page.locator('meta[name="csrf-token"]').getAttribute('content'))!, variables: JSON.stringify({ decision: 'ja', motivation: 'En gång till' }) },
    });
    // then
    expect(resubmit.status()).toBe(409);
    expect(await resubmit.text()).toContain('Uppgiften är redan slutförd eller avbruten.');
    await page.reload();
    expect(await page.getByText('Uppgiften är redan slutförd eller avbruten.').isVisible()).toBe(true);
    await screenshot(page, '04-uppgift-redan-klar');
    expect(pageErrors).toEqual([]);
  });

  test('when a user of another organisation opens the task, then the answer is 404 with a Swedish page', async () => {
    const { jobKey } = await startCase();
    const page = await context.newPage();
    await login(page, app.baseUrl, 'fk.handlaggare');
    const res = await page.goto(`${app.baseUrl}/uppgifter/${jobKey}`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { name: 'Sidan finns inte' }).isVisible()).toBe(true);
    await screenshot(page, '05-annan-organisation-404');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
