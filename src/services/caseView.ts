import type { Knex } from 'knex';
import { NotFound } from '../errors.js';
import type { SessionUser } from '../middleware/auth.js';
import { canAccessCase, consentInForce, stockholmToday } from '../policy/caseAccess.js';
import { caseEvents, findCase, findPerson, latestConsent } from '../repositories/cases.js';
import { audit } from '../repositories/tasks.js';


/**
 * The case view data, only for users whose organisation takes part in the case under its samtycke (or the
 * aktualiserande part, which drives the case until the ärendebärare is decided), see `canAccessCase`. Others get
 * NotFound (sekretess).
 * Every read is written to the audit log.
 */
export async function caseViewForUser(db: Knex, user: SessionUser, caseId: string) {
  const c = await findCase(db, caseId);
  if (!c) throw new NotFound(`case ${caseId}`);
  const consent = await latestConsent(db, caseId);
  const today = stockholmToday();
  // the sekretess rule lives in src/policy (skyddade personuppgifter: only the ärendebärare's organisation)
  const skyddad = Boolean((await findPerson(db, c.person_id))?.skyddad);
  if (!canAccessCase(user, c, consent, { skyddad, today })) throw new NotFound(`case ${caseId}`);
  await audit(db, { username: user.username, orgCode: user.orgCode, action: 'read', objectType: 'case', objectId: caseId, caseId });
  const [events, tasks] = await Promise.all([
    caseEvents(db, caseId),
    db('tasks')
      .where({ case_id: caseId })
      .whereRaw('(candidate_groups && ?::text[] or assignee = ?)', [user.groups, user.username])
      .orderBy('created_at')
      .select<{ job_key: string; element_name: string | null; element_id: string; state: string; due_at: Date | null; created_at: Date }[]>('job_key', 'element_name', 'element_id', 'state', 'due_at', 'created_at'),
  ]);
  return { case: c, consent, consentInForce: consentInForce(consent, today), skyddad, events, tasks };
}
