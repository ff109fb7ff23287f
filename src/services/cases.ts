import type { Knex } from 'knex';
import { z } from 'zod';

import { routeAktualisering } from '../domain/aktualiseringRights.js';
import { stockholmDateOf } from '../domain/calendar.js';
import { isEnded } from '../domain/caseStatus.js';
import { VERKSAMHETER } from '../domain/organisations.js';
import { TARGET_GROUP_CODES } from '../domain/referralCriteria.js';
import { type Engine, retryingConflicts } from '../engine/client.js';
import {
  findCase,
  insertCase,
  insertConsent,
  nextCaseId,
  recordEvent,
  updateCase,
  upsertPerson,
  withdrawConsents,
} from '../repositories/cases.js';
import { insertRoutineCase, updateRoutineCase } from '../repositories/routineCases.js';
import { audit } from './audit.js';
import { blindIndex, encryptSecret, normalisePersonnummer } from './crypto.js';

/** Process ids of the routines (processes/README.md). */
export const PROCESS_IDS = {
  samverkanCase: 'samverkan-case',
  etablering: 'etablering-meetings',
  workTrial: 'work-trial-referral',
} as const;
/** Message names (processes/README.md); all are correlated by the business key, which is the case id. */
export const MESSAGES = {
  consentWithdrawn: 'ConsentWithdrawn',
  extraMeetingRequested: 'ExtraMeetingRequested',
} as const;

interface Deps {
  db: Knex;
  engine: Engine;
}

const isoDate = z.iso.date();

export const PersonInput = z.object({
  personnummer: z.string().min(10),
  kon: z.enum(['K', 'M']),
  folkbokfordKommun: z.string().min(2),
  skyddad: z.boolean().default(false),
});

export const ConsentInput = z
  .object({
    parties: z.array(z.string().min(1)).min(1),
    dataCategories: z.array(z.string().min(1)).min(1),
    validFrom: isoDate,
    validTo: isoDate,
    signedCopyGiven: z.boolean(),
    textVersion: z.string().min(1).default('2026-1'),
  })
  .refine((c) => c.validFrom <= c.validTo, { path: ['validTo'], message: 'validTo before validFrom' });

export const AktualiseraInput = z.object({
  person: PersonInput,
  verksamhet: z.enum(VERKSAMHETER),
  targetGroup: z.string().refine((s) => TARGET_GROUP_CODES.includes(s), 'unknown target group'),
  referringOrg: z.string().min(1),
  referringUser: z.string().min(1),
  informedOfAim: z.boolean(),
  readyForChange: z.boolean(),
  /** Informed of what a samtycke till samverkan means (seed 000); the start form always asks. */
  informedOfConsent: z.boolean().optional(),
  /** The referrer's description of the person's needs for the beredningsgrupp; free text, so never a process variable. */
  needsDescription: z.string().max(2000).nullable().optional(),
  consent: ConsentInput,
  /** Re-aktualisering: the ended case this participation follows. */
  previousCaseId: z.string().min(1).optional(),
  /** The torg the handläggare chose when a kranskommun resident's case went to the hemkommun's samordningsteam. */
  requestedVerksamhet: z.enum(VERKSAMHETER).nullable().optional(),
  /** The torg's målgrupp chosen on the form, kept with `requestedVerksamhet`. */
  requestedTargetGroup: z.string().nullable().optional(),
});
export type AktualiseraInput = z.input<typeof AktualiseraInput>;

const yearOf = (d: Date) =>
  Number(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(d));

/** Stores a person with the personnummer encrypted only; returns the person id. */
async function storePerson(trx: Knex, p: z.infer<typeof PersonInput>): Promise<string> {
  const pnr = normalisePersonnummer(p.personnummer);
  return upsertPerson(trx, {
    personnummerEnc: encryptSecret(pnr),
    personnummerHmac: blindIndex(pnr),
    kon: p.kon,
    birthYear: Number(pnr.slice(0, 4)),
    folkbokfordKommun: p.folkbokfordKommun,
    skyddad: p.skyddad,
  });
}

