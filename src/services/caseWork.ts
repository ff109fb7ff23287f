import type { Knex } from 'knex';

import { stockholmDateOf } from '../domain/calendar.js';
import { kartlaggningPartiesOf } from '../domain/kartlaggningParties.js';
import type { Verksamhet } from '../domain/organisations.js';
import { ageOn, birthDateOf } from '../domain/personnummer.js';
import { consentFactsOf, type CriteriaResult, evaluateReferralCriteria } from '../domain/referralCriteria.js';
import { daysToTrialStart, isTrialStartLate } from '../domain/workTrial.js';
import {
  findCase,
  findCaseBySource,
  findPerson,
  insertCase,
  insertConsent,
  latestConsent,
  nextCaseId,
  recordEvent,
  updateCase,
  withdrawConsents,
} from '../repositories/cases.js';
import {
  insertBeredningDecision,
  insertFollowUp,
  insertMeeting,
  insertPlan,
  placeOnAgenda,
  type PlanStep,
  recommendedPartiesOf,
} from '../repositories/caseWork.js';
import { findRoutineCase, updateRoutineCase } from '../repositories/routineCases.js';
import { decryptSecret } from './crypto.js';

// The use cases behind the data-write workers. Each takes the job's transaction and a dedupe key (the job key),
// so a redelivered job repeats nothing (unique constraints + `on conflict do nothing`).

/** Thrown when a case the process refers to does not exist: nothing to retry, an operator must look. */
export class UnknownCaseError extends Error {
  constructor(caseId: string) {
    super(`Ärendet ${caseId} finns inte / case ${caseId} does not exist`);
    this.name = 'UnknownCaseError';
  }
}

/** Today's civil date in Stockholm (YYYY-MM-DD). */

async function requireCase(trx: Knex, caseId: string) {
  const c = await findCase(trx, caseId);
  if (!c) throw new UnknownCaseError(caseId);
  return c;
}

/** Links the running instance to its case and returns the parties of its samtycke (routing for notifications). */
export async function recordReferral(
  trx: Knex,
  input: { caseId: string; processInstanceKey: string; jobKey: string },
): Promise<{ partyGroups: string[]; handoverTorg: string | null }> {
  const c = await requireCase(trx, input.caseId);
  if (!c.process_instance_key) await updateCase(trx, input.caseId, { process_instance_key: input.processInstanceKey });
  await recordEvent(trx, {
    caseId: input.caseId,
    type: 'aktualiserad',
    dedupeKey: input.jobKey,
    details: { processInstanceKey: input.processInstanceKey, previousCaseId: c.previous_case_id },
  });
  const consent = await latestConsent(trx, input.caseId);
  // a kranskommun resident aktualiserad to a torg: the hemkommun's group judges at a nej whether the torg should take it
  return { partyGroups: consent?.parties ?? [], handoverTorg: c.requested_verksamhet ?? null };
}

/** Age on the day of the aktualisering from the full date of birth; null when the personnummer is gone (gallrad). */
function ageOnReferralDay(personnummerEnc: string | null, referredAt: Date): number | null {
  const birthDate = personnummerEnc ? birthDateOf(decryptSecret(personnummerEnc)) : null;
  return birthDate ? ageOn(birthDate, stockholmDateOf(referredAt)) : null;
}

/** Checks the criteria; a failure returns the case to the sender (status returnerad) with the reason. */
export async function checkReferralCriteria(
  trx: Knex,
  input: { caseId: string; jobKey: string; today?: string },
): Promise<CriteriaResult> {
  const c = await requireCase(trx, input.caseId);
  const person = (await findPerson(trx, c.person_id))!;
  const consent = await latestConsent(trx, input.caseId);
  const today = input.today ?? stockholmDateOf();
  const result = evaluateReferralCriteria({
    verksamhet: c.verksamhet as Verksamhet,
    targetGroup: c.target_group,
    age: ageOnReferralDay(person.personnummer_enc, c.referred_at),
    folkbokfordKommun: person.folkbokford_kommun,
    referringOrg: c.referring_org,
    informedOfAim: c.informed_of_aim,
    readyForChange: c.ready_for_change,
    informedOfConsent: c.informed_of_consent,
    consent: consentFactsOf(consent),
    today,
  });
  await updateCase(
    trx,
    input.caseId,
    result.criteriaMet
      ? { beredning_group: result.beredningGroup }
      : { status: 'returnerad', rejection_reason: result.rejectionReason, beredning_group: result.beredningGroup },
  );
  await recordEvent(trx, {
    caseId: input.caseId,
    type: result.criteriaMet ? 'kriterier-uppfyllda' : 'aktualisering-returnerad',
    dedupeKey: input.jobKey,
    details: { beredningGroup: result.beredningGroup },
  });
  return result;
}

