import type { Knex } from 'knex';

import { RUNNING_CASE_STATUSES, sqlStatusList } from '../domain/caseStatus.js';

export type TaskState = 'open' | 'completed' | 'cancelled';

/** A user task in the read model: a copy of the engine's task, kept for fast lists (the engine is the truth). */
export interface TaskRow {
  task_id: string;
  process_instance_id: string;
  process_definition_id: string;
  bpmn_process_id: string;
  process_version: number;
  element_id: string;
  element_name: string | null;
  case_id: string | null;
  form_id: string | null;
  candidate_groups: string[];
  assignee: string | null;
  assigned_at: Date | null;
  due_at: Date | null;
  follow_up_at: Date | null;
  created_at: Date;
  state: TaskState;
  completed_by: string | null;
  completed_at: Date | null;
  escalated: boolean;
  verksamhet: string | null;
  synced_at: Date;
}

export type OpenTask = Pick<
  TaskRow,
  | 'task_id'
  | 'process_instance_id'
  | 'process_definition_id'
  | 'bpmn_process_id'
  | 'process_version'
  | 'element_id'
  | 'element_name'
  | 'case_id'
  | 'form_id'
  | 'candidate_groups'
  | 'assignee'
  | 'due_at'
  | 'follow_up_at'
  | 'created_at'
  | 'escalated'
  | 'verksamhet'
>;

/**
 * Writes an open task as the engine describes it. A task already finished here stays finished (an event that arrives
 * late cannot reopen it); the assignment time moves only when the assignee changes.
 */
export async function upsertOpenTask(db: Knex | Knex.Transaction, t: OpenTask): Promise<void> {
  await db.raw(
    `insert into tasks (task_id, process_instance_id, process_definition_id, bpmn_process_id, process_version, element_id, element_name, case_id, form_id,
                        candidate_groups, assignee, assigned_at, due_at, follow_up_at, created_at, escalated, verksamhet, synced_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, case when ?::text is null then null else now() end, ?, ?, ?, ?,
             coalesce(?, (select c.verksamhet from cases c where c.case_id = ?)), now())
     on conflict (task_id) do update set
       element_name = excluded.element_name, case_id = excluded.case_id, form_id = coalesce(excluded.form_id, tasks.form_id),
       candidate_groups = excluded.candidate_groups,
       assigned_at = case when tasks.assignee is distinct from excluded.assignee then excluded.assigned_at else tasks.assigned_at end,
       assignee = excluded.assignee, due_at = excluded.due_at, follow_up_at = excluded.follow_up_at,
       escalated = excluded.escalated, verksamhet = excluded.verksamhet, synced_at = now()
     where tasks.state = 'open'`,
    [
      t.task_id,
      t.process_instance_id,
      t.process_definition_id,
      t.bpmn_process_id,
      t.process_version,
      t.element_id,
      t.element_name,
      t.case_id,
      t.form_id,
      t.candidate_groups,
      t.assignee,
      t.assignee,
      t.due_at,
      t.follow_up_at,
      t.created_at,
      t.escalated,
      t.verksamhet,
      t.case_id,
    ],
  );
}

/** Changes the assignee of an open task (the engine already did). */
export async function setAssignee(db: Knex, taskId: string, assignee: string | null): Promise<void> {
  await db('tasks')
    .where({ task_id: taskId, state: 'open' })
    .update({ assignee, assigned_at: assignee ? db.fn.now() : null, synced_at: db.fn.now() });
}

/** Marks a task completed or cancelled; the first finish wins, a `completedBy` fills in who completed it. */
export async function finishTask(
  db: Knex,
  taskId: string,
  state: 'completed' | 'cancelled',
  completedBy?: string | null,
): Promise<void> {
  await db('tasks')
    .where({ task_id: taskId, state: 'open' })
    .update({ state, completed_at: db.fn.now(), completed_by: completedBy ?? null, synced_at: db.fn.now() });
  if (completedBy)
    await db('tasks')
      .where({ task_id: taskId, state: 'completed' })
      .whereNull('completed_by')
      .update({ completed_by: completedBy });
}

