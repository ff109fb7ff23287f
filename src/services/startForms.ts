import type { Knex } from 'knex';
import type { z } from 'zod';

import { mayAktualiseraTo, routeAktualisering } from '../domain/aktualiseringRights.js';
import { stockholmDateOf } from '../domain/calendar.js';
import { ORGANISATIONS, type Verksamhet, VERKSAMHETER } from '../domain/organisations.js';
import { ageOn, birthDateOf } from '../domain/personnummer.js';
import { evaluateReferralCriteria, TARGET_GROUPS } from '../domain/referralCriteria.js';
import type { SessionUser } from '../domain/sessionUser.js';
import type { Engine } from '../engine/client.js';
import { Conflict, Forbidden } from '../errors.js';
import {
  claimSubmission,
  completeSubmission,
  findSubmission,
  releaseSubmission,
} from '../repositories/startSubmissions.js';
import { audit } from './audit.js';
import type { PersonInput } from './cases.js';
import { aktualisera, type AktualiseraInput, startEtablering, startInventering } from './cases.js';

interface Deps {
  db: Knex;
  engine: Engine;
}

/** Organisations a samtycke can name (the parties; not the förbund itself). */
export const CONSENT_PARTIES = ORGANISATIONS.filter((o) => o.code !== 'forbundet');
/** Data categories a samtycke can cover: kinds of information, never journal content. */
export const DATA_CATEGORIES = ['kartlaggning', 'planering', 'insatser', 'ersattning', 'halsa'] as const;
/** Versions of the samtycke text (the blankett the person signed); the newest first. */
export const CONSENT_TEXT_VERSIONS = ['2026-1'] as const;

/** The målgrupper of a verksamhet (the samordningsteam share one list). */
export function targetGroupsOf(verksamhet: Verksamhet): string[] {
  return Object.keys(
    verksamhet === 'ungdomstorget'
      ? TARGET_GROUPS.ungdomstorget
      : verksamhet === 'vuxentorget'
        ? TARGET_GROUPS.vuxentorget
        : TARGET_GROUPS.samordningsteam,
  );
}

export const isVerksamhet = (v: string): v is Verksamhet => (VERKSAMHETER as readonly string[]).includes(v);

/** Only a handläggare of a party aktualiserar (seed 000: a person cannot apply on their own). */
export const mayAktualisera = (u: SessionUser) => u.role === 'handlaggare' && u.orgCode !== 'forbundet';
/** Inventering is försörjningsstöd's (slussen) routine. */
export const mayInventera = (u: SessionUser) => u.role === 'handlaggare' && u.orgCode === 'umea-fsd';
/** Inskrivning in the etableringsprogram is AF's. */
export const mayInskriva = (u: SessionUser) => u.role === 'handlaggare' && u.orgCode === 'af';

export type StartKind = 'aktualisering' | 'inventering' | 'etablering';

/**
 * Runs a start form's use case once per idempotency key (the hidden field of the form): the key is claimed in
 * `start_submissions` (primary key), a double submit finds the claim and gets the case already created.
 */
async function once(
  db: Knex,
  user: SessionUser,
  s: { key: string; kind: StartKind },
  run: () => Promise<string>,
): Promise<{ caseId: string; repeated: boolean }> {
  if (!(await claimSubmission(db, { key: s.key, kind: s.kind, username: user.username }))) {
    const previous = await findSubmission(db, s.key);
    if (previous?.username === user.username && previous.case_id) return { caseId: previous.case_id, repeated: true };
    throw new Conflict(`start submission ${s.key} in progress or not the user's`, { code: 'start.inProgress' });
  }
  let caseId: string;
  try {
    caseId = await run();
  } catch (err) {
    await releaseSubmission(db, s.key);
    throw err;
  }
  await completeSubmission(db, s.key, caseId);
  await audit(db, {
    username: user.username,
    orgCode: user.orgCode,
    action: `start:${s.kind}`,
    objectType: 'case',
    objectId: caseId,
    caseId,
  });
  return { caseId, repeated: false };
}

export type AktualiseringForm = Omit<
  AktualiseraInput,
  'referringOrg' | 'referringUser' | 'previousCaseId' | 'requestedVerksamhet' | 'requestedTargetGroup'
