import type { Knex } from 'knex';

import { stockholmDateOf } from '../domain/calendar.js';
import type { SessionUser } from '../domain/sessionUser.js';
import { NotFound } from '../errors.js';
import { canAccessCase } from '../policy/caseAccess.js';
import { CASE_ROLES } from '../policy/routes.js';
import { tasksOfCase } from '../repositories/caseDetails.js';
import { type CaseRow, type ConsentRow, findCase, findPerson, latestConsent } from '../repositories/cases.js';
import { findRoutineCase, type RoutineCaseRow } from '../repositories/routineCases.js';
import { audit } from './audit.js';
import { PROCESS_IDS } from './cases.js';

type CaseTasks = Awaited<ReturnType<typeof tasksOfCase>>;

/** A case the user may see, with the facts the access rules read (no audit row is written for this check). */
export type CaseAccess =
  | {
      kind: 'samverkan';
      caseId: string;
      case: CaseRow;
      consent: ConsentRow | undefined;
      skyddad: boolean;
      today: string;
      /** The BPMN process the case runs. */
      processId: string;
      /** The organisation answering for the case: the ärendebärare, before one is decided the aktualiserande part. */
      responsibleOrg: string;
    }
  | {
      kind: 'routine';
      caseId: string;
      routine: RoutineCaseRow;
      tasks: CaseTasks;
      processId: string;
      responsibleOrg: string;
    };

/**
 * The parties that Arbetsförmedlingen calls to every kartläggningsträff of an etablering (seed 003: Centrum för
 * vuxenutbildning and Integration arbetsmarknad/bosättning): they are parties to every etablering case.
 */
export const ETABLERING_STANDING_PARTIES: readonly string[] = ['umea-vuxenutbildning', 'umea-integration'];

/**
 * The case if the user may see it: a samverkan case under the sekretess rule `canAccessCase`; an etablering or
 * arbetsprövning case for its responsible organisation and the organisations with a task in it, an etablering case
 * also for the parties called to every kartläggningsträff. NotFound for everyone else (they may not learn that the
 * case exists).
 */
export async function accessCase(
  db: Knex,
  user: SessionUser,
  caseId: string,
  { logRefusal = true }: { logRefusal?: boolean } = {},
): Promise<CaseAccess> {
  try {
    return await caseIfAllowed(db, user, caseId);
  } catch (err) {
    // a refused attempt to open a case is logged: who, when, which case, from where (the request's IP)
    if (logRefusal && err instanceof NotFound)
      await audit(db, {
        username: user.username,
        orgCode: user.orgCode,
        action: 'refused',
        objectType: 'case',
        objectId: caseId,
        caseId,
      });
    throw err;
  }
}

async function caseIfAllowed(db: Knex, user: SessionUser, caseId: string): Promise<CaseAccess> {
  const c = await findCase(db, caseId);
  if (c) {
    const consent = await latestConsent(db, c.case_id);
    const today = stockholmDateOf();
    // the sekretess rule lives in src/policy (skyddade personuppgifter: only the ärendebärare's organisation)
    const skyddad = Boolean((await findPerson(db, c.person_id))?.skyddad);
    if (!canAccessCase(user, c, consent, { skyddad, today })) throw new NotFound(`case ${c.case_id}`);
    return {
      kind: 'samverkan',
      caseId: c.case_id,
      case: c,
      consent,
      skyddad,
      today,
      processId: PROCESS_IDS.samverkanCase,
      responsibleOrg: c.arendebarare_org ?? c.referring_org,
    };
  }
  const r = await findRoutineCase(db, caseId);
  if (!r || !(CASE_ROLES as readonly string[]).includes(user.role)) throw new NotFound(`case ${caseId}`);
  const tasks = await tasksOfCase(db, caseId);
  const takesPart =
    r.responsible_org === user.orgCode ||
    (r.routine === 'etablering' && ETABLERING_STANDING_PARTIES.includes(user.orgCode)) ||
    tasks.some((t) => t.candidate_groups.some((g) => user.groups.includes(g)));
  if (!takesPart) throw new NotFound(`case ${caseId}`);
  const processId = r.routine === 'etablering' ? PROCESS_IDS.etablering : PROCESS_IDS.workTrial;
  return { kind: 'routine', caseId, routine: r, tasks, processId, responsibleOrg: r.responsible_org };
}

/** True when the user may open the case (the same rule as `accessCase`, as a yes/no for links in lists). */
export async function mayOpenCase(db: Knex, user: SessionUser, caseId: string): Promise<boolean> {
  return accessCase(db, user, caseId, { logRefusal: false }).then(
    () => true,
    (err: unknown) => {
      if (err instanceof NotFound) return false;
      throw err;
    },
  );
}

/** True for the förbund's samordnare (role or group): they see the deadline escalations and every stuck step. */
export const isSamordnare = (user: Pick<SessionUser, 'role' | 'groups'>): boolean =>
  user.role === 'samordnare' || user.groups.includes('samordnare');

/**
 * Who sees a case's technical problems (incidents) and may run a failed step again: among those who may see the
 * case, the organisation answering for it (ärendebärare, before one is decided the aktualiserande part; the
 * responsible organisation of a routine case) and the samordnare. Other parties only see that the case waits.
 */
export function mayHandleIncidents(
  user: Pick<SessionUser, 'role' | 'groups' | 'orgCode'>,
  access: Pick<CaseAccess, 'responsibleOrg'>,
): boolean {
  return isSamordnare(user) || user.orgCode === access.responsibleOrg;
}
