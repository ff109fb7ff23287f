import type { Knex } from 'knex';

import type { SessionUser } from '../domain/sessionUser.js';
import type { Engine } from '../engine/client.js';
import { Conflict, Forbidden, ValidationFailed } from '../errors.js';
import { recordEvent } from '../repositories/cases.js';
import {
  claimSubmission,
  completeSubmission,
  findSubmission,
  releaseSubmission,
} from '../repositories/startSubmissions.js';
import { audit } from './audit.js';
import { accessCase } from './caseAccess.js';
import { requestExtraMeeting, RoutineEndedError } from './cases.js';

/**
 * The parties of the samverkansgrupp för etablering (seed 003: Arbetsförmedlingen, Centrum för vuxenutbildning with its
 * studie- och yrkesvägledare, Integration, and försörjningsstöd, which joins at KT3): any of them may ask for an
 * extra kartläggningsträff ("vid behov initieras ytterligare träffar").
 */
export const ETABLERING_PARTIES = ['af', 'umea-vuxenutbildning', 'umea-syv', 'umea-integration', 'umea-fsd'] as const;

/** True when the user's organisation is a party of the etablering's samverkansgrupp. */
export const mayRequestExtraMeeting = (user: Pick<SessionUser, 'orgCode' | 'role'>): boolean =>
  user.role === 'handlaggare' && (ETABLERING_PARTIES as readonly string[]).includes(user.orgCode);

/**
 * "Begär extra kartläggningsträff" from the case view: once per form (the hidden `key`, claimed like a start form's,
 * so a double submit asks once; a missing key is refused after the access check), for a party of the etablering that may see the case (others: NotFound), while the
 * etablering runs. The engine starts the extra meeting (message ExtraMeetingRequested); the timeline records who asked.
 */
export async function requestExtraMeetingForUser(
  deps: { db: Knex; engine: Engine },
  user: SessionUser,
  caseId: string,
  key: string | undefined,
): Promise<{ repeated: boolean }> {
  const access = await accessCase(deps.db, user, caseId);
  if (access.kind !== 'routine' || access.routine.routine !== 'etablering')
    throw new Conflict(`case ${caseId} is not an etablering`, { code: 'extraMeeting.notEtablering' });
  if (!mayRequestExtraMeeting(user))
    throw new Forbidden(`${user.username} (${user.orgCode}) is not a party of the etablering`, {
      code: 'extraMeeting.notParty',
    });
  // checked after the access check: whoever may not see the case learns nothing from a malformed request either
  if (!key)
    throw new ValidationFailed('extra meeting request without a valid key', {}, { code: 'extraMeeting.invalid' });
  if (!(await claimSubmission(deps.db, { key, kind: 'extra-traff', username: user.username }))) {
    const previous = await findSubmission(deps.db, key);
    if (previous?.username === user.username && previous.case_id === caseId) return { repeated: true };
    throw new Conflict(`extra meeting request ${key} in progress or not the user's`, {
      code: 'extraMeeting.inProgress',
    });
  }
  try {
    await requestExtraMeeting(deps, { caseId });
  } catch (err) {
    await releaseSubmission(deps.db, key);
    if (err instanceof RoutineEndedError) throw new Conflict(err.message, { code: 'extraMeeting.ended' });
    throw err;
  }
  await completeSubmission(deps.db, key, caseId);
  await recordEvent(deps.db, {
    caseId,
    type: 'extra-traff-begard',
    dedupeKey: key,
    actor: user.username,
    details: { org: user.orgCode },
  });
  await audit(deps.db, {
    username: user.username,
    orgCode: user.orgCode,
    action: 'request-extra-meeting',
    objectType: 'case',
    objectId: caseId,
    caseId,
  });
  return { repeated: false };
}