/** Puts the case on the agenda of its group's next meeting. */
export async function placeOnBeredningAgenda(
  trx: Knex,
  input: { caseId: string; beredningGroup: string; meetingDate: string; jobKey: string },
): Promise<void> {
  await requireCase(trx, input.caseId);
  await placeOnAgenda(trx, { caseId: input.caseId, groupCode: input.beredningGroup, meetingDate: input.meetingDate });
  await updateCase(trx, input.caseId, { status: 'pa_beredning' });
  await recordEvent(trx, {
    caseId: input.caseId,
    type: 'placerad-pa-beredning',
    dedupeKey: input.jobKey,
    details: { group: input.beredningGroup, meetingDate: input.meetingDate },
  });
}

/** Records ja/nej; a ja starts the participation on the meeting date. A nej without motivering is rejected by the caller. */
export async function recordBeredningDecision(
  trx: Knex,
  input: {
    caseId: string;
    beredningGroup: string;
    meetingDate: string;
    decision: 'ja' | 'nej';
    motivering: string | null;
    rekommendation: string | null;
    recommendedParties?: string[] | null;
    /** At a nej: the group's judgement that the torg asked for should take the case (seed 000). */
    torgShouldTake?: boolean | null;
    jobKey: string;
  },
): Promise<{ kartlaggningParties: string[] | null }> {
  const c = await requireCase(trx, input.caseId);
  // only a nej for a case with a torg asked for carries the judgement; unticked is the group's "no"
  const torgShouldTake = input.decision === 'nej' && c.requested_verksamhet ? input.torgShouldTake === true : null;
  let recommended: string[] | null = null;
  let kartlaggningParties: string[] | null = null;
  if (input.decision === 'ja') {
    const consent = await latestConsent(trx, input.caseId);
    const chosen = kartlaggningPartiesOf(consent?.parties ?? [], input.recommendedParties);
    if (!chosen.ok) throw new RecommendedPartiesError(input.caseId, 'outside' in chosen ? chosen.outside : []);
    recommended = input.recommendedParties == null ? null : chosen.parties;
    kartlaggningParties = chosen.parties;
  }
  await insertBeredningDecision(trx, {
    caseId: input.caseId,
    groupCode: input.beredningGroup,
    meetingDate: input.meetingDate,
    decision: input.decision,
    motivering: input.motivering,
    rekommendation: input.rekommendation,
    recommendedParties: recommended,
    torgShouldTake,
  });
  await updateCase(
    trx,
    input.caseId,
    input.decision === 'ja' ? { status: 'pagaende', start_date: input.meetingDate } : { status: 'avslagen' },
  );
  await recordEvent(trx, {
    caseId: input.caseId,
    type: `beredning-${input.decision}`,
    dedupeKey: input.jobKey,
    details: {
      group: input.beredningGroup,
      meetingDate: input.meetingDate,
      ...(recommended ? { recommendedParties: recommended } : {}),
      ...(torgShouldTake !== null ? { torgShouldTake } : {}),
    },
  });
  // a redelivered job returns what the first delivery stored
  const stored = input.decision === 'ja' ? await recommendedPartiesOf(trx, input.caseId) : null;
  return { kartlaggningParties: stored ?? kartlaggningParties };
}

/** The recommended parties are none, or not all under the samtycke: the form was bypassed; an operator must look. */
export class RecommendedPartiesError extends Error {
  constructor(caseId: string, outside: string[]) {
    super(
      outside.length > 0
        ? `Rekommenderade parter utanför samtycket (${outside.join(', ')}) i ${caseId} / recommended parties outside the samtycke in ${caseId}`
        : `Beslut ja utan rekommenderade parter i ${caseId} / a ja without recommended parties in ${caseId}`,
    );
    this.name = 'RecommendedPartiesError';
  }
}

