import type { Knex } from 'knex';

import type { SessionUser } from '../domain/sessionUser.js';
import type { Engine } from '../engine/client.js';
import type { UserMessage } from '../errors.js';
import { INCIDENT_OVERVIEW_ROLES } from '../policy/routes.js';
import { lateTasks, responsibleOrgs } from '../repositories/stuckCases.js';
import { auditBy } from './audit.js';
import { mayOpenCase } from './caseAccess.js';
import { incidentOverview } from './incidents.js';

/** Why a case is in the overview. */
export type StuckKind = 'incident' | 'overdue' | 'escalated';

/** One stuck or late step of a case. */
export interface StuckItem {
  kind: StuckKind;
  caseId: string | null;
  /** The organisation that should act: the task's candidate group, or (incidents) the one answering for the case. */
  orgCode: string | null;
  processName: string;
  stepName: string;
  /** Incident: since when; task: its due date. */
  since: Date | null;
  /** Incidents: the cause, a message code the view renders. */
  cause?: UserMessage;
  processInstanceId?: string;
  mayOpen: boolean;
}

/** Counts per organisation and step. */
export interface StuckGroup {
  orgCode: string | null;
  processName: string;
  stepName: string;
  incidents: number;
  overdue: number;
  escalated: number;
}

export interface StuckOverview {
  groups: StuckGroup[];
  /** The case rows: only for the samordnare and admin (the styrgrupp sees counts only). */
  items: StuckItem[] | null;
  engineUnavailable: boolean;
  truncated: boolean;
}

const MAX_TASK_ROWS = 2_000;

/**
 * Stuck and overdue cases across the processes: open incidents (from the engine), tasks past their due date and
 * escalated tasks (from the task read model), counted per organisation and step. The samordnare and admin also get
 * the rows (pseudonymous case ids, a link only where they may open the case). The view is audited with the case ids
 * shown.
 */
export async function stuckOverview(
  deps: { db: Knex; engine: Engine },
  user: SessionUser,
  now = new Date(),
): Promise<StuckOverview> {
  const [incidents, tasks, names] = await Promise.all([
    incidentOverview(deps, user),
    lateTasks(deps.db, { now, limit: MAX_TASK_ROWS + 1 }),
    deps.db('deployed_process_elements').distinct('bpmn_process_id', 'process_name') as Promise<
      { bpmn_process_id: string; process_name: string | null }[]
    >,
  ]);
  const processName = new Map(names.filter((n) => n.process_name).map((n) => [n.bpmn_process_id, n.process_name!]));
  const truncated = tasks.length > MAX_TASK_ROWS;
  const late = tasks.slice(0, MAX_TASK_ROWS);
  const orgOfCase = await responsibleOrgs(deps.db, [
    ...new Set(incidents.incidents.flatMap((i) => (i.caseId ? [i.caseId] : []))),
  ]);

  const items: Omit<StuckItem, 'mayOpen'>[] = [
    ...incidents.incidents.map((i) => ({
      kind: 'incident' as const,
      caseId: i.caseId,
      orgCode: i.caseId ? (orgOfCase.get(i.caseId) ?? null) : null,
      processName: i.processName,
      stepName: i.stepName,
      since: i.since,
      cause: i.cause,
      processInstanceId: i.processInstanceId,
    })),
    ...late.map((t) => ({
      kind: t.overdue ? ('overdue' as const) : ('escalated' as const),
      caseId: t.case_id,
      orgCode: t.group_code,
      processName: processName.get(t.bpmn_process_id) ?? t.bpmn_process_id,
      stepName: t.element_name ?? t.element_id,
      since: t.due_at,
    })),
  ];
  // an overdue task that is also escalated counts in both columns
  const escalatedToo = new Set(late.filter((t) => t.overdue && t.escalated).map((t) => `${t.task_id}|${t.group_code}`));

  const groups = new Map<string, StuckGroup>();
  const groupOf = (i: { orgCode: string | null; processName: string; stepName: string }) => {
    const key = `${i.orgCode}|${i.processName}|${i.stepName}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = {
          orgCode: i.orgCode,
          processName: i.processName,
          stepName: i.stepName,
          incidents: 0,
          overdue: 0,
          escalated: 0,
        }),
      );
    return g;
  };
  for (const i of items) {
    const g = groupOf(i);
    if (i.kind === 'incident') g.incidents++;
    else if (i.kind === 'overdue') g.overdue++;
    else g.escalated++;
  }
  for (const t of late)
    if (escalatedToo.has(`${t.task_id}|${t.group_code}`))
      groupOf({
        orgCode: t.group_code,
        processName: processName.get(t.bpmn_process_id) ?? t.bpmn_process_id,
        stepName: t.element_name ?? t.element_id,
      }).escalated++;
  const sortedGroups = [...groups.values()].sort(
    (a, b) =>
      b.incidents + b.overdue + b.escalated - (a.incidents + a.overdue + a.escalated) ||
      String(a.orgCode).localeCompare(String(b.orgCode)),
  );

  const showRows = (INCIDENT_OVERVIEW_ROLES as readonly string[]).includes(user.role);
  let rows: StuckItem[] | null = null;
  if (showRows) {
    const openable = new Map<string, Promise<boolean>>();
    const mayOpen = (caseId: string) => {
      let p = openable.get(caseId);
      if (!p) openable.set(caseId, (p = mayOpenCase(deps.db, user, caseId)));
      return p;
    };
    rows = await Promise.all(items.map(async (i) => ({ ...i, mayOpen: i.caseId ? await mayOpen(i.caseId) : false })));
  }
  const caseIds = rows ? [...new Set(rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))] : [];
  await auditBy(deps.db, user, {
    action: 'read',
    objectType: 'stuck_overview',
    objectId: '*',
    details: { groups: sortedGroups.length, rows: rows?.length ?? 0, caseIds },
  });
  return { groups: sortedGroups, items: rows, engineUnavailable: incidents.unavailable, truncated };
}
