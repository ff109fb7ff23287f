import { computeDueDate, KT3_LEAD_MONTHS } from '../../src/domain/deadlines.js';
import type { SessionUser } from '../../src/domain/sessionUser.js';
import { mayOpenCase } from '../../src/services/caseAccess.js';
import { requestExtraMeeting, RoutineEndedError, startEtablering, startInventering } from '../../src/services/cases.js';
import {
  advancePast,
  ended,
  engineDate,
  outboxTemplates,
  reached,
  testPersonnummer,
  visited,
} from '../support/caseFixtures.js';
import { eventually } from '../support/harness.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';
import type { OpenTask } from '../support/userTasks.js';

const DAY = 86_400_000;

describe('etablering-meetings: kartläggningsträffar KT1–KT3', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  async function start() {
    const caseId = await startEtablering(t, {
      person: { personnummer: testPersonnummer(1990), kon: 'M', folkbokfordKommun: 'Umeå' },
      programmeEndDate: await engineDate(730),
    });
    const row = await t.db('routine_cases').where({ case_id: caseId }).first();
    return { caseId, pik: String(row.process_instance_key) };
  }

  /** Centrum för vuxenutbildning registers the studieplan it made with the person after KT1's first meeting. */
  const studieplan = async () => ({ studieplanUpprattadOn: await engineDate(), studieplanInriktning: ['sfi'] });

  async function holdKt1(pik: string, kt2Kallas?: string[]): Promise<OpenTask> {
    const today = await engineDate();
    await t.inbox.complete(pik, 'UserTask_Kt1Registration', {
      kt1HeldOn: today,
      studieplanUpprattad: true,
      nextMeetingDate: await engineDate(14),
    });
    // The vuxenutbildning registers its studieplan once AF's branch rests at the second meeting, and AF holds it once
    // the studieplan's branch has ended (its asynchronous end). The tests complete through the engine directly, so a
    // completion in the same moment as another transaction of the instance would be refused (optimistic lock); the
    // app tries such a completion again, these calls don't.
    await t.inbox.waitFor(pik, 'UserTask_Kt1Health');
    await t.inbox.complete(pik, 'UserTask_Kt1Studieplan', await studieplan());
    await reached(t, pik, 'EndEvent_StudieplanUpprattad');
    await t.inbox.complete(pik, 'UserTask_Kt1Health', {
      kt1HealthHeldOn: await engineDate(14),
      halsaOchYrkesorienteringKlar: true,
      ...(kt2Kallas ? { kt2Kallas } : {}),
    });
    const [kt2] = await t.inbox.waitFor(pik, 'UserTask_Kt2');
    return kt2!;
  }

  const kt2WithoutReferral = async () => ({ kt2HeldOn: await engineDate(), nyaBehov: false, referToTorget: false });

  /** After KT3, Centrum för vuxenutbildning and Integration each register their part of the continued planning. */
  async function holdKt3Parts(pik: string): Promise<void> {
    await reached(t, pik, 'EndEvent_EtableringDone'); // AF's branch has recorded the assessment and rests
    await t.inbox.complete(pik, 'UserTask_Kt3StudyPlanning', {
      vuxenutbildningDelOverenskommen: true,
      vuxenutbildningFortsattning: 'fortsatter',
    });
    await reached(t, pik, 'EndEvent_Kt3StudyPlanningDone'); // that branch's asynchronous end has run
    await t.inbox.complete(pik, 'UserTask_Kt3IntegrationPlanning', {
      integrationDelOverenskommen: true,
      integrationInsatser: ['arbetsmarknad'],
    });
  }

  const handlaggare = (username: string, orgCode: SessionUser['orgCode']): SessionUser => ({
    username,
    displayName: username,
    orgCode,
    role: 'handlaggare',
    groups: [orgCode],
  });

  test('when KT1, KT2 with new needs and KT3 are held, then KT2 aktualiserar the person to Arbetsmarknadstorget (linked case, with the confirmation that the person was told what a samtycke till samverkan means, seed 000) and the routine ends with the assessment', async () => {
    // given
    const { caseId, pik } = await start();
    // when KT1 (two meetings) is held, KT2 is due about a year after KT1, with a reminder date two weeks before
    const kt2 = await holdKt1(pik);
    expect(kt2.candidateGroups).toEqual(['af']);
    expect(await t.inbox.formId(kt2)).toBe('kt2-uppfoljning');
    expect(Date.parse(kt2.due!) - Date.parse(`${await engineDate()}T00:00:00Z`)).toBeGreaterThan(360 * DAY);
    expect(Date.parse(kt2.due!) - Date.parse(kt2.followUp!)).toBe(14 * DAY);
    // and KT2 finds new needs and aktualiserar to Vuxentorget
    await t.inbox.complete(pik, 'UserTask_Kt2', {
      kt2HeldOn: await engineDate(),
      nyaBehov: true,
      referToTorget: true,
      referralVerksamhet: 'vuxentorget',
      referralTargetGroup: 'etablering',
      informedOfAim: true,
      readyForChange: true,
      informedOfConsent: true,
      consentParties: ['af', 'umea-fsd'],
      consentValidTo: await engineDate(700),
      consentSignedCopyGiven: true,
    });
    // then a linked samverkan case starts (signal start of samverkan-case, business key = its case id) and reaches beredning
    const referral = await eventually(
      () => t.db('cases').where({ source_case_id: caseId }).whereNotNull('process_instance_key').first(),
      { what: 'linked case with instance' },
    );
    const referralPik = String(referral.process_instance_key);
    await t.inbox.waitFor(referralPik, 'UserTask_DecideBeredning');
    expect(await t.db('cases').where({ case_id: referral.case_id }).first()).toMatchObject({
      verksamhet: 'vuxentorget',
      target_group: 'etablering',
      referring_org: 'af',
      status: 'pa_beredning',
      informed_of_consent: true,
    });
    expect(await t.engine.historicProcessInstance(referralPik)).toMatchObject({
      processDefinitionKey: 'samverkan-case',
      businessKey: referral.case_id,
    });
    expect(await visited(t, referralPik)).toContain('StartEvent_ReferredFromEtablering');
    await t.engine.cancelProcessInstance(referralPik);
    // when KT3 is held with försörjningsstöd before the programme ends
    const [kt3] = await t.inbox.waitFor(pik, 'UserTask_Kt3');
    expect(kt3!.candidateGroups).toEqual(['af', 'umea-fsd']);
    await t.inbox.complete(pik, 'UserTask_Kt3', {
      kt3HeldOn: await engineDate(),
      nyPlanUpprattad: true,
      readiness: 'redo_arbete',
    });
    // then
    await holdKt3Parts(pik);
    await ended(t.engine, pik);
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({
      status: 'avslutad',
      outcome: 'redo_arbete',
    });
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual([
      'kt1-inskrivning',
      'kt1-halsa',
      'kt2',
      'kt3',
    ]);
  });

  test('when KT2 and KT3 are not held in time, then reminders go out two weeks before and escalations after the due date, and an extra meeting can be held meanwhile', async () => {
    // given
    const { caseId, pik } = await start();
    const kt2 = await holdKt1(pik);
    // when an extra meeting is asked for
    await requestExtraMeeting(t, { caseId });
    const [extra] = await t.inbox.waitFor(pik, 'UserTask_ExtraMeeting');
    expect(extra!.candidateGroups).toEqual(['af']);
    await t.inbox.complete(pik, 'UserTask_ExtraMeeting', { extraMeetingHeldOn: await engineDate() });
    await reached(t, pik, 'EndEvent_ExtraMeetingHeld');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt2']); // the non-interrupting extra meeting left KT2 open
    // and the clock reaches two weeks before KT2's due date (the task's follow-up date), then passes the due date
    await advancePast(t.engine, pik, kt2.followUp!);
    await reached(t, pik, 'EndEvent_Kt2Reminded');
    expect(await visited(t, pik)).not.toContain('BoundaryEvent_Kt2Overdue');
    await advancePast(t.engine, pik, kt2.due!);
    await reached(t, pik, 'EndEvent_Kt2Escalated');
    // then the task is still open, now late
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt2']);
    await t.inbox.complete(pik, 'UserTask_Kt2', await kt2WithoutReferral());
    // and the same for KT3
    const [kt3] = await t.inbox.waitFor(pik, 'UserTask_Kt3');
    await advancePast(t.engine, pik, kt3!.followUp!);
    await reached(t, pik, 'EndEvent_Kt3Reminded');
    await advancePast(t.engine, pik, kt3!.due!);
    await reached(t, pik, 'EndEvent_Kt3Escalated');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt3']);
    await t.inbox.complete(pik, 'UserTask_Kt3', {
      kt3HeldOn: await engineDate(),
      nyPlanUpprattad: true,
      readiness: 'behov_rustande_insatser',
    });
    await holdKt3Parts(pik);
    await ended(t.engine, pik);
    expect(await outboxTemplates(t.db, caseId)).toEqual(['deadline-missed', 'deadline-near', 'meeting-invitation']);
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual([
      'kt1-inskrivning',
      'kt1-halsa',
      'kt-extra',
      'kt2',
      'kt3',
    ]);
    expect(await t.db('cases').where({ source_case_id: caseId }).first()).toBeUndefined();
  });

  test('when an extra meeting is asked for after the etablering has ended, then RoutineEndedError is thrown and nothing starts', async () => {
    // given an etablering that went through KT1, KT2 (no new needs) and KT3
    const { caseId, pik } = await start();
    await holdKt1(pik);
    await t.inbox.complete(pik, 'UserTask_Kt2', await kt2WithoutReferral());
    await t.inbox.complete(pik, 'UserTask_Kt3', {
      kt3HeldOn: await engineDate(),
      nyPlanUpprattad: false,
      readiness: 'redo_studier',
    });
    await holdKt3Parts(pik);
    await ended(t.engine, pik);
    // when
    const request = requestExtraMeeting(t, { caseId });
    // then
    await expect(request).rejects.toBeInstanceOf(RoutineEndedError);
    expect(await visited(t, pik)).not.toContain('StartEvent_ExtraMeetingRequested');
    expect(await t.db('routine_cases').where({ case_id: caseId }).first()).toMatchObject({
      status: 'avslutad',
      outcome: 'redo_studier',
    });
  });

  const iso = (at: string) => new Date(Date.parse(at)).toISOString();
  const invited = (caseId: string) =>
    t
      .db('outbox_messages')
      .where({ case_id: caseId, template: 'meeting-invitation' })
      .distinct()
      .pluck('recipient_username');

  test('rule "Vid denna träff sätts även datum för nästa möte" (seed 003): KT1\'s second meeting is due on the date set at the first, with a reminder a week before, and Centrum för vuxenutbildning and Integration are invited', async () => {
    // given KT1's first meeting sets the second to two weeks later
    const { caseId, pik } = await start();
    const nextMeetingDate = await engineDate(14);
    await t.inbox.complete(pik, 'UserTask_Kt1Registration', {
      kt1HeldOn: await engineDate(),
      studieplanUpprattad: true,
      nextMeetingDate,
    });
    // then the second meeting's task is due on that date (moved to a working day) and reminded a week before
    const [second] = await t.inbox.waitFor(pik, 'UserTask_Kt1Health');
    const due = computeDueDate('kt1-second-meeting', nextMeetingDate, { reminderDays: 7 });
    expect(iso(second!.due!)).toBe(iso(due.dueAt));
    expect(iso(second!.followUp!)).toBe(iso(due.reminderAt!));
    // and the parties the seed names are invited to it
    expect(await invited(caseId)).toEqual(expect.arrayContaining(['vux.handlaggare', 'integration.handlaggare']));
    expect(await invited(caseId)).not.toContain('syv.handlaggare');
    // when the reminder date comes, AF and the parties are reminded
    await advancePast(t.engine, pik, due.reminderAt!, 60_000);
    await reached(t, pik, 'EndEvent_Kt1SecondMeetingReminded');
    expect(await outboxTemplates(t.db, caseId)).toEqual(['deadline-near', 'meeting-invitation']);
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt1Health', 'UserTask_Kt1Studieplan']);
    await t.engine.cancelProcessInstance(pik);
  });

  test(`rule "Kartläggningsträff 3 – inför etableringsprogrammets avslut" (seed 003): KT3 is due ${KT3_LEAD_MONTHS} months before the programme ends, and försörjningsstöd, Centrum för vuxenutbildning and Integration are invited`, async () => {
    // given an etablering whose programme ends in two years, through KT1 and KT2
    const { caseId, pik } = await start();
    const programmeEndDate = (await t.db('routine_cases').where({ case_id: caseId }).first())
      .programme_end_date as string;
    await holdKt1(pik);
    await t.inbox.complete(pik, 'UserTask_Kt2', await kt2WithoutReferral());
    // then KT3 is due on the working day on or before the date two months before the end
    const [kt3] = await t.inbox.waitFor(pik, 'UserTask_Kt3');
    const due = computeDueDate('kt3-before-end', await engineDate(), { until: programmeEndDate, reminderDays: 14 });
    expect(iso(kt3!.due!)).toBe(iso(due.dueAt));
    expect(iso(kt3!.followUp!)).toBe(iso(due.reminderAt!));
    const leadDays = (Date.parse(programmeEndDate) - Date.parse(due.dueDate)) / 86_400_000;
    expect(leadDays).toBeGreaterThanOrEqual(59);
    expect(await invited(caseId)).toEqual(
      expect.arrayContaining(['fsd.handlaggare', 'vux.handlaggare', 'integration.handlaggare']),
    );
    expect(await invited(caseId)).not.toContain('syv.handlaggare'); // nobody ticked SYV for KT2 or KT3
    await t.engine.cancelProcessInstance(pik);
  });

  test('rule "SYV deltar inte om det inte finns direkta frågetecken kring studieplaneringen" / "SYV deltar vid behov … fortfarande är elev inom vuxenutbildningen" (seed 003): the studie- och yrkesvägledare is invited to KT2 and KT3 only when ticked for that meeting, and försörjningsstöd "eventuellt" to KT2', async () => {
    // given KT1 found questions about the study plan and that the person has försörjningsstöd
    const { caseId, pik } = await start();
    await holdKt1(pik, ['umea-syv', 'umea-fsd']);
    const invitations = (username: string) =>
      t
        .db('outbox_messages')
        .where({ case_id: caseId, template: 'meeting-invitation', recipient_username: username })
        .count<{ n: string }[]>('* as n')
        .then((r) => Number(r[0]!.n));
    // then SYV and försörjningsstöd are invited to KT2 (besides the KT1 invitation to Centrum för vuxenutbildning and Integration)
    expect(await invitations('syv.handlaggare')).toBe(1);
    expect(await invitations('fsd.handlaggare')).toBe(1);
    // when KT2 is held with SYV, and the person is no longer elev inom vuxenutbildningen (SYV not ticked for KT3)
    await t.inbox.complete(pik, 'UserTask_Kt2', await kt2WithoutReferral());
    await t.inbox.waitFor(pik, 'UserTask_Kt3');
    // then KT3's invitation reaches försörjningsstöd again but not SYV, and KT2 is recorded with both
    await eventually(async () => (await invitations('fsd.handlaggare')) === 2, {
      what: 'KT3 invitation to försörjningsstöd',
    });
    expect(await invitations('syv.handlaggare')).toBe(1);
    expect(await t.db('meetings').where({ case_id: caseId, meeting_type: 'kt2' }).first()).toMatchObject({
      participants: ['af', 'umea-vuxenutbildning', 'umea-integration', 'umea-syv', 'umea-fsd'],
    });
    // and KT3 is recorded without SYV
    await t.inbox.complete(pik, 'UserTask_Kt3', {
      kt3HeldOn: await engineDate(),
      nyPlanUpprattad: true,
      readiness: 'redo_studier',
    });
    await holdKt3Parts(pik);
    await ended(t.engine, pik);
    expect(await t.db('meetings').where({ case_id: caseId, meeting_type: 'kt3' }).first()).toMatchObject({
      participants: ['af', 'umea-vuxenutbildning', 'umea-integration', 'umea-fsd'],
    });
    // when in another case SYV is ticked at KT2, then SYV is invited to KT3 and is a participant of it
    const other = await start();
    await holdKt1(other.pik);
    await t.inbox.complete(other.pik, 'UserTask_Kt2', { ...(await kt2WithoutReferral()), kt3Kallas: ['umea-syv'] });
    await t.inbox.waitFor(other.pik, 'UserTask_Kt3');
    await eventually(async () => (await invited(other.caseId)).includes('syv.handlaggare'), {
      what: 'KT3 invitation to SYV',
    });
    await t.inbox.complete(other.pik, 'UserTask_Kt3', {
      kt3HeldOn: await engineDate(),
      nyPlanUpprattad: true,
      readiness: 'redo_studier',
    });
    await holdKt3Parts(other.pik);
    await ended(t.engine, other.pik);
    expect(await t.db('meetings').where({ case_id: other.caseId, meeting_type: 'kt3' }).first()).toMatchObject({
      participants: ['af', 'umea-vuxenutbildning', 'umea-integration', 'umea-fsd', 'umea-syv'],
    });
  });

  test('rule "Syftet är att skriva in personen i etableringsprogrammet samt upprätta en studieplan" (seed 003): after KT1\'s first meeting Centrum för vuxenutbildning gets "Upprätta studieplan", and the second meeting does not wait for it', async () => {
    // given an etablering whose KT1 first meeting is held
    const { pik } = await start();
    await t.inbox.complete(pik, 'UserTask_Kt1Registration', {
      kt1HeldOn: await engineDate(),
      studieplanUpprattad: true,
      nextMeetingDate: await engineDate(14),
    });
    // then Centrum för vuxenutbildning has its own task with its form, beside AF's second meeting
    const [plan] = await t.inbox.waitFor(pik, 'UserTask_Kt1Studieplan');
    expect(plan!.candidateGroups).toEqual(['umea-vuxenutbildning']);
    expect(await t.inbox.formId(plan!)).toBe('etablering-studieplan');
    await t.inbox.waitFor(pik, 'UserTask_Kt1Health');
    // when the studieplan is registered, then that branch ends and only AF's meeting remains
    await t.inbox.complete(pik, 'UserTask_Kt1Studieplan', await studieplan());
    await reached(t, pik, 'EndEvent_StudieplanUpprattad');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt1Health']);
    await t.engine.cancelProcessInstance(pik);
  });

  test('rule "Parterna och individen enas om en fortsatt gemensam planering" (seed 003): after KT3 Centrum för vuxenutbildning and Integration each register their part, and the etablering ends only when both have', async () => {
    // given an etablering through KT1, KT2 and KT3
    const { caseId, pik } = await start();
    await holdKt1(pik);
    await t.inbox.complete(pik, 'UserTask_Kt2', await kt2WithoutReferral());
    await t.inbox.complete(pik, 'UserTask_Kt3', {
      kt3HeldOn: await engineDate(),
      nyPlanUpprattad: true,
      readiness: 'redo_arbete',
    });
    // then each party has its own task with its own form, and the assessment is recorded meanwhile
    const [cvu] = await t.inbox.waitFor(pik, 'UserTask_Kt3StudyPlanning');
    const [integration] = await t.inbox.waitFor(pik, 'UserTask_Kt3IntegrationPlanning');
    expect(cvu!.candidateGroups).toEqual(['umea-vuxenutbildning']);
    expect(integration!.candidateGroups).toEqual(['umea-integration']);
    expect(await t.inbox.formId(cvu!)).toBe('kt3-planering-vuxenutbildning');
    expect(await t.inbox.formId(integration!)).toBe('kt3-planering-integration');
    await eventually(
      async () => (await t.db('routine_cases').where({ case_id: caseId }).first()).outcome === 'redo_arbete',
      { what: 'assessed readiness recorded' },
    );
    await reached(t, pik, 'EndEvent_EtableringDone');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt3IntegrationPlanning', 'UserTask_Kt3StudyPlanning']);
    // when Centrum för vuxenutbildning has registered its part, the etablering still waits for Integration's
    await t.inbox.complete(pik, 'UserTask_Kt3StudyPlanning', {
      vuxenutbildningDelOverenskommen: true,
      vuxenutbildningFortsattning: 'avslutar',
    });
    await reached(t, pik, 'EndEvent_Kt3StudyPlanningDone');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_Kt3IntegrationPlanning']);
    // and when Integration has registered its part, it ends
    await t.inbox.complete(pik, 'UserTask_Kt3IntegrationPlanning', {
      integrationDelOverenskommen: true,
      integrationInsatser: ['bosattning'],
    });
    await reached(t, pik, 'EndEvent_Kt3IntegrationPlanningDone');
    await ended(t.engine, pik);
  });

  test('rule "Arbetsförmedlingen kallar berörda parter (Centrum för vuxenutbildning och Integration …)" (seed 003): their handläggare may open every etablering case, before they have a task in it, but not an arbetsprövning they have no part in', async () => {
    // given a new etablering (no task for them yet) and a work trial
    const { caseId } = await start();
    const trial = await startInventering(t, {
      person: { personnummer: testPersonnummer(1985), kon: 'K', folkbokfordKommun: 'Umeå' },
    });
    const vux = handlaggare('vux.handlaggare', 'umea-vuxenutbildning');
    const integration = handlaggare('integration.handlaggare', 'umea-integration');
    // then
    expect(await mayOpenCase(t.db, vux, caseId)).toBe(true);
    expect(await mayOpenCase(t.db, integration, caseId)).toBe(true);
    expect(await mayOpenCase(t.db, handlaggare('syv.handlaggare', 'umea-syv'), caseId)).toBe(false);
    expect(await mayOpenCase(t.db, vux, trial)).toBe(false);
    expect(await mayOpenCase(t.db, integration, trial)).toBe(false);
    const pikOf = async (id: string) =>
      String((await t.db('routine_cases').where({ case_id: id }).first()).process_instance_key);
    await t.engine.cancelProcessInstance(await pikOf(caseId));
    await t.engine.cancelProcessInstance(await pikOf(trial));
  });
});
