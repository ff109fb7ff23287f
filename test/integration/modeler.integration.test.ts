import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureModelerBuilt } from '../../modeler/build.mjs';
import { ROOT } from '../../src/paths.js';
import { connect } from '../support/harness.js';
import { startApp, WebClient } from './support/webClient.js';

const FIXTURE = readFileSync(path.join(ROOT, 'test/fixtures/modeler-review.bpmn'), 'utf8');
const PROCESS_ID = 'modeler-review';
/** The fixture with the review task renamed, so each deploy is a new engine version (the engine outlives a test run). */
const renamed = (name: string) => FIXTURE.replace('name="Granska ärende"', `name="${name}"`);
const unique = () => `Granska ärende ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('modeler API', () => {
  const { engine, db, close } = connect();
  let app: Awaited<ReturnType<typeof startApp>>;
  let owner: WebClient;
  let ownerToken: string;

  const postDeploy = (web: WebClient, token: string, body: unknown) =>
    web.request('/api/modeler/deploy', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token }, body: JSON.stringify(body) });

  beforeAll(async () => {
    await ensureModelerBuilt();
    app = await startApp({ db, engine });
    owner = new WebClient(app.baseUrl);
    await owner.login('processagare');
    ownerToken = await owner.csrfFrom('/modeler');
  });
  afterAll(async () => {
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

  test('when a processägare deploys a model, then the engine version and who/when/why are stored and listed', async () => {
    // given
    const xml = renamed(unique());
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Första versionen' });
    // then
    expect(res.status).toBe(201);
    const body = (await res.json()) as { processId: string; version: number; processDefinitionKey: string };
    expect(body).toMatchObject({ processId: PROCESS_ID, unchanged: false });
    const row = await db('process_versions').where({ bpmn_process_id: PROCESS_ID, version: body.version }).first();
    expect(row).toMatchObject({ deployed_by: 'processagare', comment: 'Första versionen', xml, process_definition_key: body.processDefinitionKey });
    const started = await engine.startProcess(PROCESS_ID, {});
    expect(started.version).toBe(body.version);
    await engine.cancelProcessInstance(started.processInstanceKey);

    const list = (await (await owner.request('/api/modeler/models', { headers: { accept: 'application/json' } })).json()) as {
      processes: { id: string; versions: { version: number; deployedBy: string; comment: string; runningInstances: number | null }[] }[];
    };
    const entry = list.processes.find((p) => p.id === PROCESS_ID)!;
    expect(entry.versions[0]).toMatchObject({ version: body.version, deployedBy: 'processagare', comment: 'Första versionen', runningInstances: 0 });
    const stored = (await (await owner.request(`/api/modeler/models/${PROCESS_ID}?version=${body.version}`)).json()) as { xml: string };
    expect(stored.xml).toBe(xml);
  });

  test('when the same model is deployed again, then the engine keeps the version and the history has one row', async () => {
    // given
    const xml = renamed(unique());
    const first = (await (await postDeploy(owner, ownerToken, { xml, comment: 'Version A' })).json()) as { version: number };
    // when
    const again = await postDeploy(owner, ownerToken, { xml, comment: 'Samma igen' });
    // then
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: first.version, unchanged: true });
    expect(await db('process_versions').where({ bpmn_process_id: PROCESS_ID, version: first.version }).pluck('comment')).toEqual(['Version A']);
  });

  test('when two versions differ by a renamed task, then the diff shows the old and the new name side by side and export downloads the file', async () => {
    // given
    const a = (await (await postDeploy(owner, ownerToken, { xml: renamed('Granska remiss A'), comment: 'A' })).json()) as { version: number };
    const b = (await (await postDeploy(owner, ownerToken, { xml: renamed('Granska remiss B'), comment: 'B' })).json()) as { version: number };
    // when
    const diff = (await (await owner.request(`/api/modeler/diff?id=${PROCESS_ID}&a=${a.version}&b=${b.version}`)).json()) as {
      rows: { kind: string; left: { text: string } | null; right: { text: string } | null }[];
    };
    // then
    const changed = diff.rows.filter((r) => r.kind !== 'same');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.left!.text).toContain('Granska remiss A');
    expect(changed[0]!.right!.text).toContain('Granska remiss B');

    const exported = await owner.request(`/api/modeler/models/${PROCESS_ID}/export?version=${b.version}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`${PROCESS_ID}.bpmn`);
    expect(await exported.text()).toContain('Granska remiss B');
  });

  test('when the export command runs for a deployed version, then it writes <id>.bpmn in repository format that passes lint', async () => {
    // given
    const name = unique();
    const { version } = (await (await postDeploy(owner, ownerToken, { xml: renamed(name), comment: 'Export' })).json()) as { version: number };
    const out = mkdtempSync(path.join(os.tmpdir(), 'modeler-export-'));
    try {
      // when
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/export-model.ts', PROCESS_ID, String(version), '--out', out], { cwd: ROOT, encoding: 'utf8', env: process.env });
      // then
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`version ${version}`);
      expect(readFileSync(path.join(out, `${PROCESS_ID}.bpmn`), 'utf8')).toBe(renamed(name));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('when a model is deployed with a form it links, then both are deployed together and the task projection knows the new version', async () => {
    // given
    const name = unique();
    const formId = 'modeler-review-form';
    const xml = renamed(name).replace(
      '<zeebe:assignmentDefinition candidateGroups="samordnare" />',
      `<zeebe:assignmentDefinition candidateGroups="samordnare" />\n        <zeebe:formDefinition formId="${formId}" />`,
    );
    const schema = { id: formId, type: 'default', components: [{ id: 'Field_Note', type: 'textfield', key: 'note', label: 'Anteckning' }] };
    // when
    const res = await postDeploy(owner, ownerToken, { xml, comment: 'Med formulär', forms: [{ id: formId, schema }] });
    // then
    expect(res.status).toBe(201);
    const body = (await res.json()) as { version: number; forms: { id: string; version: number }[] };
    expect(body.forms).toEqual([expect.objectContaining({ id: formId })]);
    const element = await db('deployed_process_elements').where({ bpmn_process_id: PROCESS_ID, version: body.version, element_id: 'Task_ReviewCase' }).first();
    expect(element).toMatchObject({ element_name: name, form_id: formId });
  });

  test('when a deployed form\'s content id differs from its id, then the deploy is refused in Swedish', async () => {
    const res = await postDeploy(owner, ownerToken, { xml: renamed(unique()), comment: 'Fel formulär', forms: [{ id: 'modeler-review-form', schema: { id: 'annat-id', components: [] } }] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toContain('de måste vara lika');
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
    expect(body.findings).toContainEqual(expect.objectContaining({ id: 'Task_ReviewCase', rule: 'label-required', message: 'Task_ReviewCase: Elementet saknar namn.' }));
    expect(await db('process_versions').count<{ count: string }[]>({ count: '*' })).toEqual(before);
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
