import type { Page } from 'playwright-core';

import { ROLES } from '../../src/domain/organisations.js';
import { useApp } from '../integration/support/useApp.js';
import { axeViolations, focusedId, login, screenshot } from './support/browser.js';
import { useBrowser } from './support/useBrowser.js';

/** One demo user per role (src/db/seed.ts), plus a second handläggare whose organisation opens other start forms. */
const DEMO_USERS: { username: string; role: (typeof ROLES)[number] }[] = [
  { username: 'af.handlaggare', role: 'handlaggare' },
  { username: 'fsd.handlaggare', role: 'handlaggare' },
  { username: 'samordnare', role: 'samordnare' },
  { username: 'processagare', role: 'processagare' },
  { username: 'styrgrupp', role: 'styrgrupp' },
  { username: 'kansli', role: 'forbundskansli' },
  { username: 'admin', role: 'admin' },
  { username: 'logggranskare', role: 'logggranskare' },
];

describe('e2e: the menu shows only what the role may open', () => {
  const app = useApp();
  const browser = useBrowser();
  const newPage = async () => (await browser.newPage({ viewport: { width: 1280, height: 900 } })).page;

  /** The menu's links: internal paths and the external ones (Cockpit). */
  const menuLinks = (page: Page) =>
    page
      .locator('nav[aria-label="Huvudmeny"] a')
      .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() })));

  test('every demo role is covered', () => {
    expect([...new Set(DEMO_USERS.map((u) => u.role))].sort()).toEqual([...ROLES].sort());
  });

  test.each(DEMO_USERS)(
    'when $username ($role) follows every link of the menu, then each page answers 200 and axe finds no violation',
    async ({ username }) => {
      // given
      const page = await newPage();
      await login(page, app.baseUrl, username);
      const links = await menuLinks(page);
      const internal = links.filter((l) => l.href.startsWith('/'));
      expect(internal.length).toBeGreaterThan(0);
      // when / then
      const answers: string[] = [];
      for (const link of internal) {
        const res = await page.goto(`${app.baseUrl}${link.href}`);
        answers.push(`${link.href} ${res?.status()}`);
        await page.waitForLoadState('load');
        await screenshot(page, `menu-${username}-${link.href.replace(/\W+/g, '_')}`);
        expect({ page: link.href, violations: await axeViolations(page) }).toEqual({ page: link.href, violations: [] });
        // the page marks itself as the current menu item
        expect(
          await page.locator(`nav[aria-label="Huvudmeny"] a[href="${link.href}"][aria-current="page"]`).count(),
        ).toBe(1);
      }
      expect(answers).toEqual(internal.map((l) => `${l.href} 200`));
    },
  );

  test('when the styrgrupp opens a case-work page by its address, then it gets the 403 page in the common layout, without that page in its menu', async () => {
    // given
    const page = await newPage();
    await login(page, app.baseUrl, 'styrgrupp');
    // when
    const res = await page.goto(`${app.baseUrl}/uppgifter`);
    // then
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ingen behörighet');
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    const hrefs = (await menuLinks(page)).map((l) => l.href);
    expect(hrefs).toContain('/styrgrupp');
    expect(hrefs).not.toContain('/uppgifter');
    await screenshot(page, 'menu-styrgrupp-403');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('when the processägare opens a page the route table refuses through a route-level role check, then the same 403 page is shown', async () => {
    // given: /logg is the logggranskare's (its router checks the role itself as well)
    const page = await newPage();
    await login(page, app.baseUrl, 'processagare');
    // when
    const res = await page.goto(`${app.baseUrl}/logg`);
    // then
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ingen behörighet');
    expect(await page.locator('nav[aria-label="Huvudmeny"] a[href="/logg"]').count()).toBe(0);
  });

  test('when a login fails, then the focus moves to the error summary and the typed username is kept', async () => {
    // given
    const page = await newPage();
    await page.goto(`${app.baseUrl}/login`);
    await page.getByLabel('Användarnamn').fill('af.handlaggare');
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    // when
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Logga in' }).click()]);
    // then
    await page.locator('.error-summary').waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    expect(await focusedId(page)).toBe('login-error');
    expect(await page.getByLabel('Användarnamn').inputValue()).toBe('af.handlaggare');
    await screenshot(page, 'login-fel-fokus');
    expect(await axeViolations(page)).toEqual([]);
  });
});
