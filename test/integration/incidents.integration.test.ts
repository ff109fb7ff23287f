import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/client.js';
import { ROOT } from '../../src/paths.js';
import { updateCase } from '../../src/repositories/cases.js';
import { deployProcess } from '../../src/services/deployment.js';
import { workSv } from '../../src/ui/caseworkTexts.sv.js';
import { escapeHtml } from '../../src/views/html.js';
import { seedCase } from '../support/caseFixtures.js';
import { eventually, uniqueCaseId } from '../support/harness.js';
import { useApp } from './support/useApp.js';
import { WebClient } from './support/webClient.js';

// Incidents made for real: a one-step fixture process (test/fixtures/incidents-failing-step.bpmn) started with the
// case id as business key, its external task failed with retries 0 through the engine client, as runJob does.

const PROCESS_ID = 'incidents-failing-step';
const TOPIC = 'incidents-failing-step';
const STEP_NAME = 'Skicka besked till parterna';
const WORKER_ID = 'incidents-integration-test';
const TEMPLATE_MESSAGE =
  'send-notification: Okänd eller saknad header template / unknown or missing header template: null; expected one of a, b';

const retryPath = (caseId: string, incidentId: string) =>
  `/arenden/${caseId}/incidenter/${encodeURIComponent(incidentId)}/forsok-igen`;
const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
const flash = (page: string) => /<div class="flash" role="status">([^<]*)<\/div>/.exec(page)?.[1];
const text = (s: string) => escapeHtml(s);

/** The external task's retries as the engine reports them. */
async function externalTaskRetries(id: string): Promise<number | null> {
  const task = await Engine.fromConfig(parseConfig()).externalTask(id);
  if (!task) throw new Error(`external task ${id} not found`);
  return task.retries;
}