/** Stores a new version of the samverkansplan and the ärendebärare decided at the meeting. */
export async function recordPlan(
  trx: Knex,
  input: { caseId: string; arendebarareOrg: string; inriktning: string; steps: PlanStep[]; jobKey: string },
): Promise<{ planVersion: number }> {
  await requireCase(trx, input.caseId);
  const planVersion = await insertPlan(trx, input);
  await updateCase(trx, input.caseId, { arendebarare_org: input.arendebarareOrg });
  await recordEvent(trx, {
    caseId: input.caseId,
    type: 'plan-faststalld',
    dedupeKey: input.jobKey,
    details: {
      planVersion,
      arendebarareOrg: input.arendebarareOrg,
      inriktning: input.inriktning,
      steps: input.steps.length,
    },
  });
  return { planVersion };
}

/** Records a meeting as called (a time) or held (a date) in a case or routine case. */
export async function recordMeeting(
  trx: Knex,
  input: {
    caseId: string;
    meetingType: string;
    meetingAt?: string | null;
    heldOn?: string | null;
    participants: string[];
    jobKey: string;
  },
): Promise<void> {
  if (!(await findCase(trx, input.caseId)) && !(await findRoutineCase(trx, input.caseId)))
    throw new UnknownCaseError(input.caseId);
  const status = input.heldOn ? 'hallen' : 'kallad';
  await insertMeeting(trx, { ...input, status });
  await recordEvent(trx, {
    caseId: input.caseId,
    type: `mote-${status}`,
    dedupeKey: input.jobKey,
    details: { meetingType: input.meetingType, meetingAt: input.meetingAt ?? null, heldOn: input.heldOn ?? null },
  });
}

/** Records an uppföljning and its outcome. */
export async function recordFollowUp(
  trx: Knex,
  input: { caseId: string; heldOn: string; outcome: string; jobKey: string },
): Promise<void> {
  await requireCase(trx, input.caseId);
  await insertFollowUp(trx, input);
  await recordEvent(trx, {
    caseId: input.caseId,
    type: 'uppfoljning',
    dedupeKey: input.jobKey,
    details: { heldOn: input.heldOn, outcome: input.outcome },
  });
}

/** Ends the participation with exactly one avslutsorsak and an end date. */
export async function recordCaseClosure(
  trx: Knex,
  input: { caseId: string; avslutsorsak: string; endDate: string; jobKey: string },
): Promise<void> {
  const c = await requireCase(trx, input.caseId);
  if (c.status !== 'avslutad')
    await updateCase(trx, input.caseId, {
      status: 'avslutad',
      avslutsorsak: input.avslutsorsak,
      end_date: input.endDate,
    });
  await recordEvent(trx, {
    caseId: input.caseId,
    type: 'avslutad',
    dedupeKey: input.jobKey,
    details: { avslutsorsak: input.avslutsorsak, endDate: input.endDate },
  });
}

/** The samtycke is withdrawn: the case ends as avbrott_ovrigt, "samtycke återkallat". */
export async function recordConsentWithdrawal(trx: Knex, input: { caseId: string; jobKey: string }): Promise<void> {
  const c = await requireCase(trx, input.caseId);
  const now = new Date();
  await withdrawConsents(trx, input.caseId, 'system', now); // normally already done by the service that published the message
  if (c.status !== 'avslutad') {
    await updateCase(trx, input.caseId, {
      status: 'avslutad',
      avslutsorsak: 'avbrott_ovrigt',
      closure_reason: 'samtycke återkallat',
      end_date: stockholmDateOf(now),
    });
  }
  await recordEvent(trx, { caseId: input.caseId, type: 'avbrott-samtycke-aterkallat', dedupeKey: input.jobKey });
}

export interface Kt2Referral {
  etableringCaseId: string;
  verksamhet: Verksamhet;
  targetGroup: string;
  informedOfAim: boolean;
  readyForChange: boolean;
  /** Told what a samtycke till samverkan means (seed 000), asked on the KT2 form; null from a form that did not ask. */
  informedOfConsent: boolean | null;
  consentParties: string[];
  consentValidTo: string;
  consentSignedCopyGiven: boolean;
  jobKey: string;
}

