import { randomUUID } from 'node:crypto';

import type { Knex } from 'knex';

import type { CaseStatus } from '../domain/caseStatus.js';

/** A participation in the samverkan (one row of `cases`). */
export interface CaseRow {
  case_id: string;
  person_id: string;
  verksamhet: string;
  target_group: string;
  beredning_group: string | null;
  referring_org: string;
  referring_user: string;
  informed_of_aim: boolean;
  ready_for_change: boolean;
  informed_of_consent: boolean | null;
  needs_description: string | null;
  requested_verksamhet: string | null;
  /** The torg's målgrupp the handläggare chose when the case went to the hemkommun's samordningsteam. */
  requested_target_group: string | null;
  arendebarare_org: string | null;
  /** The person's main försörjning (a code of `FORSORJNING`), recorded with the samverkansplan. */
  forsorjning: string | null;
  /** Why the ärendebärare is another party than the one proposed from the försörjning; null when it is the proposal. */
  arendebarare_reason: string | null;
  status: CaseStatus;
  rejection_reason: string | null;
  process_instance_key: string | null;
  previous_case_id: string | null;
  source_case_id: string | null;
  referred_at: Date;
  start_date: string | null;
  end_date: string | null;
  avslutsorsak: string | null;
  closure_reason: string | null;
}

export interface ConsentRow {
  consent_id: string;
  case_id: string;
  parties: string[];
  data_categories: string[];
  valid_from: string;
  valid_to: string;
  signed_copy_given: boolean;
  text_version: string;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
}

export interface NewPerson {
  personnummerEnc: string;
  personnummerHmac: string;
  kon: 'K' | 'M';
  birthYear: number;
  folkbokfordKommun: string;
  skyddad: boolean;
}

/** Inserts the person or, when the blind index is known, refreshes the current facts; returns the person id. */
export async function upsertPerson(db: Knex, p: NewPerson): Promise<string> {
  const [row] = await db('persons')
    .insert({
      person_id: randomUUID(),
      personnummer_enc: p.personnummerEnc,
      personnummer_hmac: p.personnummerHmac,
      kon: p.kon,
      birth_year: p.birthYear,
      folkbokford_kommun: p.folkbokfordKommun,
      skyddad: p.skyddad,
    })
    .onConflict('personnummer_hmac')
    .merge(['folkbokford_kommun', 'skyddad', 'kon'])
    .returning<{ person_id: string }[]>('person_id');
  return row!.person_id;
}

/** One person by id (without decrypting anything). */
export function findPerson(db: Knex, personId: string) {
  return db('persons').where({ person_id: personId }).first<
    | {
        person_id: string;
        kon: string;
        birth_year: number;
        folkbokford_kommun: string;
        skyddad: boolean;
        personnummer_enc: string;
      }
    | undefined
  >();
}

/** Next pseudonymous case id of the year, e.g. SV-2026-00042. */
export async function nextCaseId(db: Knex, prefix: 'SV' | 'ET' | 'AP', year: number): Promise<string> {
  const seq = prefix === 'SV' ? 'case_number_seq' : 'routine_case_number_seq';
  const { rows } = await db.raw<{ rows: { n: string }[] }>(`select nextval('${seq}') as n`);
  return `${prefix}-${year}-${String(rows[0]!.n).padStart(5, '0')}`;
}

export interface NewCase {
  caseId: string;
  personId: string;
  verksamhet: string;
  targetGroup: string;
  referringOrg: string;
  referringUser: string;
  informedOfAim: boolean;
  readyForChange: boolean;
  informedOfConsent?: boolean | null;
  needsDescription?: string | null;
  requestedVerksamhet?: string | null;
  requestedTargetGroup?: string | null;
  previousCaseId?: string | null;
  sourceCaseId?: string | null;
}

/** Inserts a case; a second insert of the same case id is a no-op. */
export async function insertCase(db: Knex, c: NewCase): Promise<void> {
  await db('cases')
    .insert({
      case_id: c.caseId,
      person_id: c.personId,
      verksamhet: c.verksamhet,
      target_group: c.targetGroup,
      referring_org: c.referringOrg,
      referring_user: c.referringUser,
      informed_of_aim: c.informedOfAim,
      ready_for_change: c.readyForChange,
      informed_of_consent: c.informedOfConsent ?? null,
      needs_description: c.needsDescription ?? null,
      requested_verksamhet: c.requestedVerksamhet ?? null,
      requested_target_group: c.requestedTargetGroup ?? null,
      previous_case_id: c.previousCaseId ?? null,
      source_case_id: c.sourceCaseId ?? null,
    })
    .onConflict('case_id')
    .ignore();
}

/** One case by id. */
export function findCase(db: Knex, caseId: string): Promise<CaseRow | undefined> {
  return db('cases').where({ case_id: caseId }).first<CaseRow | undefined>();
}

/** The case that an etablering case aktualiserade at KT2, if any. */
export function findCaseBySource(db: Knex, sourceCaseId: string): Promise<CaseRow | undefined> {
  return db('cases').where({ source_case_id: sourceCaseId }).first<CaseRow | undefined>();
}

/** Updates columns of a case. */
export async function updateCase(db: Knex, caseId: string, patch: Partial<Omit<CaseRow, 'case_id'>>): Promise<void> {
  await db('cases').where({ case_id: caseId }).update(patch);
}

export interface NewConsent {
  caseId: string;
  parties: string[];
  dataCategories: string[];
  validFrom: string;
  validTo: string;
  signedCopyGiven: boolean;
  textVersion: string;
}

/** Records a samtycke for a case. */
export async function insertConsent(db: Knex, c: NewConsent): Promise<string> {
  const consentId = randomUUID();
  await db('consents').insert({
    consent_id: consentId,
    case_id: c.caseId,
    parties: c.parties,
    data_categories: c.dataCategories,
    valid_from: c.validFrom,
    valid_to: c.validTo,
    signed_copy_given: c.signedCopyGiven,
    text_version: c.textVersion,
  });
  return consentId;
}

/** The newest samtycke of a case. */
export function latestConsent(db: Knex, caseId: string): Promise<ConsentRow | undefined> {
  return db('consents').where({ case_id: caseId }).orderBy('created_at', 'desc').first<ConsentRow | undefined>();
}

/** Marks every not yet withdrawn samtycke of the case withdrawn; returns how many rows changed. */
export function withdrawConsents(db: Knex, caseId: string, by: string, at: Date): Promise<number> {
  return db('consents')
    .where({ case_id: caseId })
    .whereNull('withdrawn_at')
    .update({ withdrawn_at: at, withdrawn_by: by });
}

/** Appends to the case timeline; the same (case, type, dedupe key) is recorded once. */
export async function recordEvent(
  db: Knex,
  e: { caseId: string; type: string; dedupeKey: string; actor?: string; details?: Record<string, unknown> },
): Promise<void> {
  await db('case_events')
    .insert({
      case_id: e.caseId,
      event_type: e.type,
      dedupe_key: e.dedupeKey,
      actor: e.actor ?? 'system',
      details: JSON.stringify(e.details ?? {}),
    })
    .onConflict(['case_id', 'event_type', 'dedupe_key'])
    .ignore();
}

/** The timeline of a case, oldest first. */
export function caseEvents(db: Knex, caseId: string) {
  return db('case_events')
    .where({ case_id: caseId })
    .orderBy('event_id')
    .select<{ event_type: string; details: Record<string, unknown>; occurred_at: Date; actor: string }[]>(
      'event_type',
      'details',
      'occurred_at',
      'actor',
    );
}
