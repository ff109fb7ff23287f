import type { Browser, BrowserContext, Page } from 'playwright-core';

import { allWorkers } from '../../../workers/index.js';
import { type TestApp, useApp } from '../../integration/support/useApp.js';
import { clock } from '../../support/harness.js';
import { axeViolations, launchChromium, login, screenshot } from './browser.js';

export interface BrowserApp {
  app: TestApp;
  /** A logged-in page in its own browser context (own cookies), Swedish locale, tablet-sized when asked. */
  as(username: string, opts?: { tablet?: boolean }): Promise<Page>;
  /** Takes the page's screenshot and expects no axe violations on it. */
  a11y(page: Page, name: string): Promise<void>;
  /**
   * A date `days` from today as typed in the forms. Dates count from the later of the wall clock and the engine's
   * clock: the test clock only moves forward, and process tests earlier in the same run may have moved it ahead
   * (meeting and start dates follow the engine).
   */
  isoDaysFromNow(days: number): string;
}

/**
 * A date `days` from today on the wall clock. The app's own "today" (the samtycke's validity, the criteria) is the wall
 * clock, while meeting and start dates follow the engine's clock, which process tests may have moved ahead; a samtycke
 * therefore starts on the wall clock's day and ends after the engine's (`isoDaysFromNow`).
 */
export const wallClockIsoDay = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Registers, for a describe block, the app as src/main.ts runs it (the real workers, the task read model's sync and
 * the web app, in this process) with every repository model deployed, and a Chromium that each test opens pages in.
 * The test database is fresh each run but the engine is not: case numbers start at a random point, so a case id (the
 * business key messages correlate by) never meets an instance of an earlier run.
 */
export function useBrowserApp(): BrowserApp {
  let browser: Browser | undefined;
  let baseMs = Date.now();
  const contexts: BrowserContext[] = [];
  const app = useApp({
    workers: allWorkers,
    repositoryModels: true,
    caseNumbersFrom: 10_000,
    setup: async () => {
      baseMs = Math.max(Date.now(), await clock.now());
      browser = await launchChromium();
    },
    teardown: async () => {
      await browser?.close();
    },
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  return {
    app,
    async as(username, { tablet = false } = {}) {
      if (!browser) throw new Error('the browser is not started (as() called outside a test)');
      const context = await browser.newContext({
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
        viewport: tablet ? { width: 820, height: 1180 } : { width: 1280, height: 900 },
      });
      contexts.push(context);
      const page = await context.newPage();
      await login(page, app.baseUrl, username);
      return page;
    },
    async a11y(page, name) {
      await screenshot(page, name);
      expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
    },
    isoDaysFromNow: (days) => new Date(baseMs + days * 86_400_000).toISOString().slice(0, 10),
  };
}