/** Ids of the open tasks of the read model (reconciliation compares them with the engine's). */
export async function openTaskIds(db: Knex): Promise<string[]> {
  return db('tasks').where({ state: 'open' }).pluck('task_id');
}

export interface TaskQuery {
  view: 'mine' | 'group';
  username: string;
  groups: string[];
  states: TaskState[];
  bpmnProcessId?: string | undefined;
  verksamhet?: string | undefined;
  caseId?: string | undefined;
  sort: 'due_asc' | 'due_desc' | 'created_desc' | 'created_asc';
  limit: number;
  offset: number;
}

const ORDER: Record<TaskQuery['sort'], string> = {
  due_asc: 'due_at asc nulls last, created_at asc, task_id asc',
  due_desc: 'due_at desc nulls last, created_at desc, task_id desc',
  created_desc: 'created_at desc, task_id desc',
  created_asc: 'created_at asc, task_id asc',
};

export const LIST_COLUMNS = [
  'task_id',
  'process_instance_id',
  'bpmn_process_id',
  'process_version',
  'element_id',
  'element_name',
  'case_id',
  'form_id',
  'candidate_groups',
  'assignee',
  'due_at',
  'follow_up_at',
  'created_at',
  'state',
  'completed_by',
  'completed_at',
  'escalated',
  'verksamhet',
] as const;

export type TaskListRow = Pick<TaskRow, (typeof LIST_COLUMNS)[number]> & { assignee_name: string | null };

/** `ilike` pattern for a partial case number: the typed text anywhere in the id, its wildcards taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The rows a task query may see: "mine" = assigned to the user; "group" = candidate groups overlap the user's, or assigned to them. */
function visible(db: Knex, q: Omit<TaskQuery, 'sort' | 'limit' | 'offset'>) {
  const query = db('tasks as t').whereIn('t.state', q.states);
  if (q.view === 'mine') query.andWhere('t.assignee', q.username);
  else
    query.andWhere((w) => w.whereRaw('t.candidate_groups && ?::text[]', [q.groups]).orWhere('t.assignee', q.username));
  if (q.bpmnProcessId) query.andWhere('t.bpmn_process_id', q.bpmnProcessId);
  if (q.verksamhet) query.andWhere('t.verksamhet', q.verksamhet);
  // partial case numbers (trigram index tasks_case_id_trgm)
  if (q.caseId) query.andWhere('t.case_id', 'ilike', containsPattern(q.caseId));
  return query;
}

/**
 * A page of the task list and the total, as two queries run side by side: the page walks the (state, due) index in
 * the list's order and stops at the page's last row; the total counts the visible rows without sorting or joining
 * them (a window count over the page query would read, join and sort every visible row for each page).
 */
export async function listTasks(db: Knex, q: TaskQuery): Promise<{ rows: TaskListRow[]; total: number }> {
  const page = visible(db, q)
    .leftJoin('users as u', 'u.username', 't.assignee')
    .select(LIST_COLUMNS.map((c) => `t.${c}`))
    .select('u.display_name as assignee_name')
    .orderByRaw(ORDER[q.sort].replace(/(^|, )/g, '$1t.'))
    .limit(q.limit)
    .offset(q.offset);
  const [rows, count] = await Promise.all([page, visible(db, q).count<{ n: string }[]>('* as n')]);
  return { rows: rows as TaskListRow[], total: Number(count[0]?.n ?? 0) };
}

/** One case of "Mina ärenden": why it is the user's (own task, the organisation's task, ärendebärare) and the next due date. */
export interface MyCaseRow {
  case_id: string;
  kind: 'samverkan' | 'routine';
  verksamhet: string | null;
  routine: string | null;
  status: string | null;
  arendebarare_org: string | null;
  open_tasks: number;
  my_tasks: number;
  next_due_at: Date | null;
  next_follow_up_at: Date | null;
  is_arendebarare: boolean;
}

/**
 * "Mina ärenden": cases where the user or their organisation has an open task (assigned to them, or a candidate group
 * of theirs), or where their organisation is the ärendebärare (a routine case's responsible organisation) and the
 * case still runs. Most urgent first; `caseId` narrows to partial case numbers.
 */
