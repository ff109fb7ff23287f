import type { Knex } from 'knex';

import { isTorg } from '../domain/aktualiseringRights.js';
import { stockholmDateOf } from '../domain/calendar.js';
import type { Verksamhet } from '../domain/organisations.js';
import { ageOn, birthDateOf } from '../domain/personnummer.js';
import { consentFactsOf, evaluateReferralCriteria, TARGET_GROUPS } from '../domain/referralCriteria.js';
import type { SessionUser } from '../domain/sessionUser.js';
import type { Engine } from '../engine/client.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.js';
import {
  type CaseRow,
  findCase,
  findPerson,
  insertCase,
  insertConsent,
  latestConsent,
  nextCaseId,
  recordEvent,
  updateCase,
} from '../repositories/cases.js';
import { audit } from './audit.js';
import { mayOpenCase } from './caseAccess.js';
import { PROCESS_IDS } from './cases.js';
import { decryptSecret } from './crypto.js';

interface Deps {
  db: Knex;
  engine: Engine;
}

/** The kranskommun of a samordningsteam's verksamhet (`st-vannas` → `vannas`), or null. */
const kommunOf = (c: Pick<CaseRow, 'verksamhet'>): string | null =>
  c.verksamhet.startsWith('st-') ? c.verksamhet.slice(3) : null;

/** The målgrupper of a torg a hand-over can name. */
export const torgTargetGroups = (torg: 'ungdomstorget' | 'vuxentorget'): string[] => Object.keys(TARGET_GROUPS[torg]);

export interface HandoverOffer {
  torg: 'ungdomstorget' | 'vuxentorget';
  targetGroups: string[];
  /** The målgrupp chosen when the person was first aktualiserad to the torg, when known. */
  targetGroup: string | null;
  /** The linked torg case when the hand-over has been made. */
  handedOverTo: string | null;
  /**
   * The group's judgement with its nej: the torg should take the case. Only then may the person be handed over;
   * otherwise the case view says why it is not offered.
   */
  torgShouldTake: boolean;
}

async function linkedTorgCase(db: Knex, c: CaseRow): Promise<string | null> {
  const row = await db('cases')
    .where({ previous_case_id: c.case_id, verksamhet: c.requested_verksamhet })
    .first<{ case_id: string } | undefined>();
  return row?.case_id ?? null;
}

/**
 * "Lämna över till torget": a kranskommun resident was aktualiserad to a torg and registered with the hemkommun's
 * samordningsteam (seed 000). When the hemkommun's beredningsgrupp has said nej and judged that the torg should take
 * the case ("Torget bör ta ärendet" with its decision), the kommun's handläggare may hand the person over to the torg
 * that was asked for. Shown to a handläggare of that kommun only, after a nej (`torgShouldTake` false: the view says
 * why there is no hand-over); null when there is nothing to show.
 */
export async function handoverOfferFor(db: Knex, user: SessionUser, c: CaseRow): Promise<HandoverOffer | null> {
  const kommun = kommunOf(c);
  const torg = c.requested_verksamhet;
  if (!kommun || !torg || !isTorg(torg as Verksamhet) || user.role !== 'handlaggare' || user.orgCode !== kommun)
    return null;
  const decision = await db('beredning_decisions')
    .where({ case_id: c.case_id, group_code: kommun })
    .first<{ decision: string; torg_should_take: boolean | null } | undefined>();
  if (decision?.decision !== 'nej') return null;
  const t = torg as 'ungdomstorget' | 'vuxentorget';
  const targetGroups = torgTargetGroups(t);
  const chosen =
    c.requested_target_group && targetGroups.includes(c.requested_target_group) ? c.requested_target_group : null;
  return {
    torg: t,
    targetGroups,
    targetGroup: chosen,
    handedOverTo: await linkedTorgCase(db, c),
    torgShouldTake: decision.torg_should_take === true,
  };
}

/**
 * Creates the linked aktualisering to the torg: the same person, the kommun as referring party, the samtycke of the
 * hemkommun's case copied as it stands, the case linked to the hemkommun's case. The criteria are checked first
 * (refused with the Swedish reason, nothing created); a repeated submit returns the case already made.
 */
