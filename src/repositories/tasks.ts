import type { Knex } from 'knex';

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
  'task_id' | 'process_instance_id' | 'process_definition_id' | 'bpmn_process_id' | 'process_version' | 'element_id' | 'element_name' | 'case_id' | 'form_id' | 'candidate_groups' | 'assignee' | 'due_at' | 'follow_up_at' | 'created_at' | 'escalated' | 'verksamhet'
>;

/**
 * Writes an open task as the engine describes it. A task already finished here stays finished (an event that arrives
 * late cannot reopen it); the assignment time moves only when the assignee changes.
 */
export async function upsertOpenTask(db: Knex | Knex.Transaction, t: OpenTask): Promise<void> {
  await db.raw(
    `insert into tasks (task_id, process_instance_id, process_definition_id, bpmn_process_id, process_version, element_id, element_name, case_id, form_id,
                        candidate_groups, assignee, assigned_at, due_at, follow_up_at, created_at, escalated, verksamhet, synced_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, case when ?::text is null then null else now() end, ?, ?, ?, ?, ?, now())
     on conflict (task_id) do update set
       element_name = excluded.element_name, case_id = excluded.case_id, form_id = coalesce(excluded.form_id, tasks.form_id),
       candidate_groups = excluded.candidate_groups,
       assigned_at = case when tasks.assignee is distinct from excluded.assignee then excluded.assigned_at else tasks.assigned_at end,
       assignee = excluded.assignee, due_at = excluded.due_at, follow_up_at = excluded.follow_up_at,
       escalated = excluded.escalated, verksamhet = excluded.verksamhet, synced_at = now()
     where tasks.state = 'open'`,
    [
      t.task_id, t.process_instance_id, t.process_definition_id, t.bpmn_process_id, t.process_version, t.element_id, t.element_name, t.case_id, t.form_id,
      t.candidate_groups, t.assignee, t.assignee, t.due_at, t.follow_up_at, t.created_at, t.escalated, t.verksamhet,
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
export async function finishTask(db: Knex, taskId: string, state: 'completed' | 'cancelled', completedBy?: string | null): Promise<void> {
  await db('tasks')
    .where({ task_id: taskId, state: 'open' })
    .update({ state, completed_at: db.fn.now(), completed_by: completedBy ?? null, synced_at: db.fn.now() });
  if (completedBy) await db('tasks').where({ task_id: taskId, state: 'completed' }).whereNull('completed_by').update({ completed_by: completedBy });
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
  'task_id', 'process_instance_id', 'bpmn_process_id', 'process_version', 'element_id', 'element_name', 'case_id', 'form_id',
  'candidate_groups', 'assignee', 'due_at', 'follow_up_at', 'created_at', 'state', 'completed_by', 'completed_at', 'escalated', 'verksamhet',
] as const;

export type TaskListRow = Pick<TaskRow, (typeof LIST_COLUMNS)[number]> & { assignee_name: string | null };

/**
 * One indexed query for a page of the task list plus the total (window count): "mine" = assigned to the user;
 * "group" = candidate groups overlap the user's groups (GIN index, &&) or assigned to the user.
 */
export async function listTasks(db: Knex, q: TaskQuery): Promise<{ rows: TaskListRow[]; total: number }> {
  const query = db('tasks as t')
    .leftJoin('users as u', 'u.username', 't.assignee')
    .select(LIST_COLUMNS.map((c) => `t.${c}`))
    .select('u.display_name as assignee_name', db.raw('count(*) over() as total'))
    .whereIn('t.state', q.states);
  if (q.view === 'mine') query.andWhere('t.assignee', q.username);
  else query.andWhere((w) => w.whereRaw('t.candidate_groups && ?::text[]', [q.groups]).orWhere('t.assignee', q.username));
  if (q.bpmnProcessId) query.andWhere('t.bpmn_process_id', q.bpmnProcessId);
  if (q.verksamhet) query.andWhere('t.verksamhet', q.verksamhet);
  if (q.caseId) query.andWhereRaw('upper(t.case_id) = upper(?)', [q.caseId]);
  const rows = await query.orderByRaw(ORDER[q.sort].replace(/(^|, )/g, '$1t.')).limit(q.limit).offset(q.offset);
  const total = rows.length ? Number((rows[0] as { total: string }).total) : 0;
  return { rows: rows.map(({ total: _t, ...r }: Record<string, unknown>) => r) as TaskListRow[], total };
}

/** One task by id. */
export async function getTask(db: Knex | Knex.Transaction, taskId: string): Promise<TaskRow | undefined> {
  return db('tasks').where({ task_id: taskId }).first<TaskRow | undefined>();
}

/** Distinct verksamheter and processes among a user's visible open tasks (filter options). */
export async function filterOptions(db: Knex, groups: string[], username: string): Promise<{ processes: { id: string; name: string | null }[]; verksamheter: string[] }> {
  const [processes, verksamheter] = await Promise.all([
    db('tasks as t')
      .leftJoin(db('deployed_process_elements').distinct('bpmn_process_id', 'process_name').as('p'), 'p.bpmn_process_id', 't.bpmn_process_id')
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
  return { processes: processes as { id: string; name: string | null }[], verksamheter: verksamheter.map((r: { verksamhet: string }) => r.verksamhet) };
}
