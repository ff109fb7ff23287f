import type { Browser } from 'playwright-core';

import { launchChromium, screenshot } from './support/browser.js';

// The engine's webapps as the test stack serves them (the launcher of engine/, with its Cockpit configuration).
const WEBAPP = process.env.ENGINE_WEBAPP_URL!.replace(/\/$/, '');
const ADMIN = { user: process.env.ENGINE_ADMIN_USER ?? 'demo', password: process.env.ENGINE_ADMIN_PASSWORD ?? 'demo' };

interface Locale {
  labels: Record<string, unknown>;
  dateLocales: { months: string[]; weekdays: string[]; week: { dow: number } };
}

describe('e2e: Cockpit for the styrgrupp is Swedish', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  test('when Cockpit loads its configuration, then Swedish is its only and default locale', async () => {
    // when
    const res = await fetch(`${WEBAPP}/app/cockpit/scripts/config.js`);
    expect(res.status).toBe(200);
    const source = await res.text();
    const config = (
      (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as {
        default: { locales?: { availableLocales: string[]; fallbackLocale: string } };
      }
    ).default;
    // then
    expect(config.locales).toEqual({ availableLocales: ['sv'], fallbackLocale: 'sv' });
  });

  test('when Cockpit asks for the sv locale, then it gets every label of en.json, the styrgrupp screens and the dates in Swedish', async () => {
    // when
    const [sv, en] = await Promise.all(
      ['sv', 'en'].map(async (l) => {
        const res = await fetch(`${WEBAPP}/app/cockpit/locales/${l}.json`);
        expect(res.status).toBe(200);
        return JSON.parse((await res.text()).replace(/^\uFEFF/, '')) as Locale;
      }),
    );
    // then: no label is missing (a missing one would show as its key)
    expect(Object.keys(sv!.labels).sort()).toEqual(Object.keys(en!.labels).sort());
    // ... dashboard, processes, instances and incidents
    expect(sv!.labels).toMatchObject({
      DASHBOARD_RUNNING_PROCESS_INSTANCE: 'Pågående processinstanser',
      DASHBOARD_OPEN_INCIDENTS: 'Öppna incidenter',
      DASHBOARD_PROCESS_DEFINITIONS: 'Processdefinitioner',
      PLUGIN_INCIDENTS_TAB_NO_INCIDENTS: 'Inga incidenter',
      PAGE_LOGIN_USERNAME: 'Användarnamn',
      PAGE_LOGIN_PASSWORD: 'Lösenord',
    });
    const english = new Set(Object.values(en!.labels));
    const translated = Object.entries(sv!.labels).filter(([k, v]) => v !== en!.labels[k]).length;
    expect(translated).toBeGreaterThan(300);
    expect(english.has('Pågående processinstanser')).toBe(false);
    expect(sv!.dateLocales.months[0]).toBe('januari');
    expect(sv!.dateLocales.weekdays[1]).toBe('måndag');
    expect(sv!.dateLocales.week.dow).toBe(1);
  });

  test('when a user logs in to Cockpit in an English browser, then the login and the dashboard are Swedish', async () => {
    // given
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // when
    await page.goto(`${WEBAPP}/app/cockpit/default/`);
    const user = page.getByPlaceholder('Användarnamn');
    await user.waitFor({ timeout: 30_000 });
    await user.fill(ADMIN.user);
    await page.getByPlaceholder('Lösenord').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    // then
    await page.getByText('Pågående processinstanser').first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('Running Process Instances').count()).toBe(0);
    expect(await page.getByText('Öppna incidenter').count()).toBeGreaterThan(0);
    await screenshot(page, 'cockpit-01-dashboard-sv');
    await context.close();
  });
});
