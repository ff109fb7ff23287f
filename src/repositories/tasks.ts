import type { Knex } from 'knex';
import { insertAudit } from './audit.js';

export type TaskState = 'open' | 'completing' | 'completed' | 'cancelled';

export interface TaskRow {
  job_key: string;
  process_instance_key: string;
  process_definition_key: string | null;
  bpmn_process_id: string;
  process_version: number;
  element_id: string;
  element_name: string | null;
  case_id: string | null;
  form_id: string | null;
  form_key: string | null;
  candidate_groups: string[];
  assignee: string | null;
  assigned_at: Date | null;
  due_at: Date | null;
  created_at: Date;
  state: TaskState;
  completed_by: string | null;
  completed_at: Date | null;
  escalated: boolean;
  verksamhet: string | null;
  variables: Record<string, unknown>;
}

export type NewTask = Pick<TaskRow, 'job_key' | 'process_instance_key' | 'process_definition_key' | 'bpmn_process_id' | 'process_version' | 'element_id' | 'element_name' | 'case_id' | 'form_id' | 'form_key' | 'candidate_groups' | 'assignee' | 'due_at' | 'escalated' | 'verksamhet' | 'variables'>;

/** Inserts a task from its job; a redelivered job refreshes the engine-owned fields and keeps state and assignment. */
export async function upsertTask(db: Knex, task: NewTask): Promise<void> {
  await db('tasks')
    .insert({ ...task, variables: JSON.stringify(task.variables), assigned_at: task.assignee ? db.fn.now() : null, lease_renewed_at: db.fn.now() })
    .onConflict('job_key')
    .merge(['element_name', 'form_id', 'form_key', 'candidate_groups', 'due_at', 'escalated', 'verksamhet', 'variables', 'lease_renewed_at']);
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
  due_asc: 'due_at asc nulls last, created_at asc, job_key asc',
  due_desc: 'due_at desc nulls last, created_at desc, job_key desc',
  created_desc: 'created_at desc, job_key desc',
  created_asc: 'created_at asc, job_key asc',
};

export const LIST_COLUMNS = [
  'job_key', 'process_instance_key', 'bpmn_process_id', 'process_version', 'element_id', 'element_name', 'case_id', 'form_id',
  'candidate_groups', 'assignee', 'due_at', 'created_at', 'state', 'completed_by', 'completed_at', 'escalated', 'verksamhet',
] as const;

/**
 * One indexed query for a page of the task list plus the total (window count): "mine" = assigned to the user;
 * "group" = candidate groups overlap the user's groups (GIN index, &&) or assigned to the user.
 */
export async function listTasks(db: Knex, q: TaskQuery): Promise<{ rows: (Omit<TaskRow, 'variables' | 'process_definition_key' | 'assigned_at' | 'form_key'> & { assignee_name: string | null })[]; total: number }> {
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
  return { rows: rows.map(({ total: _t, ...r }: Record<string, unknown>) => r) as never, total };
}

/** One task by job key. */
export async function getTask(db: Knex | Knex.Transaction, jobKey: string): Promise<TaskRow | undefined> {
  return db('tasks').where({ job_key: jobKey }).first<TaskRow | undefined>();
}

/** Sets the assignee if the task is still open and (optionally) its current assignee is as expected. Returns true on success. */
export async function setAssignee(db: Knex, jobKey: string, assignee: string | null, expected?: { assignee: string | null }): Promise<boolean> {
  const q = db('tasks').where({ job_key: jobKey, state: 'open' });
  if (expected) {
    if (expected.assignee === null) q.whereNull('assignee');
    else q.andWhere('assignee', expected.assignee);
  }
  const n = await q.update({ assignee, assigned_at: assignee ? db.fn.now() : null });
  return n === 1;
}

/** The state transition that serialises completion: only one caller moves an open task to `completing`. */
export async function beginCompletion(db: Knex, jobKey: string, username: string): Promise<boolean> {
  const n = await db('tasks').where({ job_key: jobKey, state: 'open' }).update({ state: 'completing', completed_by: username });
  return n === 1;
}

/** Marks a task completed or cancelled after the engine answered. */
export async function finishTask(db: Knex, jobKey: string, state: 'completed' | 'cancelled', username?: string): Promise<void> {
  await db('tasks')
    .where({ job_key: jobKey })
    .whereIn('state', ['open', 'completing'])
    .update({ state, completed_at: db.fn.now(), ...(username ? { completed_by: username } : {}) });
}

/** Puts a task back to open after the engine was unreachable (the completion did not happen). */
export async function reopenTask(db: Knex, jobKey: string): Promise<void> {
  await db('tasks').where({ job_key: jobKey, state: 'completing' }).update({ state: 'open', completed_by: null });
}

/** Open tasks whose lease is the oldest (sweeper batch). */
export async function tasksToSweep(db: Knex, limit: number): Promise<{ job_key: string; state: TaskState }[]> {
  return db('tasks').whereIn('state', ['open', 'completing']).orderByRaw('lease_renewed_at asc nulls first').limit(limit).select('job_key', 'state');
}

/** Records a renewed lease. */
export async function leaseRenewed(db: Knex, jobKeys: string[]): Promise<void> {
  if (jobKeys.length) await db('tasks').whereIn('job_key', jobKeys).update({ lease_renewed_at: db.fn.now() });
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

/** Appends an audit log entry (who read or changed what). */
export async function audit(db: Knex, e: { username: string; orgCode?: string; action: string; objectType: string; objectId: string; caseId?: string | null }): Promise<void> {
  await insertAudit(db, e); // adds the client IP of the current request (src/policy/requestContext.ts)
}
