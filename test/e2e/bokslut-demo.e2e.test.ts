import { logger } from '../../src/logger.js';
import { DEMO_YEAR_NAME, demoYearRows, loadDemoYear } from '../../src/services/bokslutDemo.js';
import { useApp } from '../integration/support/useApp.js';
import { deleteParticipations } from '../support/bokslutDb.js';
import { published2020 } from '../support/bokslutPublished.js';
import { axeViolations, login, screenshot } from './support/browser.js';
import { useBrowser } from './support/useBrowser.js';

describe('e2e: the socialt bokslut shows the demo year 2020 out of the box', () => {
  const rows = demoYearRows();

  const app = useApp({
    // What `npm start` runs in the background on an embedded stack (src/main.ts), into the test database.
    setup: async ({ db }) => {
      await loadDemoYear(db, logger);
    },
    // The 2020 rows have ongoing participations that would count in every later year of other tests.
    teardown: async ({ db }) => {
      await deleteParticipations(
        db,
        rows.map((r) => r.deltagareId),
      );
      await db('bokslut_demo_loads').where({ name: DEMO_YEAR_NAME }).del();
    },
  });
  const browser = useBrowser();
  const newPage = async () => (await browser.newPage({ viewport: { width: 1400, height: 1000 } })).page;

  test('when the förbundskansli opens the bokslut, then the link to 2020 shows the published Tabell 1–3 and the indicators 71 %, 31 % and 23 %', async () => {
    // given
    const page = await newPage();
    await login(page, app.baseUrl, 'kansli');
    await page.getByRole('link', { name: 'Socialt bokslut' }).click();
    await page.waitForURL(/\/styrgrupp\/bokslut$/);

    // when
    await page.getByRole('link', { name: 'Demodata finns för 2020: visa det sociala bokslutet för 2020' }).click();
    await page.waitForURL(/year=2020&period=ar/);

    // then: every published count of Tabell 1–3
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Socialt bokslut 2020');
    const cells = (verksamhet: string, rad: string) =>
      page.locator(`table[data-verksamhet="${verksamhet}"] tr[data-rad="${rad}"] td`).allTextContents();
    for (const [tabell, verksamhet] of [
      [1, 'totalt'],
      [2, 'ungdomstorget'],
      [3, 'vuxentorget'],
    ] as const) {
      const pub = published2020().tables.find((t) => t.tabell === tabell)!;
      for (const rad of ['deltagare', 'nya', 'avslutade'] as const) {
        expect({ verksamhet, rad, cells: (await cells(verksamhet, rad)).slice(0, 3) }).toEqual({
          verksamhet,
          rad,
          cells: [pub[rad].K, pub[rad].M, pub[rad].K + pub[rad].M].map(String),
        });
      }
      for (const [rad, procent] of Object.entries(pub.published_percent))
        expect({ verksamhet, rad, p: (await cells(verksamhet, rad))[3] }).toEqual({
          verksamhet,
          rad,
          p: `${procent} %`,
        });
    }
    // and the indicator table of målområde 1 at förbund level
    const outcome = async (id: string) =>
      (await page.locator(`tr[data-indicator="${id}"][data-verksamhet="totalt"] td`).allTextContents())[1];
    expect(await outcome('positiv_losning')).toBe('71 % (150/210)');
    expect(await outcome('arbete_av_positiva')).toBe('31 % (46/150)');
    expect(await outcome('studier_av_positiva')).toBe('23 % (34/150)');
    await screenshot(page, 'bokslut-demo-2020');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('when the förbundskansli enters a survey result for 2020, then a wrong value is refused on the form with everything kept, and a saved one shows in the indicator table', async () => {
    // given
    const page = await newPage();
    await login(page, app.baseUrl, 'kansli');
    await page.goto(`${app.baseUrl}/styrgrupp/bokslut?year=2020&period=ar`);
    await page.getByRole('link', { name: 'Enkätresultat och statistik för perioden' }).click();
    await page.waitForURL(/\/styrgrupp\/bokslut\/enkater\?year=2020&period=ar/);
    const stod = page.locator('fieldset[data-indicator="stod_arbete"]');

    // when: more positive answers than answers
    await stod.getByLabel('Antal som svarat så').fill('90');
    await stod.getByLabel('Antal som svarat', { exact: true }).fill('82');
    await page.getByRole('button', { name: 'Spara resultaten' }).click();
    // then
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Antal som svarat så kan inte vara fler än antal som svarat.',
    );
    expect(await stod.getByLabel('Antal som svarat så').inputValue()).toBe('90');
    await screenshot(page, 'bokslut-enkater-fel');
    expect(await axeViolations(page)).toEqual([]);

    // when: the printed result, 64 of 82 (seed 004 målområde 3)
    await stod.getByLabel('Antal som svarat så').fill('64');
    await page.getByRole('button', { name: 'Spara resultaten' }).click();
    await page.getByText('Resultaten är sparade.').waitFor();
    await page.getByRole('link', { name: 'Tillbaka till bokslutet' }).click();
    // then
    const row = page.locator('tr[data-indicator="stod_arbete"][data-verksamhet="totalt"]');
    expect((await row.locator('td').allTextContents()).slice(1, 3)).toEqual(['78 % (64/82)', 'minst 80 %']);
    expect(await row.getAttribute('data-status')).toBe('ej_uppnatt');
    await app.db('bokslut_indicator_results').where({ year: 2020 }).del();
  });
});
