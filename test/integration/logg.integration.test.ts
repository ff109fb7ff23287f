import { updateCase } from '../../src/repositories/cases.js';
import { seedCase } from '../support/caseFixtures.js';
import { deployUiTaskFixture, startUiTask } from './support/fixtures.js';
import { useApp } from './support/useApp.js';

describe('logggranskare: refused attempts, beredning agenda reads, partial names, events in Swedish; stuck and overdue cases', () => {
  const t = useApp({ setup: ({ db, engine }) => deployUiTaskFixture(db, engine).then(() => undefined) });
  const refusals = (objectId: string) => t.db('audit_log').where({ action: 'refused', object_id: objectId });

  test('when a handläggare opens a task and a case of another organisation, then both refusals are logged with who, when, what and the IP', async () => {
    // given: an AF task, and a case FK is no party of (its samtycke names af and umea-fsd)
    const { taskId, caseId: taskCase } = await startUiTask(t.db, t.engine, { prefix: 'REFUSE' });
    const caseId = await seedCase(t.db);
    const fk = await t.login('fk.handlaggare');
    const before = new Date(Date.now() - 1_000);
    // when
    const task = await fk.request(`/uppgifter/${taskId}`);
    const page = await fk.request(`/arenden/${caseId}`);
    // then: the same 404 as for something that does not exist, and a log entry each
    expect(task.status).toBe(404);
    expect(page.status).toBe(404);
    const [onTask] = await refusals(taskId);
    expect(onTask).toMatchObject({
      username: 'fk.handlaggare',
      org_code: 'fk',
      object_type: 'task',
      case_id: taskCase,
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    expect(onTask.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const [onCase] = await refusals(caseId);
    expect(onCase).toMatchObject({
      username: 'fk.handlaggare',
      object_type: 'case',
      case_id: caseId,
      ip: expect.any(String),
    });
    // and: an allowed read is not a refusal
    const af = await t.login('af.handlaggare');
    expect((await af.request(`/uppgifter/${taskId}`)).status).toBe(200);
    expect(await refusals(taskId)).toHaveLength(1);
  });

  test('when a beredningsgrupp member opens the agenda, then one read per case shown is logged', async () => {
    // given: two cases on Nordmaling's agenda on a date of its own
    const [a, b] = [await seedCase(t.db), await seedCase(t.db)];
    const date = '2031-01-08';
    await t
      .db('beredning_agenda')
      .insert([a, b].map((caseId) => ({ case_id: caseId, group_code: 'nordmaling', meeting_date: date })));
    const member = await t.login('nordmaling.handlaggare');
    // when
    const res = await member.request(`/beredning?grupp=nordmaling&datum=${date}`);
    // then
    expect(res.status).toBe(200);
    const reads = await t
      .db('audit_log')
      .where({ username: 'nordmaling.handlaggare', action: 'read-agenda', object_type: 'case' })
      .whereIn('case_id', [a, b]);
    expect(reads.map((r) => r.case_id).sort()).toEqual([a, b].sort());
    expect(reads[0].details).toMatchObject({ agenda: `nordmaling:${date}` });
  });

  test("when the logggranskare filters on part of a name, then that user's entries show, with events, organisations and objects in Swedish", async () => {
    // given: Fredrik Karlsson (fk.handlaggare) was refused a case
    const caseId = await seedCase(t.db);
    const fk = await t.login('fk.handlaggare');
    await fk.request(`/arenden/${caseId}`);
    const reviewer = await t.login('logggranskare');
    // when
    const html = await (await reviewer.request(`/logg?anvandare=karls&arende=${caseId}`)).text();
    const byUsername = await (await reviewer.request(`/logg?anvandare=FK.HAND&arende=${caseId}`)).text();
    const nobody = await (await reviewer.request(`/logg?anvandare=${encodeURIComponent('%')}&arende=${caseId}`)).text();
    // then
    for (const page of [html, byUsername]) {
      expect(page).toContain('Fredrik Karlsson (FK)');
      expect(page).toMatch(/<td>Försäkringskassan<\/td>\s*<td>Nekad åtkomst<\/td><td>Ärende /);
    }
    expect(html).not.toMatch(/<td>(refused|read|fk)<\/td>/);
    expect(nobody).toContain('Inga loggposter matchar filtret.');
    expect(html).toContain('<main');
  });

  test('when the samordnare and the styrgrupp open the stuck and overdue view, then overdue and escalated tasks are counted per organisation and step, and only the samordnare sees the cases', async () => {
    // given: an overdue AF task of a case the samordnare may not open, and an escalated FK task (read-model rows)
    const { caseId } = await startUiTask(t.db, t.engine, { prefix: 'LATE' });
    const escalatedCase = await seedCase(t.db);
    await updateCase(t.db, escalatedCase, { arendebarare_org: 'fk' });
    await t.db('tasks').insert({
      task_id: `esc-${escalatedCase}`,
      process_instance_id: `esc-${escalatedCase}`,
      process_definition_id: 'ui-task-fixture:1:x',
      bpmn_process_id: 'ui-task-fixture',
      process_version: 1,
      element_id: 'Task_Esc',
      element_name: 'Följ upp eskalering',
      case_id: escalatedCase,
      candidate_groups: ['fk'],
      created_at: new Date(),
      state: 'open',
      escalated: true,
      due_at: new Date(Date.now() + 10 * 86_400_000),
    });
    const samordnare = await t.login('samordnare');
    const styrgrupp = await t.login('styrgrupp');
    // when
    const forSamordnare = await (await samordnare.request('/fastnade-arenden')).text();
    const forStyrgrupp = await (await styrgrupp.request('/fastnade-arenden')).text();
    // then: the counts per organisation and step, in Swedish
    for (const page of [forSamordnare, forStyrgrupp]) {
      expect(page).toMatch(
        /<th scope="row">Arbetsförmedlingen<\/th><td>Testprocess för uppgifter<\/td><td>Registrera beslut<\/td><td class="num">\d+<\/td><td class="num">[1-9]\d*<\/td>/,
      );
      expect(page).toMatch(
        /<th scope="row">Försäkringskassan<\/th><td>Testprocess för uppgifter<\/td><td>Följ upp eskalering<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">1<\/td>/,
      );
    }
    // the rows: the samordnare sees the case ids; a link only to a case she may open (none of these)
    expect(forSamordnare).toContain(`data-case-id="${caseId}" data-kind="overdue"`);
    expect(forSamordnare).toContain(`data-case-id="${escalatedCase}" data-kind="escalated"`);
    expect(forSamordnare).not.toContain(`href="/arenden/${escalatedCase}"`);
    expect(forStyrgrupp).not.toContain(caseId);
    expect(forStyrgrupp).not.toContain(escalatedCase);
    expect(forStyrgrupp).toContain('Enskilda ärenden visas för samordnarna.');
    expect(await t.db('audit_log').where({ username: 'samordnare', object_type: 'stuck_overview' })).not.toHaveLength(
      0,
    );
  });
});