export async function listMyCases(
  db: Knex,
  q: {
    username: string;
    groups: string[];
    orgCode: string;
    caseId?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ rows: MyCaseRow[]; total: number }> {
  const like = q.caseId ? containsPattern(q.caseId) : null;
  const base = `
    with open_tasks as (
      select t.case_id, count(*)::int as open_tasks, count(*) filter (where t.assignee = :me)::int as my_tasks,
             min(t.due_at) as next_due_at, min(t.follow_up_at) as next_follow_up_at
        from tasks t
       where t.state = 'open' and t.case_id is not null and (t.candidate_groups && :groups::text[] or t.assignee = :me)
         and (:like::text is null or t.case_id ilike :like)
       group by t.case_id),
    carried as (
      select c.case_id from cases c where c.arendebarare_org = :org and c.status in (${sqlStatusList(RUNNING_CASE_STATUSES)}) and (:like::text is null or c.case_id ilike :like)
      union
      select r.case_id from routine_cases r where r.responsible_org = :org and r.status = 'pagaende' and (:like::text is null or r.case_id ilike :like)),
    mine as (select case_id from open_tasks union select case_id from carried)`;
  const params = { me: q.username, groups: q.groups, org: q.orgCode, like };
  const [rows, count] = await Promise.all([
    db.raw(
      `${base}
      select m.case_id, case when c.case_id is not null then 'samverkan' else 'routine' end as kind,
             c.verksamhet, r.routine, coalesce(c.status, r.status) as status, coalesce(c.arendebarare_org, r.responsible_org) as arendebarare_org,
             coalesce(o.open_tasks, 0) as open_tasks, coalesce(o.my_tasks, 0) as my_tasks, o.next_due_at, o.next_follow_up_at,
             coalesce(c.arendebarare_org, r.responsible_org) is not distinct from :org as is_arendebarare
        from mine m
        left join open_tasks o on o.case_id = m.case_id
        left join cases c on c.case_id = m.case_id
        left join routine_cases r on r.case_id = m.case_id
       order by o.next_due_at asc nulls last, m.case_id asc
       limit :limit offset :offset`,
      { ...params, limit: q.limit, offset: q.offset },
    ),
    db.raw(`${base} select count(*)::int as n from mine`, params),
  ]);
  return {
    rows: (rows as { rows: MyCaseRow[] }).rows,
    total: Number((count as { rows: { n: number }[] }).rows[0]?.n ?? 0),
  };
}

/** One task by id. */
export async function getTask(db: Knex | Knex.Transaction, taskId: string): Promise<TaskRow | undefined> {
  return db('tasks').where({ task_id: taskId }).first<TaskRow | undefined>();
}

/** Distinct verksamheter and processes among a user's visible open tasks (filter options). */
export async function filterOptions(
  db: Knex,
  groups: string[],
  username: string,
): Promise<{ processes: { id: string; name: string | null }[]; verksamheter: string[] }> {
  const [processes, verksamheter] = await Promise.all([
    db('tasks as t')
      .leftJoin(
        db('deployed_process_elements').distinct('bpmn_process_id', 'process_name').as('p'),
        'p.bpmn_process_id',
        't.bpmn_process_id',
      )
      .where('t.state', 'open')
      .andWhere((w) => w.whereRaw('t.candidate_groups && ?::text[]', [groups]).orWhere('t.assignee', username))
      .distinct('t.bpmn_process_id as id', 'p.process_name as name')
      .orderBy('t.bpmn_process_id'),
    db('tasks as t')
      .where('t.state', 'open')
      .whereNotNull('t.verksamhet')
      .andWhere((w) => w.whereRaw('t.candidate_groups && ?::text[]', [groups]).orWhere('t.assignee', username))
      .distinct('t.verksamhet')
      .orderBy('t.verksamhet'),
  ]);
  return {
    processes: processes as { id: string; name: string | null }[],
    verksamheter: verksamheter.map((r: { verksamhet: string }) => r.verksamhet),
  };
}
