import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Engine } from '../engine/client.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { SessionUser } from '../middleware/auth.js';
import { PROCESSES_DIR } from '../paths.js';
import { canAccessCase, consentInForce, stockholmToday } from '../policy/caseAccess.js';
import { CASE_ROLES } from '../policy/routes.js';
import { beredningDecisionOf, followUpsOf, latestPlan, tasksOfCase, upcomingMeetings } from '../repositories/caseDetails.js';
import { caseEvents, findCase, findPerson, latestConsent, type CaseRow, type ConsentRow } from '../repositories/cases.js';
import { findProcessVersionXml } from '../repositories/processVersions.js';
import { findRoutineCase } from '../repositories/routineCases.js';
import { audit } from '../repositories/tasks.js';
import { workSv } from '../ui/caseworkTexts.sv.js';
import { withdrawConsent } from './cases.js';
import { PROCESS_IDS } from './cases.js';

/**
 * Elements of samverkan-case a timeline event proves were passed (the engine keeps no history we could ask:
 * 8.6 without secondary storage). Completed user tasks add their own element ids.
 */
const EVENT_ELEMENTS: Record<string, string[]> = {
  'aktualisering-registrerad': ['StartEvent_CaseReferred', 'Gateway_StartMerge'],
  aktualiserad: ['Gateway_StartMerge', 'Task_RecordReferral'],
  'aktualiserad-till-arbetsmarknadstorget': ['StartEvent_ReferredFromEtablering', 'Gateway_StartMerge'],
  'kriterier-uppfyllda': ['Task_CheckCriteria', 'Gateway_CriteriaMet', 'Task_ComputeBeredningMeeting'],
  'aktualisering-returnerad': ['Task_CheckCriteria', 'Gateway_CriteriaMet', 'Task_NotifyReferralReturned', 'EndEvent_ReferralReturned'],
  'placerad-pa-beredning': ['Task_ComputeBeredningMeeting', 'Task_PlaceOnAgenda'],
  'beredning-ja': ['Task_RecordBeredningDecision', 'Gateway_BeredningDecision', 'Task_NotifyBeredningYes'],
  'beredning-nej': ['Task_RecordBeredningDecision', 'Gateway_BeredningDecision', 'Task_NotifyBeredningNo', 'EndEvent_BeredningNo'],
  'mote-kallad': ['Gateway_MeetingLoop', 'Task_RecordMeetingCalled', 'Task_NotifyMeetingInvitation'],
  'plan-faststalld': ['Task_RecordPlan', 'Gateway_FollowUpLoop', 'Task_ComputeFollowUpDue'],
  uppfoljning: ['Task_RecordFollowUp', 'Gateway_FollowUpOutcome'],
  avslutad: ['Task_RecordClosure', 'EndEvent_CaseClosed'],
  'avbrott-samtycke-aterkallat': ['SubProcess_ConsentWithdrawn', 'StartEvent_ConsentWithdrawn', 'Task_RecordConsentWithdrawal', 'Task_NotifyConsentWithdrawn', 'EndEvent_ConsentWithdrawn'],
};

export type Phase = 'aktualisering' | 'beredning' | 'plan' | 'uppfoljning' | 'avslut';
export type PhaseState = 'done' | 'current' | 'todo';

/** Where a samverkan case stands on aktualisering → beredning → plan → uppföljningar → avslut. */
export function phasesOf(c: Pick<CaseRow, 'status'>, facts: { decided: boolean; hasPlan: boolean; followUps: number }): Record<Phase, PhaseState> {
  const ended = c.status === 'avslutad' || c.status === 'avslagen' || c.status === 'returnerad';
  const p: Record<Phase, PhaseState> = { aktualisering: 'done', beredning: 'todo', plan: 'todo', uppfoljning: 'todo', avslut: 'todo' };
  if (c.status === 'returnerad') return { ...p, avslut: 'done' };
  p.beredning = facts.decided ? 'done' : 'current';
  if (facts.decided && c.status !== 'avslagen') p.plan = facts.hasPlan ? 'done' : ended ? 'todo' : 'current';
  if (facts.hasPlan) p.uppfoljning = ended ? 'done' : 'current';
  if (ended) p.avslut = 'done';
  return p;
}

async function diagramXml(db: Knex, bpmnProcessId: string, version: number | null): Promise<string | undefined> {
  if (version !== null) {
    const xml = await findProcessVersionXml(db, bpmnProcessId, version);
    if (xml) return xml;
  }
  if (!/^[a-z0-9-]+$/.test(bpmnProcessId)) return undefined;
  return readFile(path.join(PROCESSES_DIR, `${bpmnProcessId}.bpmn`), 'utf8').catch(() => undefined);
}

/** The BPMN diagram data: the model, the open tasks' elements (current position) and the elements passed. */
async function diagramOf(db: Knex, bpmnProcessId: string, tasks: Awaited<ReturnType<typeof tasksOfCase>>, events: { event_type: string }[]) {
  const version = tasks.length ? tasks[tasks.length - 1]!.process_version : null;
  const xml = await diagramXml(db, bpmnProcessId, version);
  const current = [...new Set(tasks.filter((t) => t.state === 'open' || t.state === 'completing').map((t) => t.element_id))];
  const done = new Set(tasks.filter((t) => t.state === 'completed').map((t) => t.element_id));
  for (const e of events) for (const id of EVENT_ELEMENTS[e.event_type] ?? []) done.add(id);
  return xml ? { xml, current, done: [...done].filter((id) => !current.includes(id)) } : undefined;
}

