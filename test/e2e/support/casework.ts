import type { Knex } from 'knex';
import type { Page } from 'playwright-core';

import { eventually } from '../../support/harness.js';

/** The open task of an element in a case, once the read model has it (it follows the engine by milliseconds). */
export function openTask(db: Knex, caseId: string, elementId: string, group?: string) {
  return eventually(
    async () => {
      const q = db('tasks').where({ case_id: caseId, element_id: elementId, state: 'open' });
      if (group) q.whereRaw('? = any(candidate_groups)', [group]);
      return q.first<{ task_id: string; candidate_groups: string[] } | undefined>();
    },
    { what: `open task ${elementId} of ${caseId}${group ? ` for ${group}` : ''}`, timeoutMs: 60_000 },
  );
}

/** Completes a task through the UI's JSON API with the page's session and CSRF token (as the task form does). */
export async function completeViaApi(
  page: Page,
  baseUrl: string,
  taskId: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const token = await page.locator('meta[name="csrf-token"]').getAttribute('content');
  const res = await page.request.post(`${baseUrl}/api/tasks/${taskId}/complete`, {
    headers: { 'X-CSRF-Token': token! },
    data: { variables },
  });
  expect(`${res.status()} ${await res.text()}`).toBe('200 {"ok":true}');
}

/** Clicks a submit button and waits until the page after the POST (and its redirect) has loaded. */
export async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  const loaded = page.waitForEvent('load');
  await button.click();
  await loaded;
}

/** Waits until the error summary of the page has the focus (the page's script moves it there on load). */
export async function errorSummaryFocused(page: Page): Promise<boolean> {
  await page.locator('.error-summary').first().waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false, undefined, {
    timeout: 10_000,
  });
  return page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false);
}