> & { informedOfConsent: boolean; previousCaseId?: string };

/** The aktualisering does not meet the criteria: nothing is registered; `reason` (Swedish) is shown on the form. */
export class CriteriaNotMet extends Error {
  constructor(readonly reason: string) {
    super('aktualisering does not meet the criteria');
    this.name = 'CriteriaNotMet';
  }
}

/**
 * Aktualisering from the start form: the referring party and user are the logged-in handläggare, never typed. The
 * criteria that can be known now (målgrupp and age on this day from the full date of birth, folkbokföring, the
 * confirmations, the samtycke) are checked before anything is stored; a kranskommun resident aktualiserad to a torg
 * is registered with the hemkommun's samordningsteam (`routed` tells the receipt page).
 */
export async function submitAktualisering(
  deps: Deps,
  user: SessionUser,
  key: string,
  input: AktualiseringForm,
  today = stockholmDateOf(),
): Promise<{ caseId: string; repeated: boolean; routed: { from: Verksamhet; to: Verksamhet } | null }> {
  if (!mayAktualisera(user) || !mayAktualiseraTo(user.orgCode, input.verksamhet))
    throw new Forbidden(`${user.username} may not aktualisera to ${input.verksamhet}`, { code: 'start.notAllowedTo' });
  const routing = routeAktualisering({
    verksamhet: input.verksamhet,
    targetGroup: input.targetGroup,
    folkbokfordKommun: input.person.folkbokfordKommun,
    referringOrg: user.orgCode,
  });
  const birthDate = birthDateOf(input.person.personnummer);
  const criteria = evaluateReferralCriteria({
    verksamhet: routing.verksamhet,
    targetGroup: routing.targetGroup,
    age: birthDate ? ageOn(birthDate, today) : null,
    folkbokfordKommun: input.person.folkbokfordKommun,
    referringOrg: user.orgCode,
    informedOfAim: input.informedOfAim,
    readyForChange: input.readyForChange,
    informedOfConsent: input.informedOfConsent,
    consent: {
      signedCopyGiven: input.consent.signedCopyGiven,
      validFrom: input.consent.validFrom,
      validTo: input.consent.validTo,
      withdrawn: false,
      parties: input.consent.parties,
    },
    today,
  });
  if (!criteria.criteriaMet) throw new CriteriaNotMet(criteria.rejectionReason!);
  const r = await once(deps.db, user, { key, kind: 'aktualisering' }, () =>
    aktualisera(deps, {
      ...input,
      verksamhet: routing.verksamhet,
      targetGroup: routing.targetGroup,
      requestedVerksamhet: routing.requestedVerksamhet,
      requestedTargetGroup: routing.requestedVerksamhet ? input.targetGroup : null,
      referringOrg: user.orgCode,
      referringUser: user.username,
    }),
  );
  return {
    ...r,
    routed: routing.requestedVerksamhet ? { from: routing.requestedVerksamhet, to: routing.verksamhet } : null,
  };
}

/** Inventering (försörjningsstöd) from the start form. */
export async function submitInventering(
  deps: Deps,
  user: SessionUser,
  key: string,
  input: { person: z.input<typeof PersonInput> },
): Promise<{ caseId: string; repeated: boolean }> {
  if (!mayInventera(user))
    throw new Forbidden(`${user.username} may not register an inventering`, { code: 'start.notAllowedInventering' });
  return once(deps.db, user, { key, kind: 'inventering' }, () =>
    startInventering(deps, { person: input.person, responsibleOrg: user.orgCode }),
  );
}

/** Inskrivning in the etablering from the start form. */
export async function submitEtablering(
  deps: Deps,
  user: SessionUser,
  key: string,
  input: { person: z.input<typeof PersonInput>; programmeEndDate: string },
): Promise<{ caseId: string; repeated: boolean }> {
  if (!mayInskriva(user))
    throw new Forbidden(`${user.username} may not register an etablering`, { code: 'start.notAllowedEtablering' });
  return once(deps.db, user, { key, kind: 'etablering' }, () =>
    startEtablering(deps, {
      person: input.person,
      programmeEndDate: input.programmeEndDate,
      responsibleOrg: user.orgCode,
    }),
  );
}