/** The tasks of the case the user may see (candidate group of theirs, assigned to or completed by them). */
const visibleTasks = (user: SessionUser, tasks: Awaited<ReturnType<typeof tasksOfCase>>) =>
  tasks.filter((t) => t.candidate_groups.some((g) => user.groups.includes(g)) || t.assignee === user.username || t.completed_by === user.username);

/** True when the user may withdraw the samtycke: a handläggare of a party under it (or the aktualiserande part). */
export function mayWithdrawConsent(user: SessionUser, c: Pick<CaseRow, 'referring_org'>, consent: ConsentRow | undefined): boolean {
  return user.role === 'handlaggare' && Boolean(consent && !consent.withdrawn_at) && (consent!.parties.includes(user.orgCode) || c.referring_org === user.orgCode);
}

async function samverkanCaseView(db: Knex, user: SessionUser, c: CaseRow) {
  const consent = await latestConsent(db, c.case_id);
  const today = stockholmToday();
  // the sekretess rule lives in src/policy (skyddade personuppgifter: only the ärendebärare's organisation)
  const skyddad = Boolean((await findPerson(db, c.person_id))?.skyddad);
  if (!canAccessCase(user, c, consent, { skyddad, today })) throw new NotFound(`case ${c.case_id}`);
  await audit(db, { username: user.username, orgCode: user.orgCode, action: 'read', objectType: 'case', objectId: c.case_id, caseId: c.case_id });
  const [events, allTasks, plan, meetings, followUps, decision] = await Promise.all([
    caseEvents(db, c.case_id),
    tasksOfCase(db, c.case_id),
    latestPlan(db, c.case_id),
    upcomingMeetings(db, c.case_id, new Date()),
    followUpsOf(db, c.case_id),
    beredningDecisionOf(db, c.case_id),
  ]);
  return {
    kind: 'samverkan' as const,
    case: c,
    consent,
    consentInForce: consentInForce(consent, today),
    skyddad,
    events,
    tasks: visibleTasks(user, allTasks),
    plan,
    meetings,
    followUps,
    decision,
    phases: phasesOf(c, { decided: Boolean(decision), hasPlan: Boolean(plan), followUps: followUps.length }),
    mayWithdraw: mayWithdrawConsent(user, c, consent),
    diagram: await diagramOf(db, PROCESS_IDS.samverkanCase, allTasks, events),
  };
}

/**
 * An etablering or arbetsprövning case (routine case, no samtycke between parties): the responsible organisation
 * and the organisations that have a task in it (e.g. AF answering försörjningsstöd's aktualisering).
 */
async function routineCaseView(db: Knex, user: SessionUser, caseId: string) {
  const r = await findRoutineCase(db, caseId);
  if (!r || !(CASE_ROLES as readonly string[]).includes(user.role)) throw new NotFound(`case ${caseId}`);
  const allTasks = await tasksOfCase(db, caseId);
  const takesPart = r.responsible_org === user.orgCode || allTasks.some((t) => t.candidate_groups.some((g) => user.groups.includes(g)));
  if (!takesPart) throw new NotFound(`case ${caseId}`);
  await audit(db, { username: user.username, orgCode: user.orgCode, action: 'read', objectType: 'case', objectId: caseId, caseId });
  const [events, meetings] = await Promise.all([caseEvents(db, caseId), upcomingMeetings(db, caseId, new Date())]);
  const processId = r.routine === 'etablering' ? PROCESS_IDS.etablering : PROCESS_IDS.workTrial;
  return { kind: 'routine' as const, routine: r, events, meetings, tasks: visibleTasks(user, allTasks), diagram: await diagramOf(db, processId, allTasks, events) };
}

/**
 * The case view data, only for users whose organisation takes part in the case under its samtycke (or the
 * aktualiserande part, which drives the case until the ärendebärare is decided), see `canAccessCase`. Others get
 * NotFound (sekretess). Every read is written to the audit log.
 */
export async function caseViewForUser(db: Knex, user: SessionUser, caseId: string) {
  const c = await findCase(db, caseId);
  if (c) return samverkanCaseView(db, user, c);
  return routineCaseView(db, user, caseId);
}

export type CaseView = Awaited<ReturnType<typeof caseViewForUser>>;

/**
 * "Återkalla samtycke": a handläggare of a party records the person's withdrawal; sharing stops at once and the
 * running case is interrupted (ConsentWithdrawn). Cases the user may not see answer NotFound.
 */
export async function withdrawConsentForUser(deps: { db: Knex; engine: Engine }, user: SessionUser, caseId: string): Promise<void> {
  const view = await caseViewForUser(deps.db, user, caseId);
  if (view.kind !== 'samverkan') throw new NotFound(`case ${caseId} has no samtycke`);
  if (view.consent?.withdrawn_at) throw new Conflict(`consent of ${caseId} already withdrawn`, workSv.caseView.withdrawAlready);
  if (!view.mayWithdraw) throw new Forbidden(`${user.username} may not withdraw the consent of ${caseId}`, workSv.caseView.withdrawNotAllowed);
  try {
    await withdrawConsent(deps, { caseId, withdrawnBy: user.username });
  } catch (err) {
    // ALREADY_EXISTS: the same ConsentWithdrawn message (same messageId) is still buffered, i.e. a repeated
    // withdrawal; the database already says withdrawn, so the outcome is the one asked for
    const e = err as { code?: number; message?: string };
    if (!(e?.code === 6 || /ALREADY_EXISTS/.test(String(e?.message ?? '')))) throw err;
  }
  await audit(deps.db, { username: user.username, orgCode: user.orgCode, action: 'withdraw-consent', objectType: 'case', objectId: caseId, caseId });
}
