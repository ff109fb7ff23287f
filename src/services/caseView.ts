import type { Knex } from 'knex';

import { isEnded } from '../domain/caseStatus.js';
import type { SessionUser } from '../domain/sessionUser.js';
import type { Engine, HistoricProcessInstance } from '../engine/client.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { logger } from '../logger.js';
import { consentInForce } from '../policy/caseAccess.js';
import {
  beredningDecisionOf,
  followUpsOf,
  latestPlan,
  tasksOfCase,
  upcomingMeetings,
} from '../repositories/caseDetails.js';
import { caseEvents, type CaseRow, type ConsentRow } from '../repositories/cases.js';
import { auditBy } from './audit.js';
import { accessCase, type CaseAccess } from './caseAccess.js';
import { caseProcessView, ENGINE_READ_DEADLINE_MS, withDeadline } from './caseProcess.js';
import { withdrawConsent } from './cases.js';
import { caseIncidents } from './incidents.js';

export type Phase = 'aktualisering' | 'beredning' | 'plan' | 'uppfoljning' | 'avslut';
export type PhaseState = 'done' | 'current' | 'todo';

/** The user task in which each party of the samtycke gives its part of the kartläggning. */
const KARTLAGGNING_TASK = 'UserTask_ContributeKartlaggning';

/** Each party's kartläggning contribution: given (when), still open, or cancelled (e.g. the case was interrupted). */
export function kartlaggningContributions(
  tasks: Pick<
    Awaited<ReturnType<typeof tasksOfCase>>[number],
    'element_id' | 'candidate_groups' | 'state' | 'completed_at'
  >[],
) {
  return tasks
    .filter((t) => t.element_id === KARTLAGGNING_TASK)
    .map((t) => ({
      party: t.candidate_groups[0] ?? '',
      state: t.state as 'open' | 'completed' | 'cancelled',
      completedAt: t.completed_at,
    }))
    .filter((c) => c.party !== '');
}

/** Where a samverkan case stands on aktualisering → beredning → plan → uppföljningar → avslut. */
export function phasesOf(
  c: Pick<CaseRow, 'status'>,
  facts: { decided: boolean; hasPlan: boolean; followUps: number },
): Record<Phase, PhaseState> {
  const ended = isEnded(c.status);
  const p: Record<Phase, PhaseState> = {
    aktualisering: 'done',
    beredning: 'todo',
    plan: 'todo',
    uppfoljning: 'todo',
    avslut: 'todo',
  };
  if (c.status === 'returnerad') return { ...p, avslut: 'done' };
  p.beredning = facts.decided ? 'done' : 'current';
  if (facts.decided && c.status !== 'avslagen') p.plan = facts.hasPlan ? 'done' : ended ? 'todo' : 'current';
  if (facts.hasPlan) p.uppfoljning = ended ? 'done' : 'current';
  if (ended) p.avslut = 'done';
  return p;
}

/** The tasks of the case the user may see (candidate group of theirs, assigned to or completed by them). */
const visibleTasks = (user: SessionUser, tasks: Awaited<ReturnType<typeof tasksOfCase>>) =>
  tasks.filter(
    (t) =>
      t.candidate_groups.some((g) => user.groups.includes(g)) ||
      t.assignee === user.username ||
      t.completed_by === user.username,
  );

/** True when the user may withdraw the samtycke: a handläggare of a party under it (or the aktualiserande part). */
export function mayWithdrawConsent(
  user: SessionUser,
  c: Pick<CaseRow, 'referring_org' | 'status'>,
  consent: ConsentRow | undefined,
): boolean {
  // an ended case shares nothing more: there is no running case left to interrupt
  if (isEnded(c.status)) return false;
  return (
    user.role === 'handlaggare' &&
    Boolean(consent && !consent.withdrawn_at) &&
    (consent!.parties.includes(user.orgCode) || c.referring_org === user.orgCode)
  );
}

interface Deps {
  db: Knex;
  engine: Engine;
}

async function samverkanCaseView(deps: Deps, user: SessionUser, access: Extract<CaseAccess, { kind: 'samverkan' }>) {
  const { db } = deps;
  const c = access.case;
  await auditBy(db, user, { action: 'read', objectType: 'case', objectId: c.case_id, caseId: c.case_id });
  const [events, allTasks, plan, meetings, followUps, decision, process] = await Promise.all([
    caseEvents(db, c.case_id),
    tasksOfCase(db, c.case_id),
    latestPlan(db, c.case_id),
    upcomingMeetings(db, c.case_id, new Date()),
    followUpsOf(db, c.case_id),
    beredningDecisionOf(db, c.case_id),
    caseProcessView(deps, c.case_id, access.processId),
  ]);
  const ended = isEnded(c.status);
  return {
    kind: 'samverkan' as const,
    ended,
    case: c,
    consent: access.consent,
    consentInForce: consentInForce(access.consent, access.today),
    skyddad: access.skyddad,
    events,
    tasks: visibleTasks(user, allTasks),
    plan,
    // an ended case has no future meetings, even if one was called before the avslut
    meetings: ended ? [] : meetings,
    kartlaggning: kartlaggningContributions(allTasks),
    followUps,
    decision,
    phases: phasesOf(c, { decided: Boolean(decision), hasPlan: Boolean(plan), followUps: followUps.length }),
    mayWithdraw: mayWithdrawConsent(user, c, access.consent),
    diagram: process.diagram,
    pathProblem: process.pathProblem,
    incidents: await caseIncidents(deps, user, access, process.instances),
  };
}

