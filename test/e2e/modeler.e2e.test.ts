import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ensureModelerBuilt } from '../../modeler/build.mjs';
import { ROOT } from '../../src/paths.js';
import { startApp, WebClient } from '../integration/support/webClient.js';
import { connect, uniqueCaseId } from '../support/harness.js';
import { axeViolations, launchChromium, login, pageWithErrors, screenshot } from './support/browser.js';
import {
  bpmnLibraryTexts,
  englishTextsOnPage,
  formJsEditorLibraryTexts,
  formJsLibraryTexts,
} from './support/libraryTexts.js';

// test/fixtures/modeler-deploy.bpmn: one user task linking forms/uppfoljning.form (binding "deployment").
const PROCESS_ID = 'modeler-deploy';
const TASK = 'Task_ReviewCase';
const FIXTURE = readFileSync(path.join(ROOT, 'test/fixtures/modeler-deploy.bpmn'), 'utf8');

describe('e2e: a processägare edits, lints and deploys a process in the browser modeler', () => {
  const { engine, db, close } = connect();
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let context: BrowserContext;
  const started: string[] = [];

  /** Starts the latest version of a process in the engine (cancelled in afterAll). */
  async function startInstance(processId: string) {
    const caseId = uniqueCaseId('MDL');
    const instance = await engine.startProcess(processId, { businessKey: caseId, variables: { caseId } });
    started.push(instance.processInstanceId);
    return instance;
  }

  /** Deploys through the API as the processägare, like a previous session in the modeler would have. */
  async function deployViaApi(xml: string, comment: string): Promise<{ status: number; version: number }> {
    const owner = new WebClient(app.baseUrl);
    await owner.login('processagare');
    const token = await owner.csrfFrom('/modeler');
    const res = await owner.request('/api/modeler/deploy', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      body: JSON.stringify({ xml, comment }),
    });
    return { status: res.status, version: ((await res.json()) as { version: number }).version };
  }

  beforeAll(async () => {
    await ensureModelerBuilt();
    app = await startApp({ db, engine });
    browser = await launchChromium();
    context = await browser.newContext({
      locale: 'sv-SE',
      timezoneId: 'Europe/Stockholm',
      viewport: { width: 1400, height: 1000 },
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    for (const id of started) await engine.cancelProcessInstance(id, 'test cleanup').catch(() => undefined);
    await app.close();
    await close();
  });

  /** Renames the task through bpmn-js direct editing (double-click the shape, type, click the empty canvas). */
  async function renameTask(page: Page, name: string) {
    await page.locator(`.djs-element[data-element-id="${TASK}"]`).dblclick();
    const editor = page.locator('.djs-direct-editing-parent');
    await editor.waitFor({ state: 'visible' });
    await page.keyboard.press('ControlOrMeta+A');
    if (name) await page.keyboard.type(name);
    else await page.keyboard.press('Backspace');
    const canvas = await page.locator('#mdl-canvas').boundingBox();
    await page.mouse.click(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height - 40);
    await editor.waitFor({ state: 'hidden' });
  }

  test('when the processägare renames a task, breaks and fixes a lint rule and deploys, then new instances run the new version and the old instance keeps its version', async () => {
    // given: a deployed version (unique task name: the engine outlives test runs) with a running instance on it
    const oldName = `Granska ärende ${Date.now().toString(36)}`;
    const deployed = await deployViaApi(FIXTURE.replace('name="Granska ärende"', `name="${oldName}"`), 'Utgångsläge');
    expect(deployed.status).toBe(201);
    const oldVersion = deployed.version;
    const oldInstance = await startInstance(PROCESS_ID);
    expect(oldInstance.version).toBe(oldVersion);

    const { page, errors } = await pageWithErrors(context);

    // when: the processägare opens the deployed version
    await login(page, app.baseUrl, 'processagare');
    await page.goto(`${app.baseUrl}/modeler?id=${PROCESS_ID}&version=${oldVersion}`);
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator(`.djs-element[data-element-id="${TASK}"]`).textContent()).resolves.toContain(
      oldName.slice(0, 10),
    );
    expect(await page.getAttribute('body', 'data-lint')).toBe('ok');

    // ... breaks a rule: the task loses its name
    await renameTask(page, '');
    // then the lint error is shown on the element and in the list, and deploy is disabled
    const finding = page.locator(`#mdl-lint-list li[data-element-id="${TASK}"][data-rule$="label-required"]`);
    await finding.waitFor();
    expect(await finding.textContent()).toContain('Elementet saknar namn.');
    await page.locator('#mdl-canvas .cl-icon-error').first().waitFor();
    expect(await page.locator('#mdl-lint-summary').textContent()).toContain('måste rättas');
    expect(await page.isDisabled('#mdl-deploy-button')).toBe(true);
    await screenshot(page, 'modeler-01-lint-error');

    // when the task gets its new name, the error disappears
    await renameTask(page, 'Granska ansökan');
    await finding.waitFor({ state: 'detached' });
    expect(await page.getAttribute('body', 'data-lint')).toBe('ok');
    expect(await page.locator('#mdl-canvas .cl-icon-error').count()).toBe(0);
    expect(await page.isDisabled('#mdl-deploy-button')).toBe(false);

    // ... and the processägare deploys with a comment; the confirmation names the change and the running instance
    await page.fill('#mdl-deploy-comment', 'Uppgiften heter nu Granska ansökan');
    await page.click('#mdl-deploy-button');
    const dialog = page.locator('#mdl-confirm');
    await dialog.waitFor();
    expect(await dialog.locator('.mdl-confirm-counts').textContent()).toBe('Element: 1 ändrade.');
    expect(await dialog.locator(`li[data-element-id="${TASK}"]`).textContent()).toContain(
      `namn: ${oldName} → Granska ansökan`,
    );
    const runningBefore = await engine.countProcessInstances({ processDefinitionKey: PROCESS_ID });
    expect(await dialog.locator('.mdl-confirm-running').textContent()).toContain(
      runningBefore === 1
        ? '1 pågående instans stannar kvar på version'
        : `${runningBefore} pågående instanser stannar kvar på version`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'modeler-02-confirm');
    await page.click('#mdl-confirm-deploy');
    const status = page.locator('#mdl-deploy-status');
    await status.getByText('är driftsatt').waitFor();
    const newVersion = Number(/version (\d+) är driftsatt/.exec((await status.textContent())!)![1]);
    await screenshot(page, 'modeler-02-deployed');

    // then the stored version is the renamed model, with who and why
    expect(newVersion).toBeGreaterThan(oldVersion);
    const row = await db('process_versions').where({ bpmn_process_id: PROCESS_ID, version: newVersion }).first();
    expect(row).toMatchObject({ deployed_by: 'processagare', comment: 'Uppgiften heter nu Granska ansökan' });
    expect(row.xml).toContain('name="Granska ansökan"');

    // and a new instance runs the new version while the old instance continues on the old one
    const newInstance = await startInstance(PROCESS_ID);
    expect(newInstance.version).toBe(newVersion);
    expect(await engine.isActive(oldInstance.processInstanceId)).toBe(true);
    const [oldDefinition] = (await engine.processDefinitions({ key: PROCESS_ID })).filter(
      (d) => d.version === oldVersion,
    );
    expect((await engine.processInstances({ processDefinitionId: oldDefinition!.id })).map((i) => i.id)).toContain(
      oldInstance.processInstanceId,
    );

    // and the page shows the engine's count of running instances per version
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const runningOn = async (v: number) =>
      (await page.locator(`#mdl-versions tr[data-version="${v}"] td`).nth(4).textContent())?.trim();
    expect(await runningOn(oldVersion)).toBe('1');
    expect(await runningOn(newVersion)).toBe('1');

    // and the two versions are compared element by element, the changed task marked on the diagram
    await page.selectOption('#mdl-diff-a', String(oldVersion));
    await page.selectOption('#mdl-diff-b', String(newVersion));
    await page.getByRole('button', { name: 'Jämför', exact: true }).click();
    await page.waitForSelector('body[data-diff="shown"]');
    expect(await page.locator('#mdl-diff .mdl-diff-summary').textContent()).toBe('Element: 1 ändrade.');
    expect(await page.locator(`#mdl-diff ul.mdl-diff-changed > li[data-element-id="${TASK}"]`).textContent()).toContain(
      `namn: ${oldName} → Granska ansökan`,
    );
    await page.locator(`#mdl-diff-canvas .djs-element.mdl-diff-changed[data-element-id="${TASK}"]`).waitFor();
    expect(await page.locator('#mdl-diff-canvas .djs-element.mdl-diff-changed').count()).toBe(1);
    expect(await page.locator('#mdl-diff-canvas .mdl-badge-changed').count()).toBe(1);
    expect(await page.locator('#mdl-diff table').count()).toBe(0); // no XML text diff
    await screenshot(page, 'modeler-03-diff');

    expect(errors).toEqual([]);
  });

  test('when the processägare renames the beredning task of samverkan-case from processes/ and deploys, then new cases run the new version and a running case keeps the old one', async () => {
    // given: the repository model is deployed and a case runs on it
    const repoXml = readFileSync(path.join(ROOT, 'processes/samverkan-case.bpmn'), 'utf8');
    const base = await deployViaApi(repoXml, 'Som i processes/');
    expect([200, 201]).toContain(base.status);
    const oldVersion = base.version;
    const running = await startInstance('samverkan-case');
    expect(running.version).toBe(oldVersion);

    const { page, errors } = await pageWithErrors(context);
    await login(page, app.baseUrl, 'processagare');
    await page.goto(`${app.baseUrl}/modeler?id=samverkan-case`);
    await page.waitForSelector('body[data-ready="true"]');

    // when: the processägare finds the task with the diagram search and renames it in the properties panel
    const canvas = (await page.locator('#mdl-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height - 40); // empty canvas (not the bpmn.io logo)
    await page.keyboard.press('ControlOrMeta+F');
    await page.keyboard.type('Bereda aktualiseringen');
    await page.keyboard.press('Enter');
    await page.locator('.bio-properties-panel-group-header', { hasText: 'Allmänt' }).click();
    const name = page.locator('#bio-properties-panel-name');
    await name.waitFor({ timeout: 5000 }).catch(async (err) => {
      await screenshot(page, 'modeler-05-search-failed');
      throw err;
    });
    expect(await name.inputValue()).toBe('Bereda aktualiseringen');
    const newName = `Bereda aktualiseringen i beredningsgruppen ${Date.now().toString(36)}`;
    await name.fill(newName);
    // ... breaks the label rule and fixes it again
    await name.fill('');
    const finding = page.locator(
      '#mdl-lint-list li[data-element-id="UserTask_DecideBeredning"][data-rule$="label-required"]',
    );
    await finding.waitFor();
    expect(await page.isDisabled('#mdl-deploy-button')).toBe(true);
    await name.fill(newName);
    await finding.waitFor({ state: 'detached' });
    // ... and deploys
    await page.fill('#mdl-deploy-comment', 'Tydligare namn på beredningen');
    await page.click('#mdl-deploy-button');
    await page.locator('#mdl-confirm .mdl-confirm-counts').waitFor();
    expect(await page.locator('#mdl-confirm li[data-element-id="UserTask_DecideBeredning"]').count()).toBe(1);
    await page.click('#mdl-confirm-deploy');
    const status = page.locator('#mdl-deploy-status');
    await status.getByText('är driftsatt').waitFor();
    const newVersion = Number(/version (\d+) är driftsatt/.exec((await status.textContent())!)![1]);
    await screenshot(page, 'modeler-05-beredning-deployed');

    // then
    expect(newVersion).toBeGreaterThan(oldVersion);
    const fresh = await startInstance('samverkan-case');
    expect(fresh.version).toBe(newVersion);
    expect(await engine.isActive(running.processInstanceId)).toBe(true);
    const stored = await db('process_versions')
      .where({ bpmn_process_id: 'samverkan-case', version: newVersion })
      .first();
    expect(stored.xml).toContain(`name="${newName}"`);
    expect(errors).toEqual([]);
    await page.close();
    // the engine's newest samverkan-case is the repository file again (later tiers and runs start from it)
    expect((await deployViaApi(repoXml, 'Tillbaka till processes/')).status).toBe(201);
  });

  test('when the processägare selects a user task, then the Camunda Platform properties panel shows its assignment and linked form', async () => {
    // given
    const { page, errors } = await pageWithErrors(context);
    await login(page, app.baseUrl, 'processagare');
    await page.goto(`${app.baseUrl}/modeler?id=samverkan-case`);
    await page.waitForSelector('body[data-ready="true"]');
    // when
    await page.locator('.djs-element[data-element-id="UserTask_DecideBeredning"]').click();
    await page.locator('.bio-properties-panel-group-header', { hasText: 'Tilldelning' }).click();
    await page.locator('.bio-properties-panel-group-header', { hasText: 'Formulär' }).click();
    // then
    const groups = await page.locator('#mdl-properties .bio-properties-panel-group-header-title').allTextContents();
    expect(groups).toEqual(expect.arrayContaining(['Tilldelning', 'Formulär', 'Indata', 'Uppgiftslyssnare']));
    expect(await page.locator('#mdl-properties .bio-properties-panel-header-type').textContent()).toBe(
      'Användaruppgift',
    );
    expect(await page.inputValue('#bio-properties-panel-candidateGroups')).toBe('beredning-${beredningGroup}');
    expect(await page.inputValue('#bio-properties-panel-formRef')).toBe('beredning-decision');
    expect(await page.inputValue('#bio-properties-panel-formRefBinding')).toBe('deployment');
    // ... and the process shows its history time to live
    const canvas = (await page.locator('#mdl-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height - 40); // empty canvas: the process
    await page.locator('.bio-properties-panel-group-header', { hasText: 'Historikrensning' }).click();
    expect(await page.inputValue('#bio-properties-panel-historyTimeToLive')).toMatch(/^\d+$/);
    await screenshot(page, 'modeler-06-properties-panel');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('when a processägare opens each model in processes/, then the editor lints it like lint:bpmn (no errors) without console errors', async () => {
    // given
    const { page, errors } = await pageWithErrors(context);
    await login(page, app.baseUrl, 'processagare');
    const ids = readdirSync(path.join(ROOT, 'processes'))
      .filter((f) => f.endsWith('.bpmn'))
      .map((f) => f.slice(0, -5));
    for (const id of ids) {
      // when
      await page.goto(`${app.baseUrl}/modeler?id=${id}`);
      await page.waitForSelector('body[data-ready="true"]');
      // then
      const findings = await page.locator('#mdl-lint-list li.mdl-finding-error').allTextContents();
      expect({ id, findings }).toEqual({ id, findings: [] });
      expect(await page.getAttribute('body', 'data-lint')).toBe('ok');
    }
    await screenshot(page, 'modeler-04-repository-model');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('when a processägare opens a model, then the page has the app menu and logout, the whole diagram fits beside the palette, and the palette, context pad, replace menu and properties panel show no English library text', async () => {
    // given
    const english = bpmnLibraryTexts();
    const { page, errors } = await pageWithErrors(context);
    await login(page, app.baseUrl, 'processagare');
    // when
    await page.goto(`${app.baseUrl}/modeler?id=samverkan-case`);
    await page.waitForSelector('body[data-ready="true"]');
    // then: the app's layout
    expect(await page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('/modeler');
    expect(await page.getByRole('button', { name: 'Logga ut' }).isVisible()).toBe(true);
    expect(await page.locator('link[href="/static/app.css"]').count()).toBe(1);
    // ... every shape is inside the canvas and right of the palette
    const canvasBox = (await page.locator('#mdl-canvas').boundingBox())!;
    const paletteBox = (await page.locator('#mdl-canvas .djs-palette').boundingBox())!;
    const shapes = await page
      .locator('#mdl-canvas .djs-shape:not(.djs-frame) .djs-visual')
      .evaluateAll((els) =>
        els
          .map((e) => e.getBoundingClientRect())
          .map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })),
      );
    expect(shapes.length).toBeGreaterThan(10);
    const outside = shapes.filter(
      (r) =>
        r.left < paletteBox.x + paletteBox.width ||
        r.right > canvasBox.x + canvasBox.width + 1 ||
        r.top < canvasBox.y - 1 ||
        r.bottom > canvasBox.y + canvasBox.height + 1,
    );
    expect(outside).toEqual([]);
    await screenshot(page, 'modeler-07-fit');
    expect(await axeViolations(page)).toEqual([]);

    // ... the palette and its tooltips
    expect(await englishTextsOnPage(page, english, '#mdl-canvas .djs-palette')).toEqual([]);
    expect(await page.locator('.djs-palette [data-action="create.start-event"]').getAttribute('aria-label')).toBe(
      'Skapa starthändelse',
    );
    // ... the context pad and the replace menu of a task
    await page.locator('.djs-element[data-element-id="Task_CheckCriteria"]').click();
    await page.locator('.djs-context-pad [data-action="replace"]').waitFor();
    expect(await englishTextsOnPage(page, english, '.djs-context-pad')).toEqual([]);
    expect(
      await page
        .locator('.djs-context-pad [data-action="append.append-task"]')
        .getAttribute('aria-label')
        .then(
          async (a) => a ?? page.locator('.djs-context-pad [data-action="append.append-task"]').getAttribute('title'),
        ),
    ).toBe('Lägg till uppgift');
    await page.locator('.djs-context-pad [data-action="replace"]').click();
    await page.locator('.djs-popup').waitFor();
    expect(await englishTextsOnPage(page, english, '.djs-popup')).toEqual([]);
    expect(await page.locator('.djs-popup').textContent()).toContain('Användaruppgift');
    await screenshot(page, 'modeler-08-replace-menu');
    await page.keyboard.press('Escape');
    // ... the properties panel on several element types, every group opened
    for (const id of [
      'Task_CheckCriteria',
      'UserTask_DecideBeredning',
      'Gateway_CriteriaMet',
      'SequenceFlow_CriteriaMetYes',
      'BoundaryEvent_FollowUpOverdue',
    ]) {
      await page.evaluate((elementId) => {
        const w = window as unknown as {
          __modeler?: { get(s: string): { get(id: string): unknown; select(e: unknown): void } };
        };
        const m = w.__modeler!;
        m.get('selection').select(m.get('elementRegistry').get(elementId));
      }, id);
      await page.locator(`#mdl-properties .bio-properties-panel-header-label`).first().waitFor();
      const closed = page.locator('#mdl-properties .bio-properties-panel-group-header:not(.open)');
      for (let left = await closed.count(); left > 0; left--) await closed.first().click();
      expect({ id, english: await englishTextsOnPage(page, english, '#mdl-properties') }).toEqual({ id, english: [] });
    }
    await screenshot(page, 'modeler-09-properties-sv');
    // and no text passed through translate() lacked a Swedish version
    expect(
      await page.evaluate(() => (window as unknown as { __untranslated?: string[] }).__untranslated ?? []),
    ).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('when the opened model is the deployed version or empty, then the page does not say it can be deployed; when the processägare cancels the confirmation, then nothing is deployed', async () => {
    // given: the fixture deployed as the latest version
    const deployed = await deployViaApi(
      FIXTURE.replace('name="Granska ärende"', `name="Oförändrad ${Date.now().toString(36)}"`),
      'Oförändrad',
    );
    expect(deployed.status).toBe(201);
    const page = await context.newPage();
    await login(page, app.baseUrl, 'processagare');
    // when: the latest version is opened unchanged
    await page.goto(`${app.baseUrl}/modeler?id=${PROCESS_ID}&version=${deployed.version}`);
    await page.waitForSelector('body[data-ready="true"]');
    // then
    expect(await page.locator('#mdl-lint-summary').textContent()).toContain(
      `Ingen ändring mot version ${deployed.version}`,
    );
    expect(await page.locator('#mdl-lint-summary').textContent()).not.toContain('kan driftsättas.');
    expect(await page.isDisabled('#mdl-deploy-button')).toBe(true);

    // when: the task is renamed, deploy is offered; the processägare opens the confirmation and cancels
    await renameTask(page, 'Granska igen');
    await page.waitForSelector('body[data-deployable="true"]');
    await page.fill('#mdl-deploy-comment', 'Avbryts');
    await page.click('#mdl-deploy-button');
    await page.locator('#mdl-confirm .mdl-confirm-counts').waitFor();
    await page.click('#mdl-confirm-cancel');
    await page.locator('#mdl-deploy-status', { hasText: 'Driftsättningen avbröts' }).waitFor();
    // then the engine has no new version
    const [latest] = await engine.processDefinitions({ key: PROCESS_ID, latestVersion: true });
    expect(latest!.version).toBe(deployed.version);

    // when: a new, empty process is created
    await page.fill('#mdl-new-process-id', `tom-${Date.now().toString(36)}`);
    await page.getByRole('button', { name: 'Skapa' }).first().click();
    await page.waitForFunction(() => document.getElementById('mdl-current')?.textContent?.startsWith('tom-'));
    await page.locator('#mdl-lint-summary', { hasText: /tom|fel/ }).waitFor();
    // then
    expect(await page.locator('#mdl-lint-summary').textContent()).not.toContain('Modellen kan driftsättas.');
    expect(await page.isDisabled('#mdl-deploy-button')).toBe(true);
    await screenshot(page, 'modeler-10-empty');
    await page.close();
  });

  test('when the processägare opens the forms tab, creates a form, drags a field in, opens forms and selects a field of each type, and searches the palette, then the form editor shows no English library text', async () => {
    // given
    const english = [...formJsEditorLibraryTexts(), ...formJsLibraryTexts()];
    const { page, errors } = await pageWithErrors(context);
    await login(page, app.baseUrl, 'processagare');
    await page.goto(`${app.baseUrl}/modeler?id=samverkan-case`);
    await page.waitForSelector('body[data-ready="true"]');
    const editor = page.locator('#mdl-form-editor');

    // when: the forms tab is opened and a new, empty form is created
    await page.click('#mdl-tab-forms');
    await page.fill('#mdl-new-form-id', `tomt-formular-${Date.now().toString(36)}`);
    await page.locator('#mdl-new-form-form button[type="submit"]').click();
    await editor.locator('.fjs-empty-editor').waitFor();
    // then the palette and the empty canvas are Swedish
    expect(await englishTextsOnPage(page, english, '#mdl-form-editor')).toEqual([]);
    expect(await editor.locator('.fjs-palette-header').textContent()).toBe('Komponenter');
    expect(await editor.locator('.fjs-palette-search').getAttribute('placeholder')).toBe('Sök komponenter');
    expect(await editor.locator('.fjs-palette-group-title').allTextContents()).toEqual(
      expect.arrayContaining(['Inmatning', 'Val', 'Presentation', 'Behållare', 'Åtgärd']),
    );
    expect(await editor.locator('.fjs-palette-field-text').allTextContents()).toEqual(
      expect.arrayContaining(['Textfält', 'Kryssruta', 'Datum och tid', 'Enkelval', 'Knapp']),
    );
    expect(await editor.locator('.fjs-empty-editor').textContent()).toContain('Bygg ditt formulär');
    await screenshot(page, 'modeler-11-form-editor-empty');

    // when: a text field is dragged from the palette onto the empty form
    const textfield = editor.locator('.fjs-palette-field[data-field-type="textfield"]');
    expect(await textfield.getAttribute('title')).toBe('Skapa textfält');
    const source = (await textfield.boundingBox())!;
    const target = (await editor.locator('.fjs-empty-editor').boundingBox())!;
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 10 });
    await page.mouse.move(target.x + target.width / 2, target.y + 20, { steps: 5 });
    await page.mouse.up();
    // then the new field has a Swedish label and a Swedish remove button, and the properties panel shows it
    const added = editor.locator('.fjs-form-field-textfield');
    await added.waitFor();
    expect(await added.locator('label').textContent()).toBe('Textfält');
    expect(await editor.locator('.fjs-context-pad button').first().getAttribute('title')).toBe('Ta bort textfält');
    expect(await editor.locator('.bio-properties-panel-header-type').textContent()).toBe('Textfält');
    expect(await englishTextsOnPage(page, english, '#mdl-form-editor')).toEqual([]);

    // when: forms from forms/ are opened and a field of each type in them is selected, every properties group opened
    const seen = new Set<string>();
    for (const formId of ['samverkansplan', 'beredning-decision', 'uppfoljning']) {
      type Component = { id: string; type: string; components?: Component[] };
      const walk = (cs: Component[]): Component[] => cs.flatMap((c) => [c, ...walk(c.components ?? [])]);
      const schema = JSON.parse(readFileSync(path.join(ROOT, 'forms', `${formId}.form`), 'utf8')) as Component;
      const picked = walk(schema.components!).filter((c) => !seen.has(c.type) && seen.add(c.type));
      if (formId === 'uppfoljning') picked.push(walk(schema.components!).find((c) => c.type === 'radio')!);
      await page.locator(`#mdl-forms li[data-form-id="${formId}"] button`).click();
      await page.locator('#mdl-form-current', { hasText: formId }).waitFor();
      for (const { id, type } of picked) {
        // the top left corner: a container's own frame, not a field inside it
        await editor.locator(`.fjs-element[data-id="${id}"]`).click({ position: { x: 4, y: 4 } });
        await editor.locator(`.fjs-properties-panel[data-field="${id}"]`).waitFor();
        const closed = editor.locator('.bio-properties-panel-group-header:not(.open)');
        for (let left = await closed.count(); left > 0; left--) await closed.first().click();
        // then
        expect({ type, english: await englishTextsOnPage(page, english, '#mdl-form-editor') }).toEqual({
          type,
          english: [],
        });
      }
    }
    expect([...seen]).toEqual(expect.arrayContaining(['textfield', 'select', 'checklist', 'dynamiclist', 'radio']));
    const groups = await editor.locator('.bio-properties-panel-group-header-title').allTextContents();
    expect(groups).toEqual(expect.arrayContaining(['Allmänt', 'Validering']));
    const labels = await editor.locator('.bio-properties-panel-label').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Etikett', 'Nyckel', 'Obligatorisk']));
    expect(await editor.locator('.bio-properties-panel-header-type').textContent()).toBe('Enkelval');
    expect(await axeViolations(page)).toEqual([]);
    await editor.locator('.bio-properties-panel-scroll-container').evaluate((e) => e.scrollTo(0, 0));
    await screenshot(page, 'modeler-12-form-editor-properties');

    // when: the palette is searched, without and with hits
    await editor.locator('.fjs-palette-search').fill('zzz');
    await editor.locator('.fjs-palette-no-entries').waitFor();
    // then
    expect(await editor.locator('.fjs-palette-no-entries').textContent()).toBe('Inga komponenter hittades.');
    expect(await editor.locator('.fjs-palette-search-clear').getAttribute('title')).toBe('Töm sökfältet');
    await editor.locator('.fjs-palette-search').fill('text');
    await editor.locator('.fjs-palette-field').first().waitFor();
    expect(await englishTextsOnPage(page, english, '#mdl-form-editor')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('when a handläggare opens /modeler in the browser, then the page is refused with 403', async () => {
    const page = await context
      .browser()!
      .newContext()
      .then((c) => c.newPage());
    await login(page, app.baseUrl, 'af.handlaggare');
    const res = await page.goto(`${app.baseUrl}/modeler`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Ingen behörighet');
    await page.context().close();
  });
});