/**
 * Aktualisering by a handläggare: person, case and samtycke in one transaction, then (after commit) the
 * samverkan-case instance with pseudonymous variables only. Returns the new case id.
 */
export async function aktualisera(deps: Deps, raw: AktualiseraInput): Promise<string> {
  const parsed = AktualiseraInput.parse(raw);
  // A kranskommun resident aktualiserad to a torg goes first to the hemkommun's samordningsteam (seed 000).
  const routing = routeAktualisering({
    verksamhet: parsed.verksamhet,
    targetGroup: parsed.targetGroup,
    folkbokfordKommun: parsed.person.folkbokfordKommun,
    referringOrg: parsed.referringOrg,
  });
  const input = {
    ...parsed,
    verksamhet: routing.verksamhet,
    targetGroup: routing.targetGroup,
    requestedVerksamhet: parsed.requestedVerksamhet ?? routing.requestedVerksamhet,
    requestedTargetGroup: parsed.requestedTargetGroup ?? (routing.requestedVerksamhet ? parsed.targetGroup : null),
  };
  const now = new Date();
  const caseId = await deps.db.transaction(async (trx) => {
    if (input.previousCaseId) {
      const previous = await findCase(trx, input.previousCaseId);
      if (!previous) throw new Error(`previous case ${input.previousCaseId} does not exist`);
      if (!isEnded(previous.status)) throw new Error(`previous case ${input.previousCaseId} has not ended`);
    }
    const personId = await storePerson(trx, input.person);
    const id = await nextCaseId(trx, 'SV', yearOf(now));
    await insertCase(trx, {
      caseId: id,
      personId,
      verksamhet: input.verksamhet,
      targetGroup: input.targetGroup,
      referringOrg: input.referringOrg,
      referringUser: input.referringUser,
      informedOfAim: input.informedOfAim,
      readyForChange: input.readyForChange,
      informedOfConsent: input.informedOfConsent ?? null,
      needsDescription: input.needsDescription ?? null,
      requestedVerksamhet: input.requestedVerksamhet ?? null,
      requestedTargetGroup: input.requestedTargetGroup ?? null,
      previousCaseId: input.previousCaseId ?? null,
    });
    await insertConsent(trx, { caseId: id, ...input.consent });
    await recordEvent(trx, {
      caseId: id,
      type: input.previousCaseId ? 'reaktualiserad' : 'aktualisering-registrerad',
      dedupeKey: id,
      actor: input.referringUser,
      details: input.previousCaseId ? { previousCaseId: input.previousCaseId } : {},
    });
    await audit(trx, {
      username: input.referringUser,
      orgCode: input.referringOrg,
      action: 'create',
      objectType: 'case',
      objectId: id,
      caseId: id,
      details: { consentParties: input.consent.parties },
    });
    return id;
  });
  // Never call the engine inside the transaction: the instance starts only once the rows it reads are committed.
  const { processInstanceId } = await deps.engine.startProcess(PROCESS_IDS.samverkanCase, {
    businessKey: caseId,
    variables: { caseId, referringOrg: input.referringOrg, previousCaseId: input.previousCaseId ?? null },
  });
  await updateCase(deps.db, caseId, { process_instance_key: processInstanceId });
  return caseId;
}

export const EtableringInput = z.object({
  person: PersonInput,
  programmeEndDate: isoDate,
  responsibleOrg: z.string().default('af'),
});

/** Starts the kartläggningsträffar of an etablering participant; returns the routine case id. */
export async function startEtablering(deps: Deps, raw: z.input<typeof EtableringInput>): Promise<string> {
  const input = EtableringInput.parse(raw);
  const now = new Date();
  const caseId = await deps.db.transaction(async (trx) => {
    const personId = await storePerson(trx, input.person);
    const id = await nextCaseId(trx, 'ET', yearOf(now));
    await insertRoutineCase(trx, {
      caseId: id,
      personId,
      routine: 'etablering',
      responsibleOrg: input.responsibleOrg,
      openedOn: stockholmDateOf(now),
      programmeEndDate: input.programmeEndDate,
    });
    return id;
  });
  const { processInstanceId } = await deps.engine.startProcess(PROCESS_IDS.etablering, {
    businessKey: caseId,
    variables: { caseId, programmeEndDate: input.programmeEndDate },
  });
  await updateRoutineCase(deps.db, caseId, { process_instance_key: processInstanceId });
  return caseId;
}

