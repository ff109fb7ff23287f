import { eventually, connect, uniqueCaseId } from '../support/harness.js';
import { startUserTaskProjection, type RunningTaskProjection } from '../../workers/user-task-projection.js';
import { logger } from '../../src/logger.js';
import { deployUiTaskFixture } from './support/fixtures.js';
import { startApp, WebClient } from './support/webClient.js';

interface ApiTask { job_key: string; element_name: string; case_id: string; overdue: boolean; state: string; candidate_groups: string[] }

describe('task projection, task list API and completion', () => {
  const { engine, db, close } = connect();
  let app: Awaited<ReturnType<typeof startApp>>;
  let projection: RunningTaskProjection;
  beforeAll(async () => {
    await deployUiTaskFixture(db, engine);
    projection = startUserTaskProjection(engine, { db, log: logger }, { sweepIntervalMs: 3_600_000 });
    app = await startApp({ db, engine });
  });
  afterAll(async () => {
    await projection.stop();
    await app.close();
    await close();
  });

  async function startCase(dueDate = new Date(Date.now() - 86_400_000).toISOString()) {
    const caseId = uniqueCaseId('UI');
    const { processInstanceKey } = await engine.startProcess('ui-task-fixture', { caseId, dueDate, verksamhet: 'vuxentorget' });
    const row = await eventually(() => db('tasks').where({ case_id: caseId, element_id: 'Task_RegisterDecision' }).first(), { what: 'projected task' });
    return { caseId, processInstanceKey, jobKey: String(row.job_key) };
  }
  async function api(web: WebClient, path: string, body?: unknown) {
    const token = (await (await web.request('/api/csrf-token')).json() as { token: string }).token;
    return web.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: JSON.stringify(body ?? {}) });
  }

  test('when a user task job is created, then the projection stores element name, form id, groups, due date and verksamhet', async () => {
    // given / when
    const { caseId } = await startCase();
    // then
    const row = await db('tasks').where({ case_id: caseId }).first();
    expect(row).toMatchObject({ element_name: 'Registrera beslut', form_id: 'ui-task-fixture', candidate_groups: ['af'], state: 'open', verksamhet: 'vuxentorget', bpmn_process_id: 'ui-task-fixture' });
    expect(row.form_key).toMatch(/^\d+$/);
    expect(row.due_at).toBeInstanceOf(Date);
    expect(projection.status().ready).toBe(true);
  });

  test('when users of the group and of another organisation list tasks, then only the group sees it, overdue first', async () => {
    // given
    const { caseId, jobKey } = await startCase();
    const af = new WebClient(app.baseUrl);
    await af.login('af.handlaggare');
    const fk = new WebClient(app.baseUrl);
    await fk.login('fk.handlaggare');
    // when
    const afList = (await (await af.request(`/api/tasks?caseId=${caseId}`)).json()) as { tasks: ApiTask[]; total: number };
    const fkList = (await (await fk.request(`/api/tasks?caseId=${caseId}`)).json()) as { tasks: ApiTask[]; total: number };
    // then
    expect(afList.total).toBe(1);
    expect(afList.tasks[0]).toMatchObject({ job_key: jobKey, overdue: true });
    expect(fkList.total).toBe(0);
    expect((await fk.request(`/uppgifter/${jobKey}`)).status).toBe(404);
    expect((await fk.request(`/api/tasks/${jobKey}`)).status).toBe(404);
    const page = await af.request(`/uppgifter?arende=${caseId}`);
    expect(await page.text()).toContain('Försenad');
  });

  test('when two colleagues claim the same task, then the second gets a conflict; assignment to a non-member is refused', async () => {
    const { jobKey } = await startCase();
    const anna = new WebClient(app.baseUrl);
    await anna.login('af.handlaggare');
    const ali = new WebClient(app.baseUrl);
    await ali.login('af.handlaggare2');
    expect((await api(anna, `/api/tasks/${jobKey}/claim`)).status).toBe(200);
    expect((await api(ali, `/api/tasks/${jobKey}/claim`)).status).toBe(409);
    expect((await api(anna, `/api/tasks/${jobKey}/assign`, { assignee: 'fk.handlaggare' })).status).toBe(422);
    expect((await api(anna, `/api/tasks/${jobKey}/assign`, { assignee: 'af.handlaggare2' })).status).toBe(200);
    const mine = (await (await ali.request('/api/tasks?view=mine')).json()) as { tasks: ApiTask[] };
    expect(mine.tasks.map((t) => t.job_key)).toContain(jobKey);
  });

  test('when a task is completed with invalid, then valid input, then again, then 422, success, 409 and the next task reaches FK', async () => {
    // given
    const { caseId, jobKey } = await startCase();
    const af = new WebClient(app.baseUrl);
    await af.login('af.handlaggare');
    // when / then
    const invalid = await api(af, `/api/tasks/${jobKey}/complete`, { variables: { decision: 'kanske', motivation: 'kort', hours: 50, reference: 'x' } });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { fields: Record<string, string> }).fields).toEqual({
      decision: 'Välj ett av alternativen.',
      motivation: 'Skriv minst 5 tecken.',
      hours: 'Värdet får vara högst 40.',
      reference: 'Värdet har fel format.',
    });
    const ok = await api(af, `/api/tasks/${jobKey}/complete`, { variables: { decision: 'ja', motivation: 'Uppfyller kriterierna', hours: '20', reference: 'AB-123', injected: 'x' } });
    expect(ok.status).toBe(200);
    const again = await api(af, `/api/tasks/${jobKey}/complete`, { variables: { decision: 'ja', motivation: 'Uppfyller kriterierna' } });
    expect(again.status).toBe(409);
    expect(await db('tasks').where({ job_key: jobKey }).first()).toMatchObject({ state: 'completed', completed_by: 'af.handlaggare' });
    const next = await eventually(() => db('tasks').where({ case_id: caseId, element_id: 'Task_FollowUp' }).first(), { what: 'follow-up task' });
    expect(next).toMatchObject({ candidate_groups: ['fk'], element_name: 'Följ upp beslut', form_id: null });
  });

  test('when the process instance is cancelled, then the sweeper marks the task cancelled', async () => {
    const { jobKey, processInstanceKey } = await startCase();
    await engine.cancelProcessInstance(processInstanceKey);
    await eventually(async () => {
      await projection.sweep();
      return (await db('tasks').where({ job_key: jobKey }).first())?.state === 'cancelled';
    }, { what: 'task cancelled' });
  });
});
