import { deployUiTaskFixture, startUiTask, taskInReadModel } from '../integration/support/fixtures.js';
import { useApp } from '../integration/support/useApp.js';
import { axeViolations, login, screenshot } from './support/browser.js';
import { useBrowser } from './support/useBrowser.js';

describe('e2e: a handläggare works a task in a real browser', () => {
  const app = useApp({
    setup: async ({ db, engine }) => {
      await deployUiTaskFixture(db, engine);
    },
  });
  const browser = useBrowser();
  const newPage = () => browser.newPage({ viewport: { width: 1280, height: 900 } });

  const startCase = () =>
    startUiTask(app.db, app.engine, {
      dueDate: new Date(Date.now() - 3_600_000).toISOString(),
      verksamhet: 'ungdomstorget',
      prefix: 'E2E',
    });

  test('when a handläggare logs in, finds the task, submits invalid then valid input and submits again, then values are kept, errors are Swedish and the double submit is refused', async () => {
    // given
    const { caseId, taskId } = await startCase();
    // JS errors only: 422/409 answers are expected resource "errors"
    const { page, errors: pageErrors } = await newPage();

    // when: login and task list
    await login(page, app.baseUrl, 'af.handlaggare');
    await screenshot(page, '01-uppgifter');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Ärendenummer').fill(caseId);
    await page.getByRole('button', { name: 'Visa' }).click();
    const row = page.getByRole('row', { name: new RegExp(caseId) });
    await row.getByText('Försenad').waitFor();
    await row.getByRole('link', { name: 'Registrera beslut' }).click();
    await page.waitForURL(new RegExp(`/uppgifter/${taskId}$`));
    await page.getByLabel(/Motivering/).waitFor();
    await screenshot(page, '02-uppgift-formular');
    expect(await axeViolations(page)).toEqual([]);

    // when: invalid input
    await page.getByLabel('Ja', { exact: true }).check();
    await page.getByLabel(/Motivering/).fill('kort');
    await page.getByLabel(/Timmar per vecka/).fill('50');
    await page.getByRole('button', { name: 'Slutför uppgiften' }).click();
    await page.getByRole('heading', { name: 'Det finns fel i formuläret' }).waitFor();
    // then: Swedish messages beside the fields, typed values kept
    await page.getByLabel(/Motivering/).waitFor();
    await screenshot(page, '03-uppgift-fel');
    expect(await page.getByText('Skriv minst 5 tecken.').count()).toBeGreaterThanOrEqual(2); // summary + beside the field
    expect(await page.getByText('Värdet får vara högst 40.').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByLabel(/Motivering/).inputValue()).toBe('kort');
    expect(await page.getByLabel(/Timmar per vecka/).inputValue()).toBe('50');
    expect(await page.getByLabel('Ja', { exact: true }).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // when: valid input
    await page.getByLabel(/Motivering/).fill('Uppfyller kriterierna för Ungdomstorget');
    await page.getByLabel(/Timmar per vecka/).fill('20');
    await page.getByRole('button', { name: 'Slutför uppgiften' }).click();
    await page.waitForURL(/\/uppgifter$/);
    // then: the message is on the page the 303 led to
    await page.locator('.flash', { hasText: 'Uppgiften är slutförd.' }).waitFor();
    expect(await app.db('tasks').where({ task_id: taskId }).first()).toMatchObject({
      state: 'completed',
      completed_by: 'af.handlaggare',
    });
    // and the next task (FK's) comes from the engine moments later; the page does not wait for it
    await taskInReadModel(app.db, { case_id: caseId, element_id: 'Task_FollowUp', state: 'open' });

    // when: the same form is submitted again (back button + resubmit)
    await page.goBack();
    await page.waitForURL(new RegExp(`/uppgifter/${taskId}$`));
    const resubmit = await page.request.post(`${app.baseUrl}/uppgifter/${taskId}`, {
      form: {
        _csrf: (await page.locator('meta[name="csrf-token"]').getAttribute('content'))!,
        variables: JSON.stringify({ decision: 'ja', motivation: 'En gång till' }),
      },
    });
    // then
    expect(resubmit.status()).toBe(409);
    expect(await resubmit.text()).toContain('Uppgiften är redan slutförd eller avbruten.');
    await page.reload();
    await page.getByText('Uppgiften är redan slutförd eller avbruten.').waitFor();
    await screenshot(page, '04-uppgift-redan-klar');
    expect(pageErrors).toEqual([]);
  });

  test('when a user of another organisation opens the task, then the answer is 404 with a Swedish page', async () => {
    const { taskId } = await startCase();
    const { page } = await newPage();
    await login(page, app.baseUrl, 'fk.handlaggare');
    const res = await page.goto(`${app.baseUrl}/uppgifter/${taskId}`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { name: 'Sidan finns inte' }).isVisible()).toBe(true);
    await screenshot(page, '05-annan-organisation-404');
    expect(await axeViolations(page)).toEqual([]);
  });
});
