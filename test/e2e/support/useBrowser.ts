import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

import { launchChromium, pageWithErrors } from './browser.js';

export interface TestBrowser {
  /**
   * A page in a new browser context (own cookies; Swedish, Stockholm time and 1400×900 unless told) with its JavaScript
   * errors collected, failed resource loads left out. The context closes after the test.
   */
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
}

/** Registers, for a describe block, a Chromium launched before its tests and closed after them. */
export function useBrowser(): TestBrowser {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(options = {}) {
      if (!browser) throw new Error('useBrowser: the browser is available in tests, after beforeAll');
      const context = await browser.newContext({
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
        viewport: { width: 1400, height: 900 },
        ...options,
      });
      contexts.push(context);
      return pageWithErrors(context, { ignoreFailedLoads: true });
    },
  };
}
