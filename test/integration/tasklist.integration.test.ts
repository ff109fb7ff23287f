import { updateCase } from '../../src/repositories/cases.js';
import { notify } from '../../src/services/notifications.js';
import { seedCase, seedRoutineCase } from '../support/caseFixtures.js';
import { eventually } from '../support/harness.js';
import { deployUiTaskFixture, startUiTask, taskInReadModel } from './support/fixtures.js';
import { useApp } from './support/useApp.js';
import type { WebClient } from './support/webClient.js';

interface ApiTask {
  task_id: string;
  case_id: string;
  verksamhet: string | null;
  follow_up_at: string | null;
}

describe('task list: case links, partial case numbers, verksamhet, Mina ärenden, claim and assign from the task page', () => {
  const t = useApp({ setup: ({ db, engine }) => deployUiTaskFixture(db, engine).then(() => undefined) });
  const list = async (web: WebClient, query: string) =>
    (await (await web.request(`/api/tasks?${query}`)).json()) as { tasks: ApiTask[]; total: number };
  const csrf = (web: WebClient, path: string) => web.csrfFrom(path);

  test('when a handläggare searches for part of a case number, then the task of that case is found and wildcards are taken literally', async () => {
    // given
    const { caseId, taskId } = await startUiTask(t.db, t.engine, { prefix: 'PART' });
    const af = await t.login('af.handlaggare');
    const middle = caseId.slice(5, 12);
    // when
    const found = await list(af, `caseId=${encodeURIComponent(middle.toLowerCase())}`);
    const wildcard = await list(af, `caseId=${encodeURIComponent('%')}`);
    const page = await (await af.request(`/uppgifter?arende=${encodeURIComponent(middle)}`)).text();
    // then
    expect(found.tasks.map((x) => x.task_id)).toContain(taskId);
    expect(wildcard.total).toBe(0);
    expect(page).toContain(`<a href="/arenden/${encodeURIComponent(caseId)}"`);
  });

  test('when the engine does not carry the verksamhet, then the task takes it from its case, shows its Swedish name and the filter finds it', async () => {
    // given: a samverkan case (vuxentorget) whose instance has no verksamhet variable
    const caseId = await seedCase(t.db);
    await t.engine.startProcess('ui-task-fixture', {
      businessKey: caseId,
      variables: { caseId, dueDate: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const task = await taskInReadModel(t.db, { case_id: caseId, element_id: 'Task_RegisterDecision' });
    const af = await t.login('af.handlaggare');
    // when
    const filtered = await list(af, `caseId=${caseId}&verksamhet=vuxentorget`);
    const other = await list(af, `caseId=${caseId}&verksamhet=ungdomstorget`);
    const page = await (await af.request(`/uppgifter?arende=${caseId}`)).text();
    // then
    expect(task.verksamhet).toBe('vuxentorget');
    expect(filtered.tasks.map((x) => x.task_id)).toEqual([task.task_id]);
    expect(other.total).toBe(0);
    expect(page).toMatch(/<option value="vuxentorget"[^>]*>Vuxentorget<\/option>/);
    expect(page).toMatch(/<td>Vuxentorget<\/td>/);
  });

  test('when a task has a follow-up date, then the list shows it next to the due date', async () => {
    // given
    const { caseId, taskId } = await startUiTask(t.db, t.engine, { prefix: 'FOLLOW' });
    const followUp = '2031-03-14T09:00:00.000+0000'; // the engine's REST date format
    // the engine's own task API sets it (as Tasklist or a task listener would)
    const auth = `Basic ${Buffer.from(`${process.env.ENGINE_REST_USER}:${process.env.ENGINE_REST_PASSWORD}`).toString('base64')}`;
    const res = await fetch(`${process.env.ENGINE_REST_URL}/task/${taskId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({
        name: 'Registrera beslut',
        followUp,
        due: new Date(Date.now() + 86_400_000).toISOString().replace('Z', '+0000'),
      }),
    });
    expect(res.status).toBe(204);
    await t.taskSync.reconcile();
    await eventually(async () => (await t.db('tasks').where({ task_id: taskId }).first())?.follow_up_at !== null, {
      what: 'follow-up date in the read model',
      timeoutMs: 20_000,
    });
    const af = await t.login('af.handlaggare');
    // when
    const page = await (await af.request(`/uppgifter?arende=${caseId}`)).text();
    // then
    expect(page).toContain('<th scope="col">Följ upp</th>');
    expect(page).toContain('<td>2031-03-14</td>');
  });

  test('when a handläggare opens "Mina ärenden", then cases with her organisation\'s open task and cases her organisation carries are listed, and not for others', async () => {
    // given: a case with an open AF task, a samverkan case AF carries (ärendebärare), an etablering case AF answers for
    const withTask = await startUiTask(t.db, t.engine, { prefix: 'MINE' });
    const carried = await seedCase(t.db);
    await updateCase(t.db, carried, { arendebarare_org: 'af', status: 'pagaende' });
    const routine = await seedRoutineCase(t.db, 'etablering');
    const af = await t.login('af.handlaggare');
    const fk = await t.login('fk.handlaggare');
    const mineOf = async (web: WebClient, caseId: string) =>
      (await web.request(`/uppgifter?vy=arenden&arende=${encodeURIComponent(caseId)}`)).text();
    // when
    const af1 = await mineOf(af, withTask.caseId);
    const af2 = await mineOf(af, carried);
    const af3 = await mineOf(af, routine);
    const fkPages = await Promise.all([withTask.caseId, carried, routine].map((id) => mineOf(fk, id)));
    // then
    expect(af1).toMatch(new RegExp(`data-case-id="${withTask.caseId}">[\\s\\S]*?Uppgift till din organisation`));
    expect(af2).toMatch(
      new RegExp(
        `data-case-id="${carried}">[\\s\\S]*?Vuxentorget[\\s\\S]*?Pågående[\\s\\S]*?Arbetsförmedlingen[\\s\\S]*?Ärendebärare`,
      ),
    );
    expect(af3).toMatch(new RegExp(`data-case-id="${routine}">[\\s\\S]*?Etablering`));
    fkPages.forEach((page, i) =>
      expect(page).not.toContain(`data-case-id="${[withTask.caseId, carried, routine][i]}"`),
    );
    expect(af2).not.toContain(`data-case-id="${withTask.caseId}"`);
  });

  test('when "Ta uppgiften" is pressed on the task page, then the user stays on that task (no Referer needed)', async () => {
    // given
    const { taskId } = await startUiTask(t.db, t.engine, { prefix: 'STAY' });
    const af = await t.login('af.handlaggare');
    const token = await csrf(af, `/uppgifter/${taskId}`);
    // when
    const res = await af.request(`/uppgifter/${taskId}/ta`, {
      method: 'POST',
      form: { _csrf: token, tillbaka: 'uppgift' },
    });
    const fromList = await af.request(`/uppgifter/${taskId}/lamna`, { method: 'POST', form: { _csrf: token } });
    // then
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/uppgifter/${taskId}`);
    expect(fromList.headers.get('location')).toBe('/uppgifter');
  });

  test('when a task is assigned from the task page, then no colleague is preselected, the colleague is notified once, and an empty choice is refused in Swedish', async () => {
    // given
    const { caseId, taskId } = await startUiTask(t.db, t.engine, { prefix: 'ASSIGN' });
    const anna = await t.login('af.handlaggare');
    const html = await (await anna.request(`/uppgifter/${taskId}`)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    // then: the first option is the empty "Välj kollega", and no colleague is selected
    const select = /<select id="assignee"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1]!;
    expect(select).toMatch(/^<option value="" selected>Välj kollega<\/option>/);
    expect(select.match(/selected/g)).toHaveLength(1);
    // when: nothing chosen
    const empty = await anna.request(`/uppgifter/${taskId}/tilldela`, {
      method: 'POST',
      form: { _csrf: token, assignee: '', tillbaka: 'uppgift' },
    });
    // then
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Välj en kollega att tilldela uppgiften.');
    expect((await t.engine.task(taskId))?.assignee ?? null).toBeNull();
    // when: Ali chosen, twice (double submit)
    for (let i = 0; i < 2; i++) {
      const res = await anna.request(`/uppgifter/${taskId}/tilldela`, {
        method: 'POST',
        form: { _csrf: token, assignee: 'af.handlaggare2', tillbaka: 'uppgift' },
      });
      expect(res.headers.get('location')).toBe(`/uppgifter/${taskId}`);
    }
    // then
    expect((await t.engine.task(taskId))?.assignee).toBe('af.handlaggare2');
    const toAli = await t
      .db('notifications')
      .where({ username: 'af.handlaggare2', template: 'task-assigned', case_id: caseId });
    expect(toAli).toHaveLength(1);
    expect(toAli[0]).toMatchObject({ link: `/uppgifter/${taskId}`, read_at: null });
    expect(
      await t
        .db('notifications')
        .where({ template: 'task-assigned', case_id: caseId })
        .whereNot({ username: 'af.handlaggare2' }),
    ).toHaveLength(0);
    expect(
      await t
        .db('outbox_messages')
        .where({ recipient_username: 'af.handlaggare2', template: 'task-assigned', case_id: caseId }),
    ).toHaveLength(1);
  });
  test('when a logged-in user pages through the task list, then her session row is not rewritten on every request (the login still expires)', async () => {
    // given
    const af = await t.login('af.handlaggare');
    const sid = decodeURIComponent(af.cookie('samverkan.sid')!).replace(/^s:/, '').split('.')[0]!;
    await list(af, 'view=group');
    const before = await t.db('sessions').where({ sid }).first();
    // when
    for (let page = 1; page <= 15; page++)
      expect((await af.request(`/api/tasks?view=group&page=${page}`)).status).toBe(200);
    // then: the same row (expiry pushed at most once a minute), and it still has an expiry in the future
    const after = await t.db('sessions').where({ sid }).first();
    expect(after).toEqual(before);
    expect(new Date(after.expire).getTime()).toBeGreaterThan(Date.now());
  });
});

describe('notifications reach the person who acts, and "Markera alla som lästa"', () => {
  const t = useApp({ setup: ({ db, engine }) => deployUiTaskFixture(db, engine).then(() => undefined) });
  const baseUrl = 'http://samverkan.test';

  test("when a case message goes to the referring organisation and a party, then the referrer and the assignee of the party's task get it, not their colleagues", async () => {
    // given: a case aktualiserad by af.handlaggare; an FK task in it, held by fk.handlaggare (written as the read model has it)
    const caseId = await seedCase(t.db);
    await t.db('tasks').insert({
      task_id: `fixture-${caseId}`,
      process_instance_id: `fixture-${caseId}`,
      process_definition_id: 'fixture:1:x',
      bpmn_process_id: 'fixture',
      process_version: 1,
      element_id: 'Task_X',
      case_id: caseId,
      candidate_groups: ['fk'],
      assignee: 'fk.handlaggare',
      created_at: new Date(),
      state: 'completed',
      completed_by: 'fk.handlaggare',
      completed_at: new Date(),
    });
    // when
    await notify(t.db, {
      template: 'beredning-decision-ready',
      caseId,
      recipientGroups: ['af', 'fk', 'umea-fsd'],
      recipientUsers: [],
      sourceKey: `acts-${caseId}`,
      baseUrl,
    });
    // then: af → the referrer; fk → who did FK's task; umea-fsd (nobody acted yet) → every member
    const to = (await t.db('notifications').where({ case_id: caseId }).pluck('username')).sort();
    expect(to).toEqual(['af.handlaggare', 'fk.handlaggare', 'fsd.handlaggare']);
    // and: every member when the model asks for it
    await notify(t.db, {
      template: 'beredning-decision-ready',
      caseId,
      recipientGroups: ['af'],
      recipientUsers: [],
      reach: 'groups',
      sourceKey: `all-${caseId}`,
      baseUrl,
    });
    expect(
      (await t.db('notifications').where({ case_id: caseId, idempotency_key: `all-${caseId}:af.handlaggare2` })).length,
    ).toBe(1);
  });

  test("when a user marks all as read, then all her unread notifications are read, nobody else's, and a repeat changes nothing", async () => {
    // given
    const caseId = `READ-${Date.now().toString(36)}`;
    await notify(t.db, {
      template: 'feedback-ready',
      caseId,
      recipientGroups: [],
      recipientUsers: ['fk.handlaggare', 'af.handlaggare2'],
      sourceKey: `r1-${caseId}`,
      baseUrl,
    });
    await notify(t.db, {
      template: 'task-waiting',
      caseId,
      recipientGroups: [],
      recipientUsers: ['fk.handlaggare'],
      sourceKey: `r2-${caseId}`,
      baseUrl,
    });
    const fk = await t.login('fk.handlaggare');
    const page = await (await fk.request('/notiser')).text();
    expect(page).toContain('Markera alla som lästa');
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    // when
    const res = await fk.request('/notiser/las-alla', { method: 'POST', form: { _csrf: token } });
    const again = await fk.request('/notiser/las-alla', { method: 'POST', form: { _csrf: token } });
    // then
    expect(res.status).toBe(303);
    expect(again.status).toBe(303);
    expect(await t.db('notifications').where({ username: 'fk.handlaggare' }).whereNull('read_at')).toHaveLength(0);
    expect(
      await t.db('notifications').where({ username: 'af.handlaggare2', case_id: caseId }).whereNull('read_at'),
    ).toHaveLength(1);
    expect(await (await fk.request('/notiser')).text()).not.toContain('Markera alla som lästa');
  });
});
