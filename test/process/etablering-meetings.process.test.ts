import { requestExtraMeeting, startEtablering } from '../../src/services/cases.js';
import { advancePast, ended, engineDate, outboxTemplates, reached, testPersonnummer } from '../support/caseFixtures.js';
import { eventually } from '../support/harness.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';

const DAY = 86_400_000;

describe('etablering-meetings: kartläggningsträffar KT1–KT3', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  async function start() {
    const caseId = await startEtablering(t, { person: { personnummer: testPersonnummer(1990), kon: 'M', folkbokfordKommun: 'Umeå' }, programmeEndDate: await engineDate(730) });
    const row = await t.db('routine_cases').where({ case_id: caseId }).first();
    return { caseId, pik: String(row.process_instance_key) };
  }

  async function holdKt1(pik: string) {
    const today = await engineDate();
    await t.inbox.complete(pik, 'UserTask_Kt1Registration', { kt1HeldOn: today, studieplanUpprattad: true, nextMeetingDate: await engineDate(14) });
    await t.inbox.complete(pik, 'UserTask_Kt1Health', { kt1HealthHeldOn: await engineDate(14), halsaOchYrkesorienteringKlar: true });
    const [kt2] = await t.inbox.waitFor(pik, 'UserTask_Kt2');
    return kt2!;
  }

  test('when KT1, KT2 with new needs and KT3 are held, then KT2 aktualiserar the person to Arbetsmarknadstorget (linked case) and the routine ends with the assessment', async () => {
    // given
    const { caseId, pik } = await start();
    // when KT1 (two meetings) is held, KT2 is due about a year after KT1
    const kt2 = await holdKt1(pik);
    expect(Date.parse(kt2.customHeaders['io.camunda.zeebe:dueDate']!) - Date.parse(`${await engineDate()}T00:00:00Z`)).toBeGreaterThan(360 * DAY);
    // and KT2 finds new needs and aktualiserar to Vuxentorget
    await t.inbox.complete(pik, 'UserTask_Kt2', {
      kt2HeldOn: await engineDate(),
      nyaBehov: true,
      referToTorget: true,
      referralVerksamhet: 'vuxentorget',
      referralTargetGroup: 'etablering',
      informedOfAim: true,
      readyForChange: true,
      consentParties: ['af', 'umea-fsd'],
      consentValidTo: await engineDate(700),
      consentSignedCopyGiven: true,
    });
    // then a linked samverkan case starts (signal start of samverkan-case) and reaches beredning
    const referral = await eventually(() => t.db('cases').where({ source_case_id: caseId }).whereNotNull('process_instance_key').first(), { what: 'linked case with instance' });
    await t.inbox.waitFor(String(referral.process_instance_key), 'UserTask_DecideBeredning');
    expect(await t.db('cases').where({ case_id: referral.case_id }).first()).toMatchObject({ verksamhet: 'vuxentorget', target_group: 'etablering', referring_org: 'af', status: 'pa_beredning' });
    await t.engine.cancelProcessInstance(String(referral.process_instance_key));
    // when KT3 is held with försörjningsstöd before the programme ends
    const [kt3] = await t.inbox.waitFor(pik, 'UserTask_Kt3');
    expect(JSON.parse(kt3!.customHeaders['io.camunda.zeebe:candidateGroups']!)).toEqual(['af', 'umea-fsd']);
    await t.inbox.complete(pik, 'UserTask_Kt3', { kt3HeldOn: await engineDate(), nyPlanUpprattad: true, readiness: 'redo_arbete' });
    // then
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({ status: 'avslutad', outcome: 'redo_arbete' });
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual(['kt1-inskrivning', 'kt1-halsa', 'kt2', 'kt3']);
  });

  test('when KT2 and KT3 are not held in time, then reminders go out two weeks before and escalations after the due date, and an extra meeting can be held meanwhile', async () => {
    // given
    const { caseId, pik } = await start();
    const kt2 = await holdKt1(pik);
    // when an extra meeting is asked for
    await requestExtraMeeting(t, { caseId, requestId: `${caseId}-1` });
    await t.inbox.complete(pik, 'UserTask_ExtraMeeting', { extraMeetingHeldOn: await engineDate() });
    await reached(t.db, pik, 'EndEvent_ExtraMeetingHeld');
    // and the clock reaches two weeks before KT2's due date, then passes it
    const due2 = kt2.customHeaders['io.camunda.zeebe:dueDate']!;
    await advancePast(new Date(Date.parse(due2) - 14 * DAY).toISOString());
    await reached(t.db, pik, 'EndEvent_Kt2Reminded');
    await advancePast(due2);
    await reached(t.db, pik, 'EndEvent_Kt2Escalated');
    // then the task is still open, now late
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt2']);
    await t.inbox.complete(pik, 'UserTask_Kt2', { kt2HeldOn: await engineDate(), nyaBehov: false, referToTorget: false });
    // and the same for KT3
    const [kt3] = await t.inbox.waitFor(pik, 'UserTask_Kt3');
    const due3 = kt3!.customHeaders['io.camunda.zeebe:dueDate']!;
    await advancePast(new Date(Date.parse(due3) - 14 * DAY).toISOString());
    await reached(t.db, pik, 'EndEvent_Kt3Reminded');
    await advancePast(due3);
    await reached(t.db, pik, 'EndEvent_Kt3Escalated');
    await t.inbox.complete(pik, 'UserTask_Kt3', { kt3HeldOn: await engineDate(), nyPlanUpprattad: true, readiness: 'behov_rustande_insatser' });
    await ended(t.engine, pik);
    expect(await outboxTemplates(t.db, caseId)).toEqual(['deadline-missed', 'deadline-near']);
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual(['kt1-inskrivning', 'kt1-halsa', 'kt-extra', 'kt2', 'kt3']);
    expect(await t.db('cases').where({ source_case_id: caseId }).first()).toBeUndefined();
  });
});
