import { computeDueDate } from '../../src/domain/deadlines.js';
import { withdrawConsent } from '../../src/services/cases.js';
import {
  advancePast,
  ended,
  engineDate,
  fireDueTimers,
  outboxTemplates,
  reached,
  referCase,
  validReferral,
  visited,
} from '../support/caseFixtures.js';
import { clock, eventually } from '../support/harness.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';

const plan = {
  arendebarareOrg: 'umea-fsd',
  inriktning: 'arbetsinriktade',
  planSteps: [
    { party: 'af', description: 'Jobbspår', dueDate: '2027-01-15' },
    { party: 'umea-fsd', description: 'Ekonomiskt bistånd under insatsen', dueDate: '2027-02-01' },
  ],
};

/** The beredningsgrupp's nej, with the motivering and rekommendation the återkoppling carries. */
const nej = {
  beredningDecision: 'nej',
  motivering: 'Behoven tillgodoses av en part.',
  rekommendation: 'Fortsatt planering hos AF.',
};

describe('samverkan-case: aktualisering, beredning and samverkan', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  /** Drives a fresh case up to the first uppföljning (beredning ja, kartläggning, planeringsträff, plan). */
  async function caseAtFollowUp(planSetOn?: string) {
    const c = await referCase(t);
    await t.inbox.complete(c.pik, 'UserTask_DecideBeredning', { beredningDecision: 'ja' });
    await t.inbox.completeAll(c.pik, 'UserTask_ContributeKartlaggning', 2, () => ({
      bidragLamnat: true,
      foreslagenInriktning: 'arbetsinriktade',
    }));
    await t.inbox.complete(c.pik, 'UserTask_CallMeeting', { meetingAt: '2026-12-10T10:00+01:00' });
    await t.inbox.complete(c.pik, 'UserTask_HoldMeeting', planSetOn ? { ...plan, planSetOn } : plan);
    const [followUp] = await t.inbox.waitFor(c.pik, 'UserTask_FollowUp');
    return { ...c, followUp: followUp! };
  }

  test('when a valid aktualisering goes through beredning ja, planning, two uppföljningar and avslut, then the case ends with its avslutsorsak', async () => {
    // given a case aktualiserad by AF for a person folkbokförd in Umeå
    const { caseId, pik } = await referCase(t);
    // when Vuxentorget's beredningsgrupp in Umeå says ja
    const [beredning] = await t.inbox.waitFor(pik, 'UserTask_DecideBeredning');
    expect(beredning!.candidateGroups).toEqual(['beredning-umea-vuxen']);
    expect(await t.inbox.formId(beredning!)).toBe('beredning-decision'); // the linked form, deployed with this version
    const agenda = await t.db('beredning_agenda').where({ case_id: caseId }).first();
    expect(agenda).toMatchObject({ group_code: 'umea-vuxen' });
    expect(beredning!.due?.slice(0, 10)).toBe(agenda.meeting_date); // due at the beredning meeting
    await t.inbox.complete(pik, 'UserTask_DecideBeredning', { beredningDecision: 'ja' });
    // and each party contributes to the kartläggning
    const contributions = await t.inbox.completeAll(pik, 'UserTask_ContributeKartlaggning', 2, () => ({
      bidragLamnat: true,
      foreslagenInriktning: 'arbetsinriktade',
    }));
    expect(contributions.map((task) => task.candidateGroups[0]).sort()).toEqual(['af', 'umea-fsd']);
    // and the aktualiserande part (AF) calls the planeringsträff, where försörjningsstöd becomes ärendebärare
    const [call] = await t.inbox.waitFor(pik, 'UserTask_CallMeeting');
    expect(call!.candidateGroups).toEqual(['af']);
    await t.inbox.complete(pik, 'UserTask_CallMeeting', { meetingAt: '2026-12-10T10:00+01:00' });
    await t.inbox.complete(pik, 'UserTask_HoldMeeting', plan);
    // and the ärendebärare holds an uppföljning as planned, then one that ends the participation
    const [followUp] = await t.inbox.waitFor(pik, 'UserTask_FollowUp');
    expect(followUp!.candidateGroups).toEqual(['umea-fsd']);
    expect(Date.parse(followUp!.due!)).toBeGreaterThan(await clock.now()); // the computed uppföljning date
    // held today on the engine's clock: the next one is counted from it, so its timers lie three months ahead
    await t.inbox.complete(pik, 'UserTask_FollowUp', {
      followUpHeldOn: await engineDate(),
      followUpOutcome: 'enligt_plan',
    });
    const [second] = await t.inbox.waitFor(pik, 'UserTask_FollowUp');
    expect(second!.id).not.toBe(followUp!.id); // a new uppföljning, not the completed one
    await t.inbox.complete(pik, 'UserTask_FollowUp', {
      followUpHeldOn: await engineDate(1),
      followUpOutcome: 'avslut',
    });
    const endDate = await engineDate(2);
    await t.inbox.complete(pik, 'UserTask_CloseCase', { avslutsorsak: 'arbete', endDate });
    // then
    await ended(t.engine, pik);
    expect(await t.engine.historicProcessInstance(pik)).toMatchObject({ state: 'COMPLETED', businessKey: caseId });
    const row = await t.db('cases').where({ case_id: caseId }).first();
    expect(row).toMatchObject({
      status: 'avslutad',
      avslutsorsak: 'arbete',
      end_date: endDate,
      arendebarare_org: 'umea-fsd',
      beredning_group: 'umea-vuxen',
      start_date: agenda.meeting_date,
    });
    expect(await t.db('beredning_decisions').where({ case_id: caseId }).select('decision')).toEqual([
      { decision: 'ja' },
    ]);
    const plans = await t.db('plans').where({ case_id: caseId }).select('plan_id', 'version');
    expect(plans).toHaveLength(1);
    expect(
      await t.db('plan_steps').where({ plan_id: plans[0].plan_id }).orderBy('step_no').select('party', 'due_date'),
    ).toEqual([
      { party: 'af', due_date: '2027-01-15' },
      { party: 'umea-fsd', due_date: '2027-02-01' },
    ]);
    expect(await t.db('meetings').where({ case_id: caseId }).select('meeting_type', 'status')).toEqual([
      { meeting_type: 'planeringstraff', status: 'kallad' },
    ]);
    expect(await t.db('follow_ups').where({ case_id: caseId }).orderBy('held_on').pluck('outcome')).toEqual([
      'enligt_plan',
      'avslut',
    ]);
    expect(await outboxTemplates(t.db, caseId)).toEqual(
      expect.arrayContaining(['beredning-decision-ready', 'meeting-invitation']),
    );
    expect(await visited(t, pik)).toContain('EndEvent_CaseClosed');
    // no personal data in the case's variables: the person row holds the personnummer only encrypted
    const person = await t.db('persons').where({ person_id: row.person_id }).first();
    expect(person.personnummer_enc).toMatch(/^v2:[a-z0-9-]+:/); // key id prefix (docs/sakerhet.md, key rotation)
  });

  test('when the person is folkbokförd outside Umeåregionen, then the aktualisering is returned to the sender with the reason', async () => {
    // given
    const input = validReferral({ person: { folkbokfordKommun: 'Luleå' } });
    // when
    const { caseId, pik } = await referCase(t, input);
    // then
    await ended(t.engine, pik);
    const row = await t.db('cases').where({ case_id: caseId }).first();
    expect(row.status).toBe('returnerad');
    expect(row.rejection_reason).toMatch(/folkbokförd/);
    expect(await outboxTemplates(t.db, caseId)).toEqual(['feedback-ready']);
    expect(await visited(t, pik)).toContain('EndEvent_ReferralReturned');
  });

  test('a kranskommun resident aktualiserad to a torg goes first to the hemkommun beredningsgrupp and becomes that samordningsteam case (seed 000)', async () => {
    // given / when: AF aktualiserar a person from Vännäs to Vuxentorget
    const { caseId, pik } = await referCase(t, validReferral({ person: { folkbokfordKommun: 'Vännäs' } }));
    // then
    const [task] = await t.inbox.waitFor(pik, 'UserTask_DecideBeredning');
    expect(task!.candidateGroups).toEqual(['beredning-vannas']);
    expect(await t.db('beredning_agenda').where({ case_id: caseId }).pluck('group_code')).toEqual(['vannas']);
    expect(await t.db('cases').where({ case_id: caseId }).first()).toMatchObject({
      verksamhet: 'st-vannas',
      target_group: 'vuxna',
      requested_verksamhet: 'vuxentorget',
    });
    await t.engine.cancelProcessInstance(pik);
  });

  test('when the beredningsgrupp says nej with motivering and rekommendation, then the referrer and the parties get återkoppling and the case ends', async () => {
    // given
    const { caseId, pik } = await referCase(t);
    // when
    await t.inbox.complete(pik, 'UserTask_DecideBeredning', nej);
    // then
    await ended(t.engine, pik);
    expect(await t.db('beredning_decisions').where({ case_id: caseId }).first()).toMatchObject({
      decision: 'nej',
      motivering: nej.motivering,
      rekommendation: nej.rekommendation,
    });
    expect((await t.db('cases').where({ case_id: caseId }).first()).status).toBe('avslagen');
    expect(await outboxTemplates(t.db, caseId)).toEqual(['beredning-decision-ready']);
    expect(await visited(t, pik)).toContain('EndEvent_BeredningNo');
  });

  test('a nej requires a motivering; the rekommendation is optional and never blocks the decision (seed 000)', async () => {
    // given
    const { caseId, pik } = await referCase(t);
    // when the group says nej with a motivering and no rekommendation
    await t.inbox.complete(pik, 'UserTask_DecideBeredning', {
      beredningDecision: 'nej',
      motivering: 'Behoven tillgodoses av en part.',
    });
    // then the decision is recorded and the case ends
    await ended(t.engine, pik);
    expect(await t.db('beredning_decisions').where({ case_id: caseId }).first()).toMatchObject({
      decision: 'nej',
      motivering: 'Behoven tillgodoses av en part.',
      rekommendation: null,
    });
    expect((await t.db('cases').where({ case_id: caseId }).first()).status).toBe('avslagen');
  });

  test('when the due day of an uppföljning has passed without it, then it escalates to ärendebärare and samordnare and the task stays open', async () => {
    // given
    const { caseId, pik, followUp } = await caseAtFollowUp();
    // when the engine clock passes the end of the task's due day (the task is due at 08:00; a day later it has ended)
    await advancePast(t.engine, pik, followUp.due!, 24 * 3_600_000);
    // then
    await reached(t, pik, 'EndEvent_FollowUpEscalated');
    expect(await outboxTemplates(t.db, caseId)).toContain('deadline-missed');
    expect(await t.inbox.openElementIds(pik)).toEqual(['UserTask_FollowUp']);
    expect((await t.inbox.open(pik, 'UserTask_FollowUp'))[0]!.id).toBe(followUp.id); // the same task, not a new one
    await t.engine.cancelProcessInstance(pik);
  });

  /** The last working day on or before 23 December (24–26 December are julafton, juldagen and annandag jul). */
  const LAST_WORKING_DAY_BEFORE_CHRISTMAS: Record<number, string> = {
    2026: '2026-12-23',
    2027: '2027-12-23',
    2028: '2028-12-22',
    2029: '2029-12-21',
    2030: '2030-12-23',
    2031: '2031-12-23',
    2032: '2032-12-23',
    2033: '2033-12-23',
    2034: '2034-12-22',
    2035: '2035-12-21',
  };
  const timerDue = async (pik: string, activityId: string) =>
    (await t.engine.jobs({ processInstanceId: pik, timers: true, activityId })).map((j) =>
      new Date(Date.parse(j.dueDate!)).toISOString(),
    );

  test('uppföljning at least every three months from the day the plan was set, moved earlier over a holiday, reminded before and escalated only when the due day has passed (seed 001)', async () => {
    // given a plan set on 26 September of a year still ahead of the engine clock: three months later is annandag jul
    const today = await engineDate();
    const year = Number(today.slice(0, 4)) + (today.slice(5) >= '09-01' ? 1 : 0);
    const expected = LAST_WORKING_DAY_BEFORE_CHRISTMAS[year];
    expect(expected).toBeDefined();
    const { caseId, pik, followUp } = await caseAtFollowUp(`${year}-09-26`);
    // then the due date is the last working day before the holidays, at 08:00 Stockholm (CET in December)
    expect(new Date(Date.parse(followUp.due!)).toISOString()).toBe(
      new Date(`${expected}T08:00:00+01:00`).toISOString(),
    );
    const reminderDay = new Date(Date.parse(`${expected}T12:00:00Z`) - 14 * 86_400_000).toISOString().slice(0, 10);
    expect(await timerDue(pik, 'BoundaryEvent_FollowUpReminder')).toEqual([
      new Date(`${reminderDay}T08:00:00+01:00`).toISOString(),
    ]);
    const dayAfter = new Date(Date.parse(`${expected}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(await timerDue(pik, 'BoundaryEvent_FollowUpOverdue')).toEqual([
      new Date(`${dayAfter}T00:00:00+01:00`).toISOString(),
    ]);
    // when the reminder day comes, the ärendebärare is reminded and nothing escalates
    await advancePast(t.engine, pik, `${reminderDay}T08:00:00+01:00`, 60_000);
    await reached(t, pik, 'EndEvent_FollowUpReminded');
    expect(await outboxTemplates(t.db, caseId)).toContain('deadline-near');
    // and on the morning of the due day there is still no escalation
    await advancePast(t.engine, pik, `${expected}T08:00:00+01:00`, 3_600_000);
    expect(await fireDueTimers(t.engine, pik)).toBe(0);
    expect(await visited(t, pik)).not.toContain('BoundaryEvent_FollowUpOverdue');
    // when the due day has ended without an uppföljning, then it escalates and the task stays open
    await advancePast(t.engine, pik, `${dayAfter}T00:00:00+01:00`, 60_000);
    await reached(t, pik, 'EndEvent_FollowUpEscalated');
    expect(await outboxTemplates(t.db, caseId)).toContain('deadline-missed');
    expect((await t.inbox.open(pik, 'UserTask_FollowUp'))[0]!.id).toBe(followUp.id);
    // when the uppföljning is held late, the next one is counted from the day it was held, not from the plan
    const heldOn = `${year + 1}-01-08`;
    await t.inbox.complete(pik, 'UserTask_FollowUp', { followUpHeldOn: heldOn, followUpOutcome: 'enligt_plan' });
    const next = await eventually(
      async () => (await t.inbox.open(pik, 'UserTask_FollowUp')).find((task) => task.id !== followUp.id),
      { what: 'the next uppföljning task' },
    );
    const nextDue = computeDueDate('follow-up-3-months', heldOn);
    expect(new Date(Date.parse(next!.due!)).toISOString()).toBe(new Date(nextDue.dueAt).toISOString());
    await t.engine.cancelProcessInstance(pik);
  });

  test('when an uppföljning finds an avvikelse from the plan, then a flerpartsmöte is called and a new plan version is made', async () => {
    // given
    const { caseId, pik } = await caseAtFollowUp();
    // when
    await t.inbox.complete(pik, 'UserTask_FollowUp', { followUpHeldOn: '2027-02-15', followUpOutcome: 'avvikelse' });
    const [call] = await t.inbox.waitFor(pik, 'UserTask_CallMeeting');
    // then the ärendebärare (not the referrer any more) calls the meeting
    expect(call!.candidateGroups).toEqual(['umea-fsd']);
    await t.inbox.complete(pik, 'UserTask_CallMeeting', { meetingAt: '2027-02-20T09:00:00+01:00' });
    await t.inbox.complete(pik, 'UserTask_HoldMeeting', { ...plan, inriktning: 'arbetslivsinriktade' });
    await t.inbox.waitFor(pik, 'UserTask_FollowUp');
    expect(await t.db('meetings').where({ case_id: caseId }).orderBy('meeting_id').pluck('meeting_type')).toEqual([
      'planeringstraff',
      'flerpartsmote',
    ]);
    expect(await t.db('plans').where({ case_id: caseId }).orderBy('version').pluck('inriktning')).toEqual([
      'arbetsinriktade',
      'arbetslivsinriktade',
    ]);
    await t.engine.cancelProcessInstance(pik);
  });

  describe('samtycke återkallat', () => {
    async function expectWithdrawn(caseId: string, pik: string) {
      await ended(t.engine, pik);
      expect(await t.inbox.openElementIds(pik)).toEqual([]);
      expect(await t.db('cases').where({ case_id: caseId }).first()).toMatchObject({
        status: 'avslutad',
        avslutsorsak: 'avbrott_ovrigt',
        closure_reason: 'samtycke återkallat',
      });
      expect((await t.db('consents').where({ case_id: caseId }).first()).withdrawn_at).not.toBeNull();
      expect(await outboxTemplates(t.db, caseId)).toContain('consent-withdrawn');
      expect(await visited(t, pik)).toEqual(
        expect.arrayContaining(['StartEvent_ConsentWithdrawn', 'EndEvent_ConsentWithdrawn']),
      );
    }

    test('when the samtycke is withdrawn while the case waits for beredning, then the beredning task is cancelled and the case ends as avbrott', async () => {
      // given
      const { caseId, pik } = await referCase(t);
      const [beredning] = await t.inbox.waitFor(pik, 'UserTask_DecideBeredning');
      // when
      const result = await withdrawConsent(t, { caseId, withdrawnBy: 'af.handlaggare' });
      // then
      expect(result).toEqual({ stopped: 1 });
      await expectWithdrawn(caseId, pik);
      expect(await t.engine.task(beredning!.id)).toBeNull();
    });

    test('when the samtycke is withdrawn during the kartläggning, then every party task is cancelled and the case ends as avbrott', async () => {
      // given
      const { caseId, pik } = await referCase(t);
      await t.inbox.complete(pik, 'UserTask_DecideBeredning', { beredningDecision: 'ja' });
      const parties = await t.inbox.waitFor(pik, 'UserTask_ContributeKartlaggning', { count: 2 });
      // when
      const result = await withdrawConsent(t, { caseId, withdrawnBy: 'umea-fsd' });
      // then
      expect(result).toEqual({ stopped: 1 });
      await expectWithdrawn(caseId, pik);
      for (const task of parties) expect(await t.engine.task(task.id)).toBeNull();
    });

    test('when the samtycke is withdrawn while an uppföljning is open, then the case ends as avbrott and the parties are told', async () => {
      // given
      const { caseId, pik } = await caseAtFollowUp();
      // when
      const result = await withdrawConsent(t, { caseId, withdrawnBy: 'fsd.handlaggare' });
      // then
      expect(result).toEqual({ stopped: 1 });
      await expectWithdrawn(caseId, pik);
      expect((await t.db('cases').where({ case_id: caseId }).first()).start_date).not.toBeNull(); // a participation that counts as avbrott
    });

    test('when the samtycke is withdrawn after the case has ended, then nothing is stopped, nothing throws and the withdrawal is recorded', async () => {
      // given a case that ended with beredning nej (no instance waits for the message any more)
      const { caseId, pik } = await referCase(t);
      await t.inbox.complete(pik, 'UserTask_DecideBeredning', nej);
      await ended(t.engine, pik);
      // when
      const result = await withdrawConsent(t, { caseId, withdrawnBy: 'af.handlaggare' });
      // then
      expect(result).toEqual({ stopped: 0 });
      expect((await t.db('consents').where({ case_id: caseId }).first()).withdrawn_at).not.toBeNull();
      expect((await t.db('cases').where({ case_id: caseId }).first()).status).toBe('avslagen'); // the ended case keeps its outcome
      expect(await visited(t, pik)).not.toContain('StartEvent_ConsentWithdrawn');
    });
  });

  test('when an ended case is aktualiserad again, then a new participation starts linked to the old one', async () => {
    // given an ended case
    const first = await referCase(t);
    await t.inbox.complete(first.pik, 'UserTask_DecideBeredning', {
      beredningDecision: 'nej',
      motivering: 'Ej i behov av samordnat stöd nu.',
      rekommendation: 'Återkom vid nya behov.',
    });
    await ended(t.engine, first.pik);
    // when
    const again = await referCase(t, validReferral({ previousCaseId: first.caseId }));
    // then
    await t.inbox.waitFor(again.pik, 'UserTask_DecideBeredning');
    expect(await t.db('cases').where({ case_id: again.caseId }).first()).toMatchObject({
      previous_case_id: first.caseId,
      status: 'pa_beredning',
    });
    expect(again.caseId).not.toBe(first.caseId);
    expect(again.pik).not.toBe(first.pik);
    expect(await t.engine.historicProcessInstance(again.pik)).toMatchObject({
      businessKey: again.caseId,
      state: 'ACTIVE',
    });
    await t.engine.cancelProcessInstance(again.pik);
  });
});
