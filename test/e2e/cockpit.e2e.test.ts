import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { ROOT } from '../../src/paths.js';
import { deployProcess } from '../../src/services/deployment.js';
import { seedEngineLogins } from '../../src/services/engineIdentity.js';
import { connect, eventually, uniqueCaseId } from '../support/harness.js';
import { launchChromium, screenshot } from './support/browser.js';

// The engine's webapps as the test stack serves them (the launcher of engine/, with its Cockpit configuration).
const WEBAPP = process.env.ENGINE_WEBAPP_URL!.replace(/\/$/, '');
const ADMIN = { user: process.env.ENGINE_ADMIN_USER ?? 'demo', password: process.env.ENGINE_ADMIN_PASSWORD ?? 'demo' };

interface Locale {
  labels: Record<string, unknown>;
  dateLocales: { months: string[]; weekdays: string[]; week: { dow: number } };
}

async function fetchLocale(locale: 'sv' | 'en'): Promise<Locale> {
  const res = await fetch(`${WEBAPP}/app/cockpit/locales/${locale}.json`);
  expect(res.status).toBe(200);
  return JSON.parse((await res.text()).replace(/^\uFEFF/, '')) as Locale;
}

// A label matches as whole words; ids such as "samverkan-case" are one word.
const WORD_START = '(?<![\\p{L}\\p{N}_-])';
const WORD_END = '(?![\\p{L}\\p{N}_-])';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Our Swedish for Cockpit as the launcher merges it over en.json; the test engine's jar is built from this source.
interface Overlay {
  byKey: Record<string, string>;
  byText: Record<string, string>;
}
const OVERLAY = JSON.parse(
  readFileSync(path.join(ROOT, 'engine/src/main/resources/samverkan/webapp-locales/cockpit.sv.json'), 'utf8'),
) as Overlay;

/**
 * English that Cockpit's templates print without a label, so no locale can change it (listed in engine/README.md):
 * the header of the variables table's action column.
 */
const HARD_CODED = new Set(['Actions']);

/**
 * One matcher per English label of en.json, except those our overlay deliberately keeps as they are in Swedish too
 * ("Status", "Version"): the label's text (tags stripped, each `{{ … }}` placeholder matching any text on the line) as
 * whole words, case-sensitive (innerText returns the text as rendered). A label our overlay does not translate is
 * English on the page, so it is matched too. A one-word label that is also a word of the Swedish labels (e.g. "in" of
 * "Logga in") cannot tell the languages apart and is left out.
 */
function englishMatchers(sv: Locale, en: Locale): { key: string; text: string; re: RegExp }[] {
  const swedishWords = new Set(
    Object.entries(sv.labels)
      .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== en.labels[e[0]])
      .flatMap(([, v]) => v.toLowerCase().split(/[^\p{L}\p{N}]+/u)),
  );
  const kept = (key: string, value: string) => (OVERLAY.byKey[key] ?? OVERLAY.byText[value]) === value;
  const seen = new Set<string>();
  const matchers: { key: string; text: string; re: RegExp }[] = [];
  for (const [key, value] of Object.entries(en.labels)) {
    if (typeof value !== 'string' || kept(key, value)) continue;
    const text = value
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const literal = text.replace(/\{\{[^}]*\}\}/g, '').replace(/[^\p{L}]/gu, '');
    if (literal.length < 2 || seen.has(text) || HARD_CODED.has(text)) continue;
    if (!/\s/.test(text) && swedishWords.has(text.toLowerCase())) continue;
    seen.add(text);
    const pattern = text
      .split(/\{\{[^}]*\}\}/)
      .map((part) => part.trim())
      .map((part) => (part ? `${WORD_START}${escapeRegExp(part).replace(/ /g, '\\s+')}${WORD_END}` : ''))
      .join('[^\\n]*?');
    matchers.push({ key, text, re: new RegExp(pattern, 'u') });
  }
  return matchers;
}