/**
 * KT2 found new needs: creates the samverkan case (same person, linked by source_case_id) and its samtycke.
 * One referral per etablering case (unique source_case_id), so a redelivery returns the same case id.
 */
export async function createReferralFromKt2(trx: Knex, input: Kt2Referral): Promise<{ referralCaseId: string }> {
  const existing = await findCaseBySource(trx, input.etableringCaseId);
  if (existing) return { referralCaseId: existing.case_id };
  const routine = await findRoutineCase(trx, input.etableringCaseId);
  if (!routine) throw new UnknownCaseError(input.etableringCaseId);
  const today = stockholmDateOf();
  const caseId = await nextCaseId(trx, 'SV', Number(today.slice(0, 4)));
  await insertCase(trx, {
    caseId,
    personId: routine.person_id,
    verksamhet: input.verksamhet,
    targetGroup: input.targetGroup,
    referringOrg: 'af',
    referringUser: 'system',
    informedOfAim: input.informedOfAim,
    readyForChange: input.readyForChange,
    informedOfConsent: input.informedOfConsent,
    sourceCaseId: input.etableringCaseId,
  });
  await insertConsent(trx, {
    caseId,
    parties: input.consentParties,
    dataCategories: ['kartlaggning', 'planering', 'insatser'],
    validFrom: today,
    validTo: input.consentValidTo,
    signedCopyGiven: input.consentSignedCopyGiven,
    textVersion: '2026-1',
  });
  await recordEvent(trx, {
    caseId: input.etableringCaseId,
    type: 'aktualiserad-till-arbetsmarknadstorget',
    dedupeKey: input.jobKey,
    details: { referralCaseId: caseId },
  });
  await recordEvent(trx, {
    caseId,
    type: 'aktualisering-registrerad',
    dedupeKey: caseId,
    details: { sourceCaseId: input.etableringCaseId },
  });
  return { referralCaseId: caseId };
}

/** Working-trial milestones: AF's answer and the start (tracked against the two-week target from inventering, `domain/workTrial`). */
export async function recordWorkTrialStep(
  trx: Knex,
  input: {
    caseId: string;
    step: 'sent-to-af' | 'af-answer' | 'trial-start';
    afAnswer?: string | undefined;
    trialStartDate?: string | undefined;
    inventoryDate?: string | undefined;
    jobKey: string;
    today?: string;
  },
): Promise<{ startLate?: boolean }> {
  const r = await findRoutineCase(trx, input.caseId);
  if (!r) throw new UnknownCaseError(input.caseId);
  const today = input.today ?? stockholmDateOf();
  let out: { startLate?: boolean } = {};
  if (input.step === 'af-answer') {
    await updateRoutineCase(trx, input.caseId, {
      af_answer: input.afAnswer ?? null,
      af_answered_on: r.af_answered_on ?? today,
    });
  } else if (input.step === 'trial-start') {
    const start = input.trialStartDate ?? today;
    const inventoryDate = input.inventoryDate ?? r.opened_on;
    const days = daysToTrialStart(inventoryDate, start);
    const startLate = isTrialStartLate(inventoryDate, start);
    await updateRoutineCase(trx, input.caseId, { trial_start_date: start, days_to_start: days, start_late: startLate });
    out = { startLate };
  }
  await recordEvent(trx, {
    caseId: input.caseId,
    type: `arbetsprovning-${input.step}`,
    dedupeKey: input.jobKey,
    details: { afAnswer: input.afAnswer ?? null, trialStartDate: input.trialStartDate ?? null },
  });
  return out;
}

/** Ends a routine case with its outcome. */
export async function recordRoutineOutcome(
  trx: Knex,
  input: { caseId: string; outcome: string; jobKey: string },
): Promise<void> {
  const r = await findRoutineCase(trx, input.caseId);
  if (!r) throw new UnknownCaseError(input.caseId);
  if (r.status !== 'avslutad')
    await updateRoutineCase(trx, input.caseId, {
      status: 'avslutad',
      outcome: input.outcome,
      ended_on: stockholmDateOf(),
    });
  await recordEvent(trx, {
    caseId: input.caseId,
    type: 'rutin-avslutad',
    dedupeKey: input.jobKey,
    details: { outcome: input.outcome },
  });
}