/**
 * An etablering or arbetsprövning case (routine case, no samtycke between parties): the responsible organisation
 * and the organisations that have a task in it (e.g. AF answering försörjningsstöd's aktualisering).
 */
async function routineCaseView(deps: Deps, user: SessionUser, access: Extract<CaseAccess, { kind: 'routine' }>) {
  const { db } = deps;
  const caseId = access.caseId;
  await auditBy(db, user, { action: 'read', objectType: 'case', objectId: caseId, caseId });
  const [events, meetings, process] = await Promise.all([
    caseEvents(db, caseId),
    upcomingMeetings(db, caseId, new Date()),
    caseProcessView(deps, caseId, access.processId),
  ]);
  const ended = isEnded(access.routine.status);
  return {
    kind: 'routine' as const,
    ended,
    routine: access.routine,
    events,
    meetings: ended ? [] : meetings,
    nextMeetingDate:
      access.routine.routine === 'etablering' && !ended
        ? await nextKartlaggningMeeting(deps, process.instances)
        : undefined,
    tasks: visibleTasks(user, access.tasks),
    diagram: process.diagram,
    pathProblem: process.pathProblem,
    incidents: await caseIncidents(deps, user, access, process.instances),
  };
}

/**
 * The date of the next kartläggningsträff that KT1 set (`nextMeetingDate` of the running etablering instance).
 * null when none is set or the engine does not answer in time (the page renders without it).
 */
async function nextKartlaggningMeeting(
  deps: Deps,
  instances: HistoricProcessInstance[] | null,
): Promise<string | null> {
  const running = (instances ?? []).find((i) => i.endTime === null);
  if (!running) return null;
  try {
    const vars = await withDeadline(
      deps.engine.processVariables(running.id, ['nextMeetingDate']),
      ENGINE_READ_DEADLINE_MS,
      `next meeting of ${running.id}`,
    );
    const v = vars.nextMeetingDate;
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
  } catch (err) {
    logger.warn(
      { processInstanceId: running.id, err: (err as Error).message },
      'engine unavailable: case view without the next kartläggningsträff',
    );
    return null;
  }
}

/**
 * The case view data, only for users whose organisation takes part in the case under its samtycke (or the
 * aktualiserande part, which drives the case until the ärendebärare is decided), see `accessCase`. Others get
 * NotFound (sekretess). Every read is written to the audit log. The process path and the incidents come from the
 * engine; when it does not answer the page still renders without them.
 */
export async function caseViewForUser(deps: Deps, user: SessionUser, caseId: string) {
  const access = await accessCase(deps.db, user, caseId);
  return access.kind === 'samverkan' ? samverkanCaseView(deps, user, access) : routineCaseView(deps, user, access);
}

export type CaseView = Awaited<ReturnType<typeof caseViewForUser>>;

/**
 * "Återkalla samtycke": a handläggare of a party records the person's withdrawal; sharing stops at once and the
 * running case is interrupted (ConsentWithdrawn). Cases the user may not see answer NotFound.
 */
export async function withdrawConsentForUser(
  deps: { db: Knex; engine: Engine },
  user: SessionUser,
  caseId: string,
): Promise<void> {
  const may = await consentWithdrawalFor(deps.db, user, caseId);
  if (may === 'already')
    throw new Conflict(`consent of ${caseId} already withdrawn`, { code: 'consent.withdrawAlready' });
  if (may === 'not-allowed')
    throw new Forbidden(`${user.username} may not withdraw the consent of ${caseId}`, {
      code: 'consent.withdrawNotAllowed',
    });
  try {
    // writes the one audit row of the act (who, which samtycken, from where)
    await withdrawConsent(deps, { caseId, withdrawnBy: user.username, withdrawnByOrg: user.orgCode });
  } catch (err) {
    // ALREADY_EXISTS: the same ConsentWithdrawn message (same messageId) is still buffered, i.e. a repeated
    // withdrawal; the database already says withdrawn, so the outcome is the one asked for
    const e = err as { code?: number; message?: string };
    if (!(e?.code === 6 || /ALREADY_EXISTS/.test(String(e?.message ?? '')))) throw err;
  }
}

/**
 * Whether the user may withdraw the samtycke of a case, from the access rule alone (no engine reads, no case view):
 * NotFound for a case the user may not see (and for a routine case, which has no samtycke).
 */
export async function consentWithdrawalFor(
  db: Knex,
  user: SessionUser,
  caseId: string,
): Promise<'allowed' | 'already' | 'not-allowed'> {
  const access = await accessCase(db, user, caseId);
  if (access.kind !== 'samverkan') throw new NotFound(`case ${caseId} has no samtycke`);
  if (access.consent?.withdrawn_at) return 'already';
  return mayWithdrawConsent(user, access.case, access.consent) ? 'allowed' : 'not-allowed';
}