/**
 * The text a user sees on the page: the rendered text and the placeholders of visible inputs. Left out, as not
 * Cockpit's own: incident messages (the workers' error text, English for the log; other tests' incidents show there
 * too) and the labels of the BPMN elements in the diagrams (the process owner's names, e.g. "Start inom två veckor?").
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const placeholders = Array.from(
      document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]'),
    )
      .filter((el) => el.offsetParent !== null)
      .map((el) => el.placeholder);
    const messages = Array.from(document.querySelectorAll<HTMLElement>('td.message'))
      .map((el) => el.innerText.trim())
      .filter(Boolean);
    // the diagrams' element labels are hidden while the text is read (innerText leaves out what is not displayed)
    const modelLabels = Array.from(document.querySelectorAll<SVGElement>('.djs-container text.djs-label'));
    for (const el of modelLabels) el.style.display = 'none';
    const text = messages.reduce((t, m) => t.split(m).join(' '), document.body.innerText);
    for (const el of modelLabels) el.style.display = '';
    return [text, ...placeholders].join('\n');
  });
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

describe('e2e: the styrgrupp reads processes, instances and incidents in Swedish Cockpit', () => {
  const { engine, db, close } = connect();
  // The styrgrupp's read-only Cockpit login, as start-up seeds it (own ids: the test engine outlives runs).
  const users = { styrgrupp: 'styrgruppcockpite2e', processagare: 'processagarecockpite2e' };
  const PASSWORD = 'cockpit-e2e';
  const PROCESS_ID = 'samverkan-case';
  const PROCESS_NAME = 'Aktualisering, beredning och samverkan';
  const FAILURE = 'record-referral: E2E-COCKPIT-4711';
  let browser: Browser | undefined;
  let processDefinitionId = '';
  let processInstanceId = '';

  beforeAll(async () => {
    await seedEngineLogins(engine, { password: PASSWORD, users });
    ({ processDefinitionId } = await deployProcess(db, engine, {
      processId: PROCESS_ID,
      bpmn: readFileSync(path.join(ROOT, 'processes', `${PROCESS_ID}.bpmn`)),
      deployedBy: 'test',
      comment: null,
    }));
    const caseId = uniqueCaseId('CKPT');
    ({ processInstanceId } = await engine.startProcess(PROCESS_ID, {
      businessKey: caseId,
      variables: { caseId, referringOrg: 'region-psykiatri', previousCaseId: null },
    }));
    // its first step fails for good (a worker out of retries): a running instance with an incident
    const task = await eventually(
      async () => {
        const locked = await engine.fetchAndLock({
          workerId: 'cockpit-e2e',
          maxTasks: 10,
          asyncResponseTimeout: 1_000,
          topics: [{ topicName: 'record-referral', lockDuration: 60_000 }],
        });
        await Promise.all(
          locked.filter((t) => t.processInstanceId !== processInstanceId).map((t) => engine.unlockExternalTask(t.id)),
        );
        return locked.find((t) => t.processInstanceId === processInstanceId);
      },
      { what: `the record-referral task of ${processInstanceId}` },
    );
    await engine.failExternalTask(task.id, {
      workerId: 'cockpit-e2e',
      errorMessage: FAILURE,
      retries: 0,
      retryTimeout: 0,
    });
    await eventually(async () => (await engine.incidents({ processInstanceId })).length > 0, {
      what: `the incident of ${processInstanceId}`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (processInstanceId) await engine.cancelProcessInstance(processInstanceId, 'test clean-up').catch(() => false);
    await close();
  });

  test('when the styrgrupp opens the processes, a definition, an instance and its incidents, then no English label of Cockpit shows', async () => {
    // given
    const [sv, en] = await Promise.all([fetchLocale('sv'), fetchLocale('en')]);
    const matchers = englishMatchers(sv, en);
    // the matchers find Cockpit's English and pass its Swedish
    expect(matchers.filter((m) => m.re.test('3\nRunning Process Instances\n')).map((m) => m.key)).toContain(
      'DASHBOARD_RUNNING_PROCESS_INSTANCE',
    );
    expect(matchers.filter((m) => m.re.test(`3\n${String(sv.labels.DASHBOARD_RUNNING_PROCESS_INSTANCE)}\n`))).toEqual(
      [],
    );
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${WEBAPP}/app/cockpit/default/`);
    await page.getByPlaceholder('Användarnamn').waitFor({ timeout: 30_000 });
    await page.getByPlaceholder('Användarnamn').fill(users.styrgrupp);
    await page.getByPlaceholder('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByText('Pågående processinstanser').first().waitFor({ timeout: 30_000 });
    const english: Record<string, string[]> = {};
    /** Opens a screen (a route, or a click), waits for what shows it has loaded, and records the English it shows. */
    const visit = async (screen: string, open: string | (() => Promise<void>), loaded: () => Promise<void>) => {
      if (typeof open === 'string') await page.goto(`${WEBAPP}/app/cockpit/default/#${open}`);
      else await open();
      await loaded().catch(async (err: unknown) => {
        await screenshot(page, `cockpit-${screen}-not-loaded`);
        throw err;
      });
      await page.waitForLoadState('networkidle');
      const text = await visibleText(page);
      english[screen] = matchers.filter((m) => m.re.test(text)).map((m) => `${m.text} (${m.key})`);
      await screenshot(page, `cockpit-${screen}`);
    };
    const shows = (text: string) => () => page.getByText(text).first().waitFor({ timeout: 30_000 });
    const incidentShown = () => page.locator('td.message', { hasText: FAILURE }).first().waitFor({ timeout: 30_000 });
    /** A tab of the definition or instance page, by its Swedish label. */
    const tab = (key: string) =>
      page
        .locator('ul.nav-tabs > li')
        .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(String(sv.labels[key]))}\\s*$`) });
    const openTab = (key: string) => () => tab(key).locator('a').click();
    const tabActive = (key: string) => () => tab(key).and(page.locator('li.active')).waitFor({ timeout: 30_000 });

    // when
    await visit('02-dashboard-incident', '/dashboard', shows('Öppna incidenter'));
    await visit('03-processes', '/processes', shows(PROCESS_NAME));
    await visit(
      '03b-processes-previews',
      () => page.getByText(String(sv.labels.PLUGIN_PROCESS_DEF_PREVIEWS), { exact: true }).click(),
      () => page.locator('.djs-container svg').first().waitFor({ timeout: 30_000 }),
    );
    await visit('04-definition-instances', `/process-definition/${processDefinitionId}/runtime`, async () => {
      await page.locator('.djs-container svg').first().waitFor({ timeout: 30_000 });
      await shows(processInstanceId)();
    });
    await visit(
      '05-definition-filter',
      () => page.getByPlaceholder('Lägg till villkor').first().click(),
      () => page.locator('ul.dropdown-menu:visible li').first().waitFor({ timeout: 30_000 }),
    );
    await visit('06-definition-incidents', openTab('PLUGIN_INCIDENTS_LABEL'), incidentShown);
    await visit(
      '07-definition-called',
      openTab('PLUGIN_CALLED_PROCESS_DEFINITIONS_LABEL'),
      tabActive('PLUGIN_CALLED_PROCESS_DEFINITIONS_LABEL'),
    );
    await visit('08-definition-jobs', openTab('PLUGIN_JOB_DEFINITION_LABEL'), tabActive('PLUGIN_JOB_DEFINITION_LABEL'));
    await visit('09-instance-variables', `/process-instance/${processInstanceId}/runtime`, async () => {
      await page.locator('.djs-container svg').first().waitFor({ timeout: 30_000 });
      await tabActive('PLUGIN_VARIABLE_INSTANCES_LABEL')();
      await shows('referringOrg')();
    });
    await visit('10-instance-incidents', openTab('PLUGIN_INCIDENTS_LABEL'), incidentShown);
    await visit('11-instance-called', openTab('PLUGIN_CALLED_PROCESS_INSTANCE_LABEL'), async () => {
      await tabActive('PLUGIN_CALLED_PROCESS_INSTANCE_LABEL')();
      await shows(String(sv.labels.PLUGIN_CALLED_PROCESS_NO_PROCESS_INSTANCES))();
    });
    await visit('12-instance-external-tasks', openTab('PLUGIN_EXTERNAL_TASKS_LABEL'), shows('record-referral'));
    await visit('13-instance-user-tasks', openTab('PLUGIN_USER_TASKS_LABEL'), tabActive('PLUGIN_USER_TASKS_LABEL'));
    await visit('14-instance-jobs', openTab('PLUGIN_JOBS_LABEL'), shows(String(sv.labels.PLUGIN_JOBS_NO_JOBS)));
    await visit('15-tasks-dashboard', '/tasks', shows(String(sv.labels.PLUGIN_TASK_ASSIGNMENT_BY_TYPE)));

    // then
    expect(english).toEqual({
      '02-dashboard-incident': [],
      '03-processes': [],
      '03b-processes-previews': [],
      '04-definition-instances': [],
      '05-definition-filter': [],
      '06-definition-incidents': [],
      '07-definition-called': [],
      '08-definition-jobs': [],
      '09-instance-variables': [],
      '10-instance-incidents': [],
      '11-instance-called': [],
      '12-instance-external-tasks': [],
      '13-instance-user-tasks': [],
      '14-instance-jobs': [],
      '15-tasks-dashboard': [],
    });
    await context.close();
  });
});
