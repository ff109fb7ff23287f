import { reconcileTasks } from '../../src/services/taskReadModel.js';
import { eventually } from '../support/harness.js';
import { deployUiTaskFixture, startUiTask, taskInReadModel } from './support/fixtures.js';
import { useApp } from './support/useApp.js';
import type { WebClient } from './support/webClient.js';

interface ApiTask {
  task_id: string;
  element_name: string;
  case_id: string;
  overdue: boolean;
  state: string;
  candidate_groups: string[];
}

describe('task read model, task list API and completion', () => {
  const t = useApp({ setup: ({ db, engine }) => deployUiTaskFixture(db, engine).then(() => undefined) });
  const startCase = (o: { dueDate?: string } = {}) => startUiTask(t.db, t.engine, o);
  const list = async (web: WebClient, query: string) =>
    (await (await web.request(`/api/tasks?${query}`)).json()) as { tasks: ApiTask[]; total: number };

  test('when the engine creates a user task, then the read model stores element name, form id, groups, due date and verksamhet', async () => {
    // given / when
    const { caseId, processInstanceId, task } = await startCase();
    // then
    expect(task).toMatchObject({
      element_name: 'Registrera beslut',
      form_id: 'ui-task-fixture',
      candidate_groups: ['af'],
      state: 'open',
      verksamhet: 'vuxentorget',
      process_instance_id: processInstanceId,
    });
    expect(task.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(task.due_at).toBeInstanceOf(Date);
    const row = await t.db('tasks').where({ case_id: caseId }).first();
    expect(row).toMatchObject({
      bpmn_process_id: 'ui-task-fixture',
      process_version: expect.any(Number),
      process_definition_id: expect.stringMatching(/^ui-task-fixture:\d+:/),
    });
    expect(t.taskSync.status()).toMatchObject({ listening: true, lastError: null });
  });

  test('when users of the group and of another organisation list tasks, then only the group sees it, overdue first', async () => {
    // given
    const { caseId, taskId } = await startCase();
    const af = await t.login('af.handlaggare');
    const fk = await t.login('fk.handlaggare');
    // when
    const afList = await list(af, `caseId=${caseId}`);
    const fkList = await list(fk, `caseId=${caseId}`);
    // then
    expect(afList.total).toBe(1);
    expect(afList.tasks[0]).toMatchObject({ task_id: taskId, overdue: true });
    expect(fkList.total).toBe(0);
    expect((await fk.request(`/uppgifter/${taskId}`)).status).toBe(404);
    expect((await fk.request(`/api/tasks/${taskId}`)).status).toBe(404);
    const page = await af.request(`/uppgifter?arende=${caseId}`);
    expect(await page.text()).toContain('Försenad');
  });

  test('when two colleagues claim the same task, then the second gets a conflict; assignment to a non-member is refused', async () => {
    // given
    const { taskId } = await startCase();
    const anna = await t.login('af.handlaggare');
    const ali = await t.login('af.handlaggare2');
    // when / then
    expect((await anna.postJson(`/api/tasks/${taskId}/claim`)).status).toBe(200);
    expect((await ali.postJson(`/api/tasks/${taskId}/claim`)).status).toBe(409);
    expect((await anna.postJson(`/api/tasks/${taskId}/assign`, { assignee: 'fk.handlaggare' })).status).toBe(422);
    expect((await anna.postJson(`/api/tasks/${taskId}/assign`, { assignee: 'af.handlaggare2' })).status).toBe(200);
    expect((await t.engine.task(taskId))?.assignee).toBe('af.handlaggare2');
    const mine = await list(ali, 'view=mine');
    expect(mine.tasks.map((x) => x.task_id)).toContain(taskId);
  });

  test('when a task is completed with invalid, then valid input, then again, then 422, success, 409 and the next task reaches FK', async () => {
    // given
    const { caseId, taskId } = await startCase();
    const af = await t.login('af.handlaggare');
    // when / then
    const invalid = await af.postJson(`/api/tasks/${taskId}/complete`, {
      variables: { decision: 'kanske', motivation: 'kort', hours: 50, reference: 'x' },
    });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { fields: Record<string, string> }).fields).toEqual({
      decision: 'Välj ett av alternativen.',
      motivation: 'Skriv minst 5 tecken.',
      hours: 'Värdet får vara högst 40.',
      reference: 'Värdet har fel format.',
    });
    const ok = await af.postJson(`/api/tasks/${taskId}/complete`, {
      variables: {
        decision: 'ja',
        motivation: 'Uppfyller kriterierna',
        hours: '20',
        reference: 'AB-123',
        injected: 'x',
      },
    });
    expect(ok.status).toBe(200);
    const again = await af.postJson(`/api/tasks/${taskId}/complete`, {
      variables: { decision: 'ja', motivation: 'Uppfyller kriterierna' },
    });
    expect(again.status).toBe(409);
    expect(await t.db('tasks').where({ task_id: taskId }).first()).toMatchObject({
      state: 'completed',
      completed_by: 'af.handlaggare',
    });
    // the next task comes from the engine's event, moments after the completion's answer
    const next = await taskInReadModel(t.db, { case_id: caseId, element_id: 'Task_FollowUp' });
    expect(next).toMatchObject({
      candidate_groups: ['fk'],
      element_name: 'Följ upp beslut',
      form_id: null,
      state: 'open',
    });
    // and only the form's fields reached the engine
    const vars = await t.engine.processVariables(next.process_instance_id);
    expect(vars).toMatchObject({ decision: 'ja', motivation: 'Uppfyller kriterierna', reference: 'AB-123' });
    expect(vars).not.toHaveProperty('injected');
  });

  test('when the process instance is cancelled, then the read model marks the task cancelled', async () => {
    // given
    const { taskId, processInstanceId } = await startCase();
    // when
    await t.engine.cancelProcessInstance(processInstanceId);
    // then
    await eventually(async () => (await t.db('tasks').where({ task_id: taskId }).first())?.state === 'cancelled', {
      what: 'task cancelled',
    });
  });

  test('when the read model missed an event, then a reconciliation adds the open task and finishes the one the engine no longer has', async () => {
    // given: one task whose row is lost, one row whose engine task is gone (its instance was cancelled unseen)
    const lost = await startCase();
    const stale = await startCase();
    await t.db('tasks').where({ task_id: lost.taskId }).del();
    await t.taskSync.stop(); // no events meanwhile
    await t.engine.cancelProcessInstance(stale.processInstanceId);
    await t
      .db('tasks')
      .where({ task_id: stale.taskId })
      .update({ state: 'open', synced_at: new Date(Date.now() - 60_000) });
    // when
    const r = await reconcileTasks(t.db, t.engine);
    // then
    expect(r.added).toBeGreaterThanOrEqual(1);
    expect(await t.db('tasks').where({ task_id: lost.taskId }).first()).toMatchObject({
      state: 'open',
      case_id: lost.caseId,
    });
    expect(await t.db('tasks').where({ task_id: stale.taskId }).first()).toMatchObject({ state: 'cancelled' });
  });
});
