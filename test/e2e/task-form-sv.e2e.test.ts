import type { Page } from 'playwright-core';

import { deployFixture, taskInReadModel } from '../integration/support/fixtures.js';
import { useApp } from '../integration/support/useApp.js';
import { uniqueCaseId } from '../support/harness.js';
import { axeViolations, login, screenshot } from './support/browser.js';
import { englishTextsOnPage, formJsLibraryTexts } from './support/libraryTexts.js';
import { useBrowser } from './support/useBrowser.js';

// test/fixtures/ui-form-sv.form: a date, a select, a tag list, a number and a dynamic list, form-js's built-in texts.

describe('e2e: form-js on a task page is Swedish, whatever the browser language', () => {
  const app = useApp({
    setup: async ({ db, engine }) => {
      await deployFixture(db, engine, 'ui-form-sv');
    },
  });
  const browser = useBrowser();
  // An English browser: the page must not depend on the browser's locale for its texts or its date format.
  const newPage = () => browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 1000 } });

  async function openTask(page: Page): Promise<void> {
    const caseId = uniqueCaseId('SV');
    await app.engine.startProcess('ui-form-sv', {
      businessKey: caseId,
      variables: { caseId, dueDate: new Date(Date.now() + 86_400_000).toISOString(), verksamhet: 'ungdomstorget' },
    });
    const task = await taskInReadModel(app.db, { case_id: caseId, element_id: 'Task_RegisterDecision' });
    await login(page, app.baseUrl, 'af.handlaggare');
    await page.goto(`${app.baseUrl}/uppgifter/${task.task_id}`);
    await page.locator('.fjs-form').waitFor();
  }

  test('when a handläggare opens a task form, the select and the tag list, then no English form-js text is on the page', async () => {
    // given
    const english = formJsLibraryTexts();
    expect(english).toEqual(expect.arrayContaining(['Select', 'Add new', 'Search', 'Field is required.']));
    const { page, errors } = await newPage();
    // when
    await openTask(page);
    // then
    expect(await page.locator('.fjs-select-display').first().textContent()).toBe('Välj');
    expect(await page.getByRole('button', { name: 'Lägg till' }).count()).toBeGreaterThan(0);
    expect(await englishTextsOnPage(page, english, 'main')).toEqual([]);
    // when the select and the tag list are opened
    await page.locator('.fjs-select-display').first().click();
    await page.locator('.fjs-dropdownlist').first().waitFor();
    expect(await englishTextsOnPage(page, english, 'main')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByLabel('Ämnen').click();
    expect(await page.getByLabel('Ämnen').getAttribute('placeholder')).toBe('Sök');
    expect(await englishTextsOnPage(page, english, 'main')).toEqual([]);
    await screenshot(page, 'task-form-sv-01-fields');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('when a handläggare opens the date picker, then months and weekdays are Swedish, weeks start on Monday and the chosen date is written yyyy-mm-dd', async () => {
    // given
    const { page } = await newPage();
    await openTask(page);
    const input = page.getByLabel('Mötesdatum');
    expect(await input.getAttribute('placeholder')).toBe('åååå-mm-dd');
    // when
    await input.click();
    const calendar = page.locator('.flatpickr-calendar.open');
    await calendar.waitFor();
    // then
    const weekdays = (await calendar.locator('.flatpickr-weekday').allTextContents()).map((d) => d.trim());
    expect(weekdays).toEqual(['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön']);
    const months = (await calendar.locator('.flatpickr-monthDropdown-month').allTextContents()).map((m) => m.trim());
    expect(months).toEqual([
      'januari',
      'februari',
      'mars',
      'april',
      'maj',
      'juni',
      'juli',
      'augusti',
      'september',
      'oktober',
      'november',
      'december',
    ]);
    await screenshot(page, 'task-form-sv-02-datepicker');
    expect(await englishTextsOnPage(page, formJsLibraryTexts(), 'main')).toEqual([]);
    // when a day is picked
    await calendar.locator('.flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)', { hasText: /^15$/ }).click();
    // then the value is written the Swedish way (the month shown is the current one)
    expect(await input.inputValue()).toMatch(/^\d{4}-\d{2}-15$/);
  });
});
