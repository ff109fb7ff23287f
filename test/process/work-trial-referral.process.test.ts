import { startInventering } from '../../src/services/cases.js';
import { advancePast, advanceUntil, ended, engineDate, outboxTemplates, reached, testPersonnummer, visited } from '../support/caseFixtures.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';

describe('work-trial-referral: försörjningsstöd → Arenor för prövning', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  async function inventory(referToAf = true) {
    const caseId = await startInventering(t, { person: { personnummer: testPersonnummer(1985), kon: 'K', folkbokfordKommun: 'Umeå' } });
    const pik = String((await t.db('routine_cases').where({ case_id: caseId }).first()).process_instance_key);
    const inventoryDate = await engineDate();
    const inventoryTask = await t.inbox.complete(pik, 'UserTask_Inventory', { inventoryDate, arbetsformagaOsaker: true, aktuellHosAf: true, referToAf });
    expect(inventoryTask.candidateGroups).toEqual(['umea-fsd']);
    return { caseId, pik, inventoryDate };
  }

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
    const [assessment] = await t.inbox.waitFor(pik, 'UserTask_Assessment');
    if (escalateAssessment) {
      await advancePast(t.engine, pik, assessment!.due!);
      await reached(t, pik, 'EndEvent_AssessmentEscalated');
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
    expect(row.days_to_start).toBe(Math.round((Date.parse(row.trial_start_date) - Date.parse(inventoryDate)) / 86_400_000));
    expect(row.start_late).toBe(row.days_to_start > 14);
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual(['informationsmote', 'uppstartstraff', 'uppfoljningstraff-1', 'uppfoljningstraff-2']);
    expect(await t.db('meetings').where({ case_id: caseId, meeting_type: 'uppstartstraff' }).first()).toMatchObject({ participants: ['umea-fsd', 'af'] });
    expect(await visited(t, pik)).toEqual(expect.arrayContaining(['TimerEvent_TrialStart', 'EndEvent_TrialDone']));
  });

  test('when AF answers after the 2 working days, then AF and försörjningsstöd get an escalation, the late answer still counts and the late start is flagged', async () => {
    // given
    const { caseId, pik } = await inventory();
    const [afTask] = await t.inbox.waitFor(pik, 'UserTask_AfAnswer');
    // when the due date passes without an answer
    await advancePast(t.engine, pik, afTask!.due!);
    await reached(t, pik, 'EndEvent_AfLateEscalated');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_AfAnswer']);
    // and AF answers later anyway, and the assessment is late at the end of the period
    await runTrial(pik, { escalateAssessment: true });
    // then
    const row = await t.db('routine_cases').where({ case_id: caseId }).first();
    expect(row.start_late).toBe(true);
    expect(await visited(t, pik)).toEqual(expect.arrayContaining(['Task_NotifyLateStart', 'EndEvent_AssessmentEscalated']));
    expect(await outboxTemplates(t.db, caseId)).toEqual(expect.arrayContaining(['deadline-missed', 'meeting-invitation']));
  });

  test('when AF answers that the person has an active planning at AF, then this flow ends with that outcome', async () => {
    // given
    const { caseId, pik } = await inventory();
    // when
    await t.inbox.complete(pik, 'UserTask_AfAnswer', { afAnswer: 'aktiv_planering' });
    // then
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({ af_answer: 'aktiv_planering', outcome: 'aktiv_planering_af', status: 'avslutad' });
    expect(await visited(t, pik)).toContain('EndEvent_ActivePlanningAtAf');
  });

  test('when the inventering finds no reason to aktualisera to AF, then the flow ends as not relevant', async () => {
    // given / when
    const { caseId, pik } = await inventory(false);
    // then
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({ outcome: 'ej_aktuell_for_provning', af_answer: null });
    expect(await visited(t, pik)).toContain('EndEvent_NotReferred');
  });
});