describe('incidents', () => {
  const instances: string[] = [];
  const app = useApp({
    async setup({ db, engine }) {
      // isolation: the test engine outlives runs; stop leftover instances of the fixture one at a time
      for (const i of await engine.processInstances({ processDefinitionKey: PROCESS_ID }))
        await engine.cancelProcessInstance(i.id, 'test clean-up');
      await deployProcess(db, engine, {
        processId: PROCESS_ID,
        bpmn: readFileSync(path.join(ROOT, 'test/fixtures', `${PROCESS_ID}.bpmn`)),
        deployedBy: 'test',
        comment: null,
      });
    },
    async teardown({ engine }) {
      for (const id of instances) await engine.cancelProcessInstance(id, 'test clean-up').catch(() => undefined);
    },
  });
  const { engine, db } = app;

  /** A samverkan case referred by psykiatri with AF as ärendebärare; FK and the förbund are parties too. */
  async function givenCase() {
    const caseId = await seedCase(db, {
      caseId: uniqueCaseId('SV'),
      person: { folkbokfordKommun: 'umea' },
      case: { referringOrg: 'region-psykiatri', referringUser: 'psykiatri.handlaggare' },
      consent: {
        parties: ['region-psykiatri', 'af', 'fk', 'forbundet'],
        dataCategories: ['planering'],
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        textVersion: 'v1',
      },
    });
    await updateCase(db, caseId, { arendebarare_org: 'af' });
    return caseId;
  }

  /** Starts the fixture for the case and fails its one external task with retries 0: an incident. */
  async function givenIncident(caseId: string, errorMessage = TEMPLATE_MESSAGE) {
    const started = await engine.startProcess(PROCESS_ID, { businessKey: caseId, variables: { caseId } });
    instances.push(started.processInstanceId);
    const task = await eventually(
      async () => {
        const locked = await engine.fetchAndLock({
          workerId: WORKER_ID,
          maxTasks: 10,
          asyncResponseTimeout: 1_000,
          topics: [{ topicName: TOPIC, lockDuration: 60_000 }],
        });
        return locked.find((t) => t.processInstanceId === started.processInstanceId);
      },
      { what: `external task of ${started.processInstanceId}` },
    );
    await engine.failExternalTask(task.id, { workerId: WORKER_ID, errorMessage, retries: 0, retryTimeout: 0 });
    const [incident] = await eventually(
      async () => {
        const found = await engine.incidents({ processInstanceId: started.processInstanceId });
        return found.length ? found : undefined;
      },
      { what: `incident in ${started.processInstanceId}` },
    );
    return { processInstanceId: started.processInstanceId, externalTaskId: task.id, incident: incident! };
  }

  async function loggedIn(username: string) {
    const web = new WebClient(app.baseUrl);
    expect((await web.login(username)).status).toBe(303);
    return web;
  }

  test('when a step of the case has failed for good, then the ärendebärare sees it in Swedish and "Försök igen" gives the task its retries back', async () => {
    // given
    const caseId = await givenCase();
    const { incident, externalTaskId, processInstanceId } = await givenIncident(caseId);
    const af = await loggedIn('af.handlaggare');
    // when
    const page = await af.request(`/arenden/${caseId}`);
    const body = await page.text();
    // then
    expect(page.status).toBe(200);
    expect(body).toContain(text(workSv.incidents.caseTitle));
    expect(body).toContain(text(STEP_NAME));
    expect(body).toContain(text(workSv.incidents.causes.configuration));
    expect(body).toContain(`action="${retryPath(caseId, incident.id)}"`);
    expect(await externalTaskRetries(externalTaskId)).toBe(0);

    // when
    const retry = await af.request(retryPath(caseId, incident.id), { method: 'POST', form: { _csrf: csrfOf(body) } });
    // then
    expect(retry.status).toBe(303);
    expect(retry.headers.get('location')).toBe(`/arenden/${caseId}`);
    expect(flash(await (await af.request(`/arenden/${caseId}`)).text())).toBe(text(workSv.incidents.retried));
    expect(await externalTaskRetries(externalTaskId)).toBeGreaterThan(0);
    expect(await engine.incidents({ processInstanceId })).toEqual([]);
    const audits = await db('audit_log')
      .where({ case_id: caseId, action: 'retry-incident' })
      .select('username', 'object_type', 'object_id');
    expect(audits).toEqual([{ username: 'af.handlaggare', object_type: 'incident', object_id: incident.id }]);

    // when the same incident is retried again (e.g. a second tab)
    const again = await af.request(retryPath(caseId, incident.id), { method: 'POST', form: { _csrf: csrfOf(body) } });
    // then
    expect(again.status).toBe(303);
    expect(flash(await (await af.request(`/arenden/${caseId}`)).text())).toBe(text(workSv.incidents.alreadyResolved));
    expect(
      await db('audit_log').where({ case_id: caseId, action: 'retry-incident' }).count<{ n: string }[]>('* as n'),
    ).toEqual([{ n: '1' }]);
  });

  test('when others ask, then an organisation outside the case gets 404, the styrgrupp 403, a party that is not ärendebärare no button, and nothing is retried', async () => {
    // given
    const caseId = await givenCase();
    const { incident, externalTaskId } = await givenIncident(caseId);
    const viva = await loggedIn('viva.handlaggare');
    const styrgrupp = await loggedIn('styrgrupp');
    const fk = await loggedIn('fk.handlaggare');
    const tokenOf = async (web: WebClient) =>
      ((await (await web.request('/api/csrf-token')).json()) as { token: string }).token;
    // when
    const vivaPage = await viva.request(`/arenden/${caseId}`);
    const vivaRetry = await viva.request(retryPath(caseId, incident.id), {
      method: 'POST',
      form: { _csrf: await tokenOf(viva) },
    });
    const styrgruppRetry = await styrgrupp.request(retryPath(caseId, incident.id), {
      method: 'POST',
      form: { _csrf: await tokenOf(styrgrupp) },
    });
    const fkPage = await fk.request(`/arenden/${caseId}`);
    const fkBody = await fkPage.text();
    const fkRetry = await fk.request(retryPath(caseId, incident.id), {
      method: 'POST',
      form: { _csrf: csrfOf(fkBody) },
    });
    // then
    expect(vivaPage.status).toBe(404);
    expect(vivaRetry.status).toBe(404);
    expect(styrgruppRetry.status).toBe(403);
    expect(fkPage.status).toBe(200);
    expect(fkBody).not.toContain(text(workSv.incidents.caseTitle));
    expect(fkBody).not.toContain('/forsok-igen');
    expect(fkRetry.status).toBe(303);
    expect(flash(await (await fk.request(`/arenden/${caseId}`)).text())).toBe(text(workSv.incidents.notAllowed));
    expect(await externalTaskRetries(externalTaskId)).toBe(0);
    expect((await engine.incidents({ incidentId: incident.id })).map((i) => i.id)).toEqual([incident.id]);
    expect(
      await db('audit_log').where({ case_id: caseId, action: 'retry-incident' }).count<{ n: string }[]>('* as n'),
    ).toEqual([{ n: '0' }]);
  });

  test('when an incident id of another case is posted to a case, then it answers 404 and the incident stays', async () => {
    // given
    const caseA = await givenCase();
    const caseB = await givenCase();
    const { incident, externalTaskId } = await givenIncident(caseB);
    const af = await loggedIn('af.handlaggare');
    const body = await (await af.request(`/arenden/${caseA}`)).text();
    // when
    const res = await af.request(retryPath(caseA, incident.id), { method: 'POST', form: { _csrf: csrfOf(body) } });
    // then
    expect(res.status).toBe(404);
    expect(await externalTaskRetries(externalTaskId)).toBe(0);
  });

  test('when the samordnare opens /incidenter, then every stuck step is listed with its case, step and Swedish cause; a handläggare gets 403', async () => {
    // given
    const caseId = await givenCase();
    const unknown = await givenCase();
    await givenIncident(caseId);
    await givenIncident(unknown, `record-meeting: Ärendet ${unknown} finns inte / case ${unknown} does not exist`);
    const samordnare = await loggedIn('samordnare');
    const admin = await loggedIn('admin');
    const af = await loggedIn('af.handlaggare');
    // other test files may have opened /incidenter in the same database: only this test's reads count
    const before = Number((await db('audit_log').max<{ id: string | null }>('id as id').first())?.id ?? 0);
    // when
    const page = await samordnare.request('/incidenter');
    const body = await page.text();
    const adminBody = await (await admin.request('/incidenter')).text();
    const afRes = await af.request('/incidenter');
    // then
    expect(page.status).toBe(200);
    expect(body).toContain('href="/incidenter"'); // the menu item
    expect(body).toContain(`<a href="/arenden/${caseId}">${caseId}</a>`);
    expect(body).toContain(text(STEP_NAME));
    expect(body).toContain(text(workSv.incidents.causes.configuration));
    expect(body).toContain(text(workSv.incidents.causes.unknownCase(unknown)));
    expect(adminBody).toContain(caseId);
    expect(adminBody).not.toContain(`href="/arenden/${caseId}"`); // admin never opens a case
    expect(afRes.status).toBe(403);
    expect(
      await db('audit_log')
        .where({ username: 'samordnare', action: 'read', object_type: 'incident_overview' })
        .andWhere('id', '>', before)
        .count<{ n: string }[]>('* as n'),
    ).toEqual([{ n: '1' }]);
  });
});
