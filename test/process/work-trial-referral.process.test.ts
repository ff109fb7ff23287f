import { computeDueDate } from '../../src/domain/deadlines.js';
import { trialStartTargetDate } from '../../src/domain/workTrial.js';
import { startInventering } from '../../src/services/cases.js';
import {
  advancePast,
  advanceUntil,
  ended,
  engineDate,
  outboxTemplates,
  reached,
  testPersonnummer,
  visited,
} from '../support/caseFixtures.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';

describe('work-trial-referral: försörjningsstöd → Arenor för prövning', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  async function inventory(referToAf = true) {
    const caseId = await startInventering(t, {
      person: { personnummer: testPersonnummer(1985), kon: 'K', folkbokfordKommun: 'Umeå' },
    });
    const pik = String((await t.db('routine_cases').where({ case_id: caseId }).first()).process_instance_key);
    const inventoryDate = await engineDate();
    const inventoryTask = await t.inbox.complete(pik, 'UserTask_Inventory', {
      inventoryDate,
      arbetsformagaOsaker: true,
      aktuellHosAf: true,
      referToAf,
    });
    expect(inventoryTask.candidateGroups).toEqual(['umea-fsd']);
    return { caseId, pik, inventoryDate };
  }

  const timerDue = async (pik: string, activityId: string) => {
    const [job] = await t.engine.jobs({ processInstanceId: pik, timers: true, activityId });
    return job?.dueDate ? new Date(Date.parse(job.dueDate)).toISOString() : undefined;
  };
  const iso = (at: string) => new Date(Date.parse(at)).toISOString();
  const invited = (caseId: string) =>
    t
      .db('outbox_messages')
      .where({ case_id: caseId, template: 'meeting-invitation' })
      .distinct()
      .pluck('recipient_username');

  /** From AF's answer "arenor" to the end of the prövning. */
  async function runTrial(pik: string, { escalateAssessment = false } = {}) {
    await t.inbox.complete(pik, 'UserTask_AfAnswer', { afAnswer: 'arenor_for_provning' });
    const [info] = await t.inbox.waitFor(pik, 'UserTask_InfoMeeting');
    const heldOn = info!.due!.slice(0, 10); // held on the planned day, the week after
    await t.inbox.complete(pik, 'UserTask_InfoMeeting', { infoMeetingHeldOn: heldOn });
    await advanceUntil(t, pik, 'Task_RecordTrialStart'); // the timer "Arbetsprövningen startar"
    const [start] = await t.inbox.waitFor(pik, 'UserTask_StartMeeting');
    expect(await t.inbox.formId(start!)).toBe('provningstraff');
    await t.inbox.complete(pik, 'UserTask_StartMeeting', { meetingHeldOn: await engineDate(), afAttended: true });
    await t.inbox.complete(pik, 'UserTask_FollowUp1', { meetingHeldOn: await engineDate(30), afAttended: true });
    await t.inbox.complete(pik, 'UserTask_FollowUp2', { meetingHeldOn: await engineDate(60), afAttended: false });
    await t.inbox.waitFor(pik, 'UserTask_Assessment');
    if (escalateAssessment) {
      await advanceUntil(t, pik, 'EndEvent_AssessmentEscalated'); // the reminder first, then the escalation
      expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Assessment']);
    }
    await t.inbox.complete(pik, 'UserTask_Assessment', { nextStep: 'arbete' });
    await ended(t.engine, pik);
  }

  test('when AF answers in time with a placement, then the prövning starts two weeks after inventering with an uppstartsträff, two uppföljningar and a decided next step', async () => {
    // given
    const { caseId, pik, inventoryDate } = await inventory();
    const [afTask] = await t.inbox.waitFor(pik, 'UserTask_AfAnswer');
    expect(afTask!.candidateGroups).toEqual(['af']);
    expect(afTask!.due).toBeTruthy(); // two working days
    expect(await outboxTemplates(t.db, caseId)).toEqual(['task-waiting']); // to AF's funktionsbrevlåda
    // when
    await runTrial(pik);
    // then
    const row = await t.db('routine_cases').where({ case_id: caseId }).first();
    expect(row).toMatchObject({ af_answer: 'arenor_for_provning', status: 'avslutad', outcome: 'arbete' });
    expect(row.days_to_start).toBe(
      Math.round((Date.parse(row.trial_start_date) - Date.parse(inventoryDate)) / 86_400_000),
    );
    expect(row.start_late).toBe(row.trial_start_date > trialStartTargetDate(inventoryDate));
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual([
      'informationsmote',
      'uppstartstraff',
      'uppfoljningstraff-1',
      'uppfoljningstraff-2',
    ]);
    expect(await t.db('meetings').where({ case_id: caseId, meeting_type: 'uppstartstraff' }).first()).toMatchObject({
      participants: ['umea-fsd', 'umea-arenor', 'af'],
    });
    expect(await visited(t, pik)).toEqual(expect.arrayContaining(['TimerEvent_TrialStart', 'EndEvent_TrialDone']));
  });

  test('when AF answers after the 2 working days, then AF and försörjningsstöd get an escalation, the late answer still counts and the late start is flagged', async () => {
    // given
    const { caseId, pik } = await inventory();
    const [afTask] = await t.inbox.waitFor(pik, 'UserTask_AfAnswer');
    // when the due date passes without an answer
    await advanceUntil(t, pik, 'EndEvent_AfLateEscalated');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_AfAnswer']);
    // (a day late may cost nothing when the meeting week after falls on a weekend anyway: AF answers a week late)
    await advancePast(t.engine, pik, afTask!.due!, 7 * 86_400_000);
    // and AF answers later anyway, and the assessment is late at the end of the period
    await runTrial(pik, { escalateAssessment: true });
    // then
    const row = await t.db('routine_cases').where({ case_id: caseId }).first();
    expect(row.start_late).toBe(true);
    expect(await visited(t, pik)).toEqual(
      expect.arrayContaining(['Task_NotifyLateStart', 'EndEvent_AssessmentEscalated']),
    );
    expect(await outboxTemplates(t.db, caseId)).toEqual(
      expect.arrayContaining(['deadline-missed', 'meeting-invitation']),
    );
  });

  test('when AF answers that the person has an active planning at AF, then this flow ends with that outcome', async () => {
    // given
    const { caseId, pik } = await inventory();
    // when
    await t.inbox.complete(pik, 'UserTask_AfAnswer', { afAnswer: 'aktiv_planering' });
    // then
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({
      af_answer: 'aktiv_planering',
      outcome: 'aktiv_planering_af',
      status: 'avslutad',
    });
    expect(await visited(t, pik)).toContain('EndEvent_ActivePlanningAtAf');
  });

  test('when the inventering finds no reason to aktualisera to AF, then the flow ends as not relevant', async () => {
    // given / when
    const { caseId, pik } = await inventory(false);
    // then
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({
      outcome: 'ej_aktuell_for_provning',
      af_answer: null,
    });
    expect(await visited(t, pik)).toContain('EndEvent_NotReferred');
  });

  test('rule "AF återkopplar inom två dagar" (seed 003): the escalation fires when the second working day after the aktualisering has ended, not at its start', async () => {
    // given an aktualisering to AF today
    const { caseId, pik, inventoryDate } = await inventory();
    const [afTask] = await t.inbox.waitFor(pik, 'UserTask_AfAnswer');
    const due = computeDueDate('af-answer-2-working-days', inventoryDate);
    // then the task is due on the second working day and the escalation timer waits until that day has ended
    expect(iso(afTask!.due!)).toBe(iso(due.dueAt));
    expect(await timerDue(pik, 'BoundaryEvent_AfAnswerLate')).toBe(iso(due.overdueAt));
    // when the clock reaches 23:00 on the due day, nothing is escalated yet
    await advancePast(t.engine, pik, due.dueAt, 15 * 3_600_000);
    expect(await timerDue(pik, 'BoundaryEvent_AfAnswerLate')).toBe(iso(due.overdueAt));
    expect(await visited(t, pik)).not.toContain('Task_NotifyAfLate');
    // when the day has ended without an answer, AF and försörjningsstöd are told
    await advancePast(t.engine, pik, due.overdueAt, 60_000);
    await reached(t, pik, 'EndEvent_AfLateEscalated');
    expect(await outboxTemplates(t.db, caseId)).toEqual(['deadline-missed', 'task-waiting']);
    await t.engine.cancelProcessInstance(pik);
  });

  test('rule "från inventering till start av prövning tar det två veckor" (seed 003): a chain that takes every step of the seed to its last day is not flagged late; the meetings fall inside the three months with the arbetsledare and AF invited', async () => {
    // given an inventering and AF answering at the end of its two working days
    const { caseId, pik, inventoryDate } = await inventory();
    const [afTask] = await t.inbox.waitFor(pik, 'UserTask_AfAnswer');
    await advancePast(t.engine, pik, afTask!.due!, 3_600_000);
    await t.inbox.complete(pik, 'UserTask_AfAnswer', { afAnswer: 'arenor_for_provning' });
    // when the information meeting is held on its planned day, the week after the answer
    const [info] = await t.inbox.waitFor(pik, 'UserTask_InfoMeeting');
    await advancePast(t.engine, pik, info!.due!, 3_600_000);
    await t.inbox.complete(pik, 'UserTask_InfoMeeting', { infoMeetingHeldOn: await engineDate() });
    // and the prövning starts a week later
    await advanceUntil(t, pik, 'Task_RecordTrialStart');
    const [start] = await t.inbox.waitFor(pik, 'UserTask_StartMeeting');
    // then the start is the last day the seed's steps allow, more than 14 calendar days on, and not late
    const row = await t.db('routine_cases').where({ case_id: caseId }).first();
    expect(row.trial_start_date).toBe(trialStartTargetDate(inventoryDate));
    expect(row.days_to_start).toBeGreaterThanOrEqual(16);
    expect(row.start_late).toBe(false);
    expect(await visited(t, pik)).not.toContain('Task_NotifyLateStart');
    // and the uppstartsträff is due in the first week, the arbetsledare and AF are invited
    const trialStart = row.trial_start_date as string;
    expect(iso(start!.due!)).toBe(iso(computeDueDate('trial-start-meeting', trialStart).dueAt));
    const invitedUsers = await invited(caseId);
    expect(invitedUsers).toContain('arenor.arbetsledare');
    expect(invitedUsers.some((u) => u.startsWith('af.'))).toBe(true); // the förmedlare: AF's handläggare on the case, or AF's group
    await t.inbox.complete(pik, 'UserTask_StartMeeting', { meetingHeldOn: await engineDate(), afAttended: true });
    const [fu1] = await t.inbox.waitFor(pik, 'UserTask_FollowUp1');
    expect(iso(fu1!.due!)).toBe(iso(computeDueDate('trial-follow-up-1', trialStart).dueAt));
    await t.inbox.complete(pik, 'UserTask_FollowUp1', {
      meetingHeldOn: computeDueDate('trial-follow-up-1', trialStart).dueDate,
      afAttended: true,
    });
    const [fu2] = await t.inbox.waitFor(pik, 'UserTask_FollowUp2');
    expect(iso(fu2!.due!)).toBe(iso(computeDueDate('trial-follow-up-2', trialStart).dueAt));
    await t.inbox.complete(pik, 'UserTask_FollowUp2', {
      meetingHeldOn: computeDueDate('trial-follow-up-2', trialStart).dueDate,
      afAttended: true,
    });
    // and the three meetings are recorded with the arbetsledare and AF, all inside the three months
    await t.inbox.waitFor(pik, 'UserTask_Assessment');
    const meetings = await t
      .db('meetings')
      .where({ case_id: caseId })
      .whereIn('meeting_type', ['uppstartstraff', 'uppfoljningstraff-1', 'uppfoljningstraff-2'])
      .orderBy('meeting_id');
    expect(meetings.map((m) => m.participants)).toEqual([
      ['umea-fsd', 'umea-arenor', 'af'],
      ['umea-fsd', 'umea-arenor', 'af'],
      ['umea-fsd', 'umea-arenor', 'af'],
    ]);
    const lastDay = computeDueDate('trial-end-3-months', trialStart).dueDate;
    for (const due of [start!.due!, fu1!.due!, fu2!.due!]) expect(due.slice(0, 10) <= lastDay).toBe(true);
    await t.engine.cancelProcessInstance(pik);
  });

  test('rule "under de tre månaderna ska en kartläggning och bedömning genomföras så att nästa steg är klart vid avslut" (seed 003): the bedömning is due before the period ends, with a reminder a week before, and escalates when its day has ended', async () => {
    // given a prövning that reached the bedömning
    const { caseId, pik } = await inventory();
    await t.inbox.complete(pik, 'UserTask_AfAnswer', { afAnswer: 'arenor_for_provning' });
    const [info] = await t.inbox.waitFor(pik, 'UserTask_InfoMeeting');
    await t.inbox.complete(pik, 'UserTask_InfoMeeting', { infoMeetingHeldOn: info!.due!.slice(0, 10) });
    await advanceUntil(t, pik, 'Task_RecordTrialStart');
    for (const id of ['UserTask_StartMeeting', 'UserTask_FollowUp1', 'UserTask_FollowUp2'])
      await t.inbox.complete(pik, id, { meetingHeldOn: await engineDate(), afAttended: false });
    const [assessment] = await t.inbox.waitFor(pik, 'UserTask_Assessment');
    const trialStart = (await t.db('routine_cases').where({ case_id: caseId }).first()).trial_start_date as string;
    const due = computeDueDate('trial-assessment', trialStart, { reminderDays: 7 });
    // then it is due two weeks before the last day of the three months, reminded a week before that
    expect(iso(assessment!.due!)).toBe(iso(due.dueAt));
    expect(iso(assessment!.followUp!)).toBe(iso(due.reminderAt!));
    expect(due.dueDate < computeDueDate('trial-end-3-months', trialStart).dueDate).toBe(true);
    expect(await timerDue(pik, 'BoundaryEvent_AssessmentOverdue')).toBe(iso(due.overdueAt));
    // when the reminder date comes
    await advancePast(t.engine, pik, due.reminderAt!, 60_000);
    await reached(t, pik, 'EndEvent_AssessmentReminded');
    expect(await visited(t, pik)).not.toContain('Task_NotifyAssessmentOverdue');
    // and the due day ends without a bedömning
    await advancePast(t.engine, pik, due.overdueAt, 60_000);
    await reached(t, pik, 'EndEvent_AssessmentEscalated');
    await t.inbox.complete(pik, 'UserTask_Assessment', { nextStep: 'studier' });
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({
      status: 'avslutad',
      outcome: 'studier',
    });
    expect(await outboxTemplates(t.db, caseId)).toEqual(expect.arrayContaining(['deadline-near', 'deadline-missed']));
  });
});
