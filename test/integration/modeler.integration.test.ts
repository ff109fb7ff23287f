import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ensureModelerBuilt } from '../../modeler/build.mjs';
import { ROOT } from '../../src/paths.js';
import { connect, eventually, uniqueCaseId } from '../support/harness.js';
import { startApp, WebClient } from './support/webClient.js';

// test/fixtures/modeler-deploy.bpmn: one user task (Task_ReviewCase) linking forms/uppfoljning.form with binding
// "deployment", so every deploy carries that form (from forms/ unless the request edits it).
const FIXTURE = readFileSync(path.join(ROOT, 'test/fixtures/modeler-deploy.bpmn'), 'utf8');
const PROCESS_ID = 'modeler-deploy';
const FORM_ID = 'uppfoljning';
/** The fixture with the review task renamed, so each deploy is a new engine version (the engine outlives a test run). */
const renamed = (name: string) => FIXTURE.replace('name="Granska ärende"', `name="${name}"`);
const unique = () => `Granska ärende ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('modeler API', () => {
  const { engine, db, close } = connect();
  let app: Awaited<ReturnType<typeof startApp>>;
  let owner: WebClient;
  let ownerToken: string;
  const started: string[] = [];

  const postDeploy = (web: WebClient, token: string, body: unknown) =>
    web.request('/api/modeler/deploy', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
      body: JSON.stringify(body),
    });
  const start = async () => {
    const instance = await engine.startProcess(PROCESS_ID, { businessKey: uniqueCaseId('MDL'), variables: {} });
    started.push(instance.processInstanceId);
    return instance;
  };
  const catalogue = async () =>
    (await (await owner.request('/api/modeler/models', { headers: { accept: 'application/json' } })).json()) as {
      processes: {
        id: string;
        versions: {
          version: number;
          processDefinitionId: string;
          deployedBy: string;
          comment: string;
          runningInstances: number | null;
        }[];
      }[];
      runningInstancesBasis: string;
    };

  beforeAll(async () => {
    await ensureModelerBuilt();
    app = await startApp({ db, engine });
    owner = new WebClient(app.baseUrl);
    await owner.login('processagare');
    ownerToken = await owner.csrfFrom('/modeler');
  });
  afterAll(async () => {
    for (const id of started) await engine.cancelProcessInstance(id, 'test cleanup').catch(() => undefined);
    await app.close();
    await close();
  });

  test('when a processägare opens /modeler, then the Swedish page loads the bundled modeler', async () => {
    // when
    const res = await owner.request('/modeler');
    // then
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="sv"');
    expect(html).toContain('Processer och formulär');
    expect(html).toContain('src="/modeler/assets/modeler.js"');
    const js = await owner.request('/modeler/assets/modeler.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  test('when a processägare deploys a model, then the engine version and who/when/why are stored, and the list counts its running instances from the engine', async () => {
    // given
    const xml = renamed(unique());
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Första versionen' });
    // then
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      processId: string;
      version: number;
      processDefinitionId: string;
      forms: { id: string }[];
    };
    expect(body).toMatchObject({ processId: PROCESS_ID, unchanged: false, forms: [{ id: FORM_ID }] });
    const row = await db('process_versions').where({ bpmn_process_id: PROCESS_ID, version: body.version }).first();
    expect(row).toMatchObject({
      deployed_by: 'processagare',
      comment: 'Första versionen',
      xml,
      process_definition_id: body.processDefinitionId,
    });
    const instance = await start();
    expect(instance).toMatchObject({ processDefinitionId: body.processDefinitionId, version: body.version });

    const list = await catalogue();
    expect(list.runningInstancesBasis).toBe('engine');
    expect(list.processes.find((p) => p.id === PROCESS_ID)!.versions[0]).toMatchObject({
      version: body.version,
      deployedBy: 'processagare',
      comment: 'Första versionen',
      runningInstances: 1,
    });
    await engine.cancelProcessInstance(instance.processInstanceId, 'test');
    expect((await catalogue()).processes.find((p) => p.id === PROCESS_ID)!.versions[0]!.runningInstances).toBe(0);
    const stored = (await (
      await owner.request(`/api/modeler/models/${PROCESS_ID}?version=${body.version}`)
    ).json()) as { xml: string };
    expect(stored.xml).toBe(xml);
  });

  test('when the same model is deployed again, then the engine keeps the version and the history has one row', async () => {
    // given
    const xml = renamed(unique());
    const first = (await (await postDeploy(owner, ownerToken, { xml, comment: 'Version A' })).json()) as {
      version: number;
    };
    // when
    const again = await postDeploy(owner, ownerToken, { xml, comment: 'Samma igen' });
    // then
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: first.version, unchanged: true });
    expect(
      await db('process_versions').where({ bpmn_process_id: PROCESS_ID, version: first.version }).pluck('comment'),
    ).toEqual(['Version A']);
  });

  test('when two versions differ by a renamed task, then the diff names that task as changed in its name and export downloads the file', async () => {
    // given
    const a = (await (
      await postDeploy(owner, ownerToken, { xml: renamed(`Granska remiss A ${unique()}`), comment: 'A' })
    ).json()) as { version: number };
    const b = (await (
      await postDeploy(owner, ownerToken, { xml: renamed(`Granska remiss B ${unique()}`), comment: 'B' })
    ).json()) as { version: number };
    // when
    const { diff } = (await (
      await owner.request(`/api/modeler/diff?id=${PROCESS_ID}&a=${a.version}&b=${b.version}`)
    ).json()) as {
      diff: {
        added: unknown[];
        removed: unknown[];
        moved: unknown[];
        changed: { id: string; changes: { attribute: string; before: string; after: string }[] }[];
      };
    };
    // then
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.map((c) => c.id)).toEqual(['Task_ReviewCase']);
    expect(diff.changed[0]!.changes).toEqual([
      {
        attribute: 'name',
        before: expect.stringContaining('Granska remiss A'),
        after: expect.stringContaining('Granska remiss B'),
      },
    ]);

    const exported = await owner.request(`/api/modeler/models/${PROCESS_ID}/export?version=${b.version}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`${PROCESS_ID}.bpmn`);
    expect(await exported.text()).toContain('Granska remiss B');
  });

  test("when the processägare asks what a deploy would do, then the answer has the change against the engine's latest version and its running instances, and an unchanged model cannot be deployed", async () => {
    // given: a deployed version with one running instance
    const base = (await (await postDeploy(owner, ownerToken, { xml: renamed(unique()), comment: 'Bas' })).json()) as {
      version: number;
    };
    const baseXml = (await db('process_versions').where({ bpmn_process_id: PROCESS_ID, version: base.version }).first())
      .xml as string;
    await start();
    const preview = async (xml: string) => {
      const res = await owner.request('/api/modeler/deploy/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': ownerToken },
        body: JSON.stringify({ xml }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        latestVersion: number;
        runningInstances: number;
        canDeploy: boolean;
        empty: boolean;
        diff: { identical: boolean; changed: { id: string }[] };
      };
    };
    // when: the same model
    const same = await preview(baseXml);
    // then
    expect(same).toMatchObject({
      latestVersion: base.version,
      canDeploy: false,
      empty: false,
      diff: { identical: true },
    });
    // when: a renamed task
    const changed = await preview(baseXml.replace(/name="Granska ärende [^"]*"/, 'name="Granska förhandsvisning"'));
    // then: the running instances are the engine's count for the process
    expect(changed).toMatchObject({
      latestVersion: base.version,
      canDeploy: true,
      diff: { identical: false, changed: [{ id: 'Task_ReviewCase' }] },
    });
    expect(changed.runningInstances).toBe(await engine.countProcessInstances({ processDefinitionKey: PROCESS_ID }));
    expect(changed.runningInstances).toBeGreaterThanOrEqual(1);
    // and nothing was deployed by asking
    expect((await engine.processDefinitions({ key: PROCESS_ID, latestVersion: true }))[0]!.version).toBe(base.version);
  });

  test('when the export command runs for a deployed version, then it writes <id>.bpmn in repository format that passes lint', async () => {
    // given
    const name = unique();
    const { version } = (await (
      await postDeploy(owner, ownerToken, { xml: renamed(name), comment: 'Export' })
    ).json()) as { version: number };
    const out = mkdtempSync(path.join(os.tmpdir(), 'modeler-export-'));
    try {
      // when
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/export-model.ts', PROCESS_ID, String(version), '--out', out],
        { cwd: ROOT, encoding: 'utf8', env: process.env },
      );
      // then
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`version ${version}`);
      expect(readFileSync(path.join(out, `${PROCESS_ID}.bpmn`), 'utf8')).toBe(renamed(name));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("when a model is deployed with an edited form it links, then that version's user task shows the edited form", async () => {
    // given: forms/uppfoljning.form edited in the modeler
    const schema = {
      ...(JSON.parse(readFileSync(path.join(ROOT, 'forms', `${FORM_ID}.form`), 'utf8')) as Record<string, unknown>),
      components: [{ id: 'Field_Note', type: 'textfield', key: 'note', label: `Anteckning ${unique()}` }],
    };
    // when
    const res = await postDeploy(owner, ownerToken, {
      xml: renamed(unique()),
      comment: 'Med ändrat formulär',
      forms: [{ id: FORM_ID, schema }],
    });
    // then
    expect(res.status).toBe(201);
    const body = (await res.json()) as { version: number; forms: { id: string }[] };
    expect(body.forms).toEqual([{ id: FORM_ID }]);
    const instance = await start();
    expect(instance.version).toBe(body.version);
    const [task] = await eventually(
      async () => {
        const tasks = await engine.tasks({ processInstanceId: instance.processInstanceId });
        return tasks.length ? tasks : undefined;
      },
      { what: 'review task' },
    );
    expect(task!.taskDefinitionKey).toBe('Task_ReviewCase');
    expect(await engine.taskForm(task!.id)).toMatchObject({ id: FORM_ID, components: schema.components });
  });

  test("when a deployed form's content id differs from its id, then the deploy is refused in Swedish", async () => {
    const res = await postDeploy(owner, ownerToken, {
      xml: renamed(unique()),
      comment: 'Fel formulär',
      forms: [{ id: FORM_ID, schema: { id: 'annat-id', components: [] } }],
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toContain('de måste vara lika');
  });

  test('when the model links a form that exists neither in forms/ nor in the request, then the deploy is refused in Swedish and nothing is stored', async () => {
    // given
    const xml = renamed(unique()).replace(`camunda:formRef="${FORM_ID}"`, 'camunda:formRef="finns-inte"');
    const before = await db('process_versions').count<{ count: string }[]>({ count: '*' });
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Saknat formulär' });
    // then
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toBe(
      'Modellen länkar formulär som inte finns: finns-inte. Skapa dem under Formulär eller rätta formulär-id:t.',
    );
    expect(await db('process_versions').count<{ count: string }[]>({ count: '*' })).toEqual(before);
  });

  test('when the model breaks a lint rule, then the deploy is refused with 422 and a Swedish message, and nothing is stored', async () => {
    // given: the user task has lost its name (bpmnlint label-required)
    const xml = FIXTURE.replace(' name="Granska ärende"', '');
    const before = await db('process_versions').count<{ count: string }[]>({ count: '*' });
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Trasig' });
    // then
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; findings: { id: string; rule: string; message: string }[] };
    expect(body.error).toBe('Modellen har fel som måste rättas innan den kan driftsättas.');
    expect(body.findings).toContainEqual(
      expect.objectContaining({
        id: 'Task_ReviewCase',
        rule: 'label-required',
        message: 'Task_ReviewCase: Elementet saknar namn.',
      }),
    );
    expect(await db('process_versions').count<{ count: string }[]>({ count: '*' })).toEqual(before);
  });

  test("when the model carries another engine's settings, then the project rules refuse it before the engine sees it", async () => {
    // given: another engine's assignment and a FEEL '=' expression, as a model from another tool would carry them
    const xml = renamed(unique())
      .replace('xmlns:modeler=', 'xmlns:activiti="http://activiti.org/bpmn" xmlns:modeler=')
      .replace(
        'camunda:candidateGroups="samordnare">',
        'camunda:candidateGroups="=group">\n      <bpmn:extensionElements><activiti:field name="candidateGroups" stringValue="samordnare" /></bpmn:extensionElements>',
      );
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Gammal dialekt' });
    // then
    expect(res.status).toBe(422);
    const { findings } = (await res.json()) as { findings: { id: string; rule: string; message: string }[] };
    expect(findings.map((f) => f.rule).sort()).toEqual(['samverkan/known-extensions', 'samverkan/no-leading-equals']);
    expect(findings.every((f) => f.id === 'Task_ReviewCase' && f.message.startsWith('"Granska ärende'))).toBe(true);
  });

  test("when the engine refuses a model that passed lint, then the deploy answers 422 with the engine's reason", async () => {
    // given: a JUEL expression the engine cannot parse (lint does not parse JUEL)
    const xml = renamed(unique()).replace(
      'camunda:candidateGroups="samordnare"',
      'camunda:candidateGroups="${samordnare ==}"',
    );
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Trasigt uttryck' });
    // then
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Motorn nekade driftsättningen: .+/);
  });

  test('when the deploy has no comment, then it is refused with a Swedish message', async () => {
    const res = await postDeploy(owner, ownerToken, { xml: FIXTURE, comment: ' ' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'Skriv en kommentar om vad som ändrats.' });
  });

  test('when a handläggare opens the modeler or calls its API, then the answer is 403', async () => {
    // given
    const clerk = new WebClient(app.baseUrl);
    await clerk.login('af.handlaggare');
    const token = await clerk.csrfFrom('/uppgifter');
    // when
    const page = await clerk.request('/modeler');
    const deploy = await postDeploy(clerk, token, { xml: renamed(unique()), comment: 'Obehörig' });
    const models = await clerk.request('/api/modeler/models', { headers: { accept: 'application/json' } });
    // then
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Ingen behörighet');
    expect(deploy.status).toBe(403);
    expect(await deploy.json()).toMatchObject({ error: 'Du har inte behörighet till den här sidan.' });
    expect(models.status).toBe(403);
    expect(await db('process_versions').where({ comment: 'Obehörig' }).first()).toBeUndefined();
  });
});