export const InventeringInput = z.object({ person: PersonInput, responsibleOrg: z.string().default('umea-fsd') });

/** Starts försörjningsstöd's inventering towards Arenor för prövning; returns the routine case id. */
export async function startInventering(deps: Deps, raw: z.input<typeof InventeringInput>): Promise<string> {
  const input = InventeringInput.parse(raw);
  const now = new Date();
  const caseId = await deps.db.transaction(async (trx) => {
    const personId = await storePerson(trx, input.person);
    const id = await nextCaseId(trx, 'AP', yearOf(now));
    await insertRoutineCase(trx, {
      caseId: id,
      personId,
      routine: 'arbetsprovning',
      responsibleOrg: input.responsibleOrg,
      openedOn: stockholmDateOf(now),
    });
    return id;
  });
  const { processInstanceId } = await deps.engine.startProcess(PROCESS_IDS.workTrial, {
    businessKey: caseId,
    variables: { caseId },
  });
  await updateRoutineCase(deps.db, caseId, { process_instance_key: processInstanceId });
  return caseId;
}

/**
 * The person withdraws the samtycke: recorded at once (sharing stops now, whatever the engine does), then the
 * ConsentWithdrawn message interrupts the running case. The engine keeps no message buffer, so "nobody waiting" is
 * decided here: the case's process has already ended (nothing to stop) or has not started yet (its first steps
 * read the samtycke from the database and return the aktualisering, since the samtycke is no longer valid). Either
 * way the withdrawal is not lost, and a repeated call changes nothing. Returns how many instances were stopped.
 */
export async function withdrawConsent(
  deps: Deps,
  input: { caseId: string; withdrawnBy: string; withdrawnByOrg?: string },
): Promise<{ stopped: number }> {
  const at = new Date();
  await deps.db.transaction(async (trx) => {
    const c = await findCase(trx, input.caseId);
    if (!c) throw new Error(`case ${input.caseId} does not exist`);
    const withdrawn = await withdrawConsents(trx, input.caseId, input.withdrawnBy, at);
    await recordEvent(trx, {
      caseId: input.caseId,
      type: 'samtycke-aterkallat-registrerat',
      dedupeKey: input.caseId,
      actor: input.withdrawnBy,
    });
    // the withdrawal itself is a change of case data: audited (with the client IP when it comes from a request)
    await audit(trx, {
      username: input.withdrawnBy,
      orgCode: input.withdrawnByOrg ?? null,
      action: 'withdraw-consent',
      objectType: 'consent',
      objectId: input.caseId,
      caseId: input.caseId,
      details: { consents: withdrawn },
    });
  });
  const { correlated } = await retryingConflicts(() =>
    deps.engine.correlateMessage({ messageName: MESSAGES.consentWithdrawn, businessKey: input.caseId }),
  );
  return { stopped: correlated };
}

/** The case's etablering has ended: there is no meeting series left to add a meeting to. */
export class RoutineEndedError extends Error {}

/** Asks for an extra kartläggningsträff in a running etablering case; RoutineEndedError when it has ended. */
export async function requestExtraMeeting(deps: Pick<Deps, 'engine'>, input: { caseId: string }): Promise<void> {
  const { correlated } = await retryingConflicts(() =>
    deps.engine.correlateMessage({ messageName: MESSAGES.extraMeetingRequested, businessKey: input.caseId }),
  );
  if (correlated === 0) throw new RoutineEndedError(`no running etablering for ${input.caseId}`);
}