export async function handOverToTorg(
  deps: Deps,
  user: SessionUser,
  caseId: string,
  input: { targetGroup: string },
  today = stockholmDateOf(),
): Promise<{ caseId: string; repeated: boolean }> {
  const c = await findCase(deps.db, caseId);
  if (!c || !(await mayOpenCase(deps.db, user, caseId))) throw new NotFound(`case ${caseId}`);
  const offer = await handoverOfferFor(deps.db, user, c);
  if (!offer?.torgShouldTake)
    throw new Forbidden(`${user.username} may not hand ${caseId} over to a torg`, { code: 'handover.notAllowed' });
  if (!offer.targetGroups.includes(input.targetGroup))
    throw new ValidationFailed(`unknown target group ${input.targetGroup}`, {}, { code: 'handover.chooseTargetGroup' });
  const kommun = kommunOf(c)!;
  const created = await deps.db.transaction(async (trx) => {
    // one hand-over per case: the row lock makes a double submit wait and then find the case made by the first
    await trx('cases').where({ case_id: caseId }).forUpdate().first();
    const existing = await linkedTorgCase(trx, c);
    if (existing) return { caseId: existing, repeated: true };
    const person = await findPerson(trx, c.person_id);
    const consent = await latestConsent(trx, caseId);
    const birthDate = person?.personnummer_enc ? birthDateOf(decryptSecret(person.personnummer_enc)) : null;
    const criteria = evaluateReferralCriteria({
      verksamhet: offer.torg,
      targetGroup: input.targetGroup,
      age: birthDate ? ageOn(birthDate, today) : null,
      folkbokfordKommun: person?.folkbokford_kommun ?? '',
      referringOrg: kommun,
      informedOfAim: c.informed_of_aim,
      readyForChange: c.ready_for_change,
      informedOfConsent: c.informed_of_consent,
      consent: consentFactsOf(consent),
      today,
    });
    if (!criteria.criteriaMet)
      throw new Conflict(`hand-over of ${caseId} does not meet the criteria`, {
        code: 'handover.criteriaNotMet',
        arg: criteria.rejectionReason!,
      });
    const id = await nextCaseId(trx, 'SV', Number(today.slice(0, 4)));
    await insertCase(trx, {
      caseId: id,
      personId: c.person_id,
      verksamhet: offer.torg,
      targetGroup: input.targetGroup,
      referringOrg: kommun,
      referringUser: user.username,
      informedOfAim: c.informed_of_aim,
      readyForChange: c.ready_for_change,
      informedOfConsent: c.informed_of_consent,
      needsDescription: c.needs_description ?? null,
      previousCaseId: caseId,
    });
    await insertConsent(trx, {
      caseId: id,
      parties: consent!.parties,
      dataCategories: consent!.data_categories,
      validFrom: consent!.valid_from,
      validTo: consent!.valid_to,
      signedCopyGiven: consent!.signed_copy_given,
      textVersion: consent!.text_version,
    });
    await recordEvent(trx, {
      caseId: id,
      type: 'aktualisering-registrerad',
      dedupeKey: id,
      actor: user.username,
      details: { handedOverFrom: caseId },
    });
    await recordEvent(trx, {
      caseId,
      type: 'overlamnad-till-torget',
      dedupeKey: `handover:${caseId}`,
      actor: user.username,
      details: { torg: offer.torg, newCaseId: id },
    });
    await audit(trx, {
      username: user.username,
      orgCode: user.orgCode,
      action: 'create',
      objectType: 'case',
      objectId: id,
      caseId: id,
      details: { handedOverFrom: caseId, consentParties: consent!.parties },
    });
    return { caseId: id, repeated: false };
  });
  if (created.repeated) return created;
  // Never call the engine inside the transaction: the instance starts only once the rows it reads are committed.
  const { processInstanceId } = await deps.engine.startProcess(PROCESS_IDS.samverkanCase, {
    businessKey: created.caseId,
    variables: { caseId: created.caseId, referringOrg: kommun, previousCaseId: caseId },
  });
  await updateCase(deps.db, created.caseId, { process_instance_key: processInstanceId });
  return created;
}
