import type { Knex } from 'knex';
import { isNotFound, type Engine } from '../engine/client.js';
import { Conflict, NotFound, ValidationFailed } from '../errors.js';
import { logger } from '../logger.js';
import type { SessionUser } from '../middleware/auth.js';
import * as repo from '../repositories/tasks.js';
import { membersOfGroups } from '../repositories/users.js';
import { sv } from '../ui/texts.sv.js';
import { resolveForm, validateSubmission, type FormSchema } from './taskForms.js';

export type TaskListQuery = Omit<repo.TaskQuery, 'username' | 'groups' | 'limit' | 'offset'> & { page: number; pageSize: number };

/** A page of the user's task list: one indexed query (rows + total). */
export async function listTasksForUser(db: Knex, user: SessionUser, q: TaskListQuery) {
  const { rows, total } = await repo.listTasks(db, { ...q, username: user.username, groups: user.groups, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const now = Date.now();
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    pages: Math.max(1, Math.ceil(total / q.pageSize)),
    tasks: rows.map((r) => ({ ...r, overdue: r.state === 'open' && r.due_at !== null && new Date(r.due_at).getTime() < now })),
  };
}

/** Filter options (processes, verksamheter) among the user's visible open tasks. */
export function taskFilterOptions(db: Knex, user: SessionUser) {
  return repo.filterOptions(db, user.groups, user.username);
}

/** True when the user may see the task: a candidate group of theirs, or assigned to them. */
export function canSee(user: SessionUser, task: Pick<repo.TaskRow, 'candidate_groups' | 'assignee' | 'completed_by'>): boolean {
  return task.assignee === user.username || task.completed_by === user.username || task.candidate_groups.some((g) => user.groups.includes(g));
}

/** A task the user may see; NotFound otherwise (no hint that it exists: sekretess between the parties). Logs the read. */
export async function getTaskForUser(db: Knex, user: SessionUser, jobKey: string, { audit = true } = {}): Promise<repo.TaskRow> {
  if (!/^\d{1,20}$/.test(jobKey)) throw new NotFound(`task ${jobKey}`);
  const task = await repo.getTask(db, jobKey);
  if (!task || !canSee(user, task)) throw new NotFound(`task ${jobKey}`);
  if (audit) await repo.audit(db, { username: user.username, orgCode: user.orgCode, action: 'read', objectType: 'task', objectId: jobKey, caseId: task.case_id });
  return task;
}

/** The task, its form (deployed version) and the colleagues it can be assigned to. */
export async function openTask(db: Knex, engine: Engine, user: SessionUser, jobKey: string) {
  const task = await getTaskForUser(db, user, jobKey);
  if (task.state === 'open') await probeStillActive(db, engine, task);
  const form = task.form_id ? await resolveForm(db, { formKey: task.form_key, formId: task.form_id }) : undefined;
  const colleagues = (await membersOfGroups(db, task.candidate_groups.filter((g) => user.groups.includes(g)))).filter(
    (m, i, all) => all.findIndex((x) => x.username === m.username) === i,
  );
  return { task: (await repo.getTask(db, jobKey))!, form, colleagues };
}

/** Renews the lease; a NOT_FOUND means the engine cancelled the task (e.g. samtycke withdrawn): mark it. */
async function probeStillActive(db: Knex, engine: Engine, task: repo.TaskRow): Promise<void> {
  try {
    await engine.updateJobTimeout(task.job_key, 30 * 24 * 60 * 60 * 1000);
  } catch (err) {
    if (isNotFound(err)) await repo.finishTask(db, task.job_key, 'cancelled');
    else logger.warn({ jobKey: task.job_key, err: (err as Error).message }, 'could not probe task');
  }
}

/** Claims an unassigned (or own) task. */
export async function claimTask(db: Knex, user: SessionUser, jobKey: string): Promise<void> {
  const task = await getTaskForUser(db, user, jobKey, { audit: false });
  if (task.state !== 'open') throw new Conflict(`task ${jobKey} is ${task.state}`, sv.taskForm.alreadyDone);
  if (task.assignee === user.username) return;
  if (!(await repo.setAssignee(db, jobKey, user.username, { assignee: null }))) {
    const now = await repo.getTask(db, jobKey);
    throw new Conflict(`task ${jobKey} already claimed`, now?.assignee ? sv.tasks.claimedByOther(now.assignee) : sv.errors.conflict);
  }
  await repo.audit(db, { username: user.username, orgCode: user.orgCode, action: 'claim', objectType: 'task', objectId: jobKey, caseId: task.case_id });
}

/** Returns the task to its group (the assignee, or a member of its groups). */
export async function unclaimTask(db: Knex, user: SessionUser, jobKey: string): Promise<void> {
  const task = await getTaskForUser(db, user, jobKey, { audit: false });
  if (task.state !== 'open') throw new Conflict(`task ${jobKey} is ${task.state}`, sv.taskForm.alreadyDone);
  await repo.setAssignee(db, jobKey, null);
  await repo.audit(db, { username: user.username, orgCode: user.orgCode, action: 'unclaim', objectType: 'task', objectId: jobKey, caseId: task.case_id });
}

/** Assigns the task to a colleague who is in one of the task's candidate groups that the user also belongs to. */
export async function assignTask(db: Knex, user: SessionUser, jobKey: string, assignee: string): Promise<{ displayName: string }> {
  const task = await getTaskForUser(db, user, jobKey, { audit: false });
  if (task.state !== 'open') throw new Conflict(`task ${jobKey} is ${task.state}`, sv.taskForm.alreadyDone);
  const shared = task.candidate_groups.filter((g) => user.groups.includes(g));
  const colleague = (await membersOfGroups(db, shared)).find((m) => m.username === assignee);
  if (!colleague) throw new ValidationFailed(`${assignee} is not in the task's groups`, { assignee: sv.tasks.notColleague }, sv.tasks.notColleague);
  await repo.setAssignee(db, jobKey, assignee);
  await repo.audit(db, { username: user.username, orgCode: user.orgCode, action: `assign:${assignee}`, objectType: 'task', objectId: jobKey, caseId: task.case_id });
  return { displayName: colleague.display_name };
}

export type CompleteResult =
  | { outcome: 'completed'; task: repo.TaskRow }
  | { outcome: 'invalid'; task: repo.TaskRow; form: FormSchema; errors: Record<string, string>; submitted: Record<string, unknown> }
  | { outcome: 'already-done'; task: repo.TaskRow };

/**
 * Completes a task: validates with the form's rules, then the DB transition open → completing is the lock
 * (a double submit or a parallel completion finds no open row), then the engine call, then completed.
 * NOT_FOUND from the engine: the task is gone (completed elsewhere or cancelled) → marked, reported as already done.
 */
export async function completeTask(db: Knex, engine: Engine, user: SessionUser, jobKey: string, submitted: Record<string, unknown>): Promise<CompleteResult> {
  const task = await getTaskForUser(db, user, jobKey, { audit: false });
  if (task.state !== 'open') return { outcome: 'already-done', task };
  const form = task.form_id ? await resolveForm(db, { formKey: task.form_key, formId: task.form_id }) : undefined;
  let variables: Record<string, unknown> = {};
  if (form) {
    const v = validateSubmission(form, submitted);
    if (!v.ok) return { outcome: 'invalid', task, form, errors: v.errors, submitted };
    variables = v.variables;
  }
  if (!(await repo.beginCompletion(db, jobKey, user.username))) return { outcome: 'already-done', task: (await repo.getTask(db, jobKey))! };
  try {
    await engine.completeJob(jobKey, variables);
  } catch (err) {
    if (isNotFound(err)) {
      await repo.finishTask(db, jobKey, 'cancelled');
      return { outcome: 'already-done', task: (await repo.getTask(db, jobKey))! };
    }
    await repo.reopenTask(db, jobKey);
    logger.error({ jobKey, err: (err as Error).message }, 'completing task failed');
    throw new Conflict(`engine unavailable: ${(err as Error).message}`, sv.taskForm.engineUnavailable);
  }
  await repo.finishTask(db, jobKey, 'completed', user.username);
  await repo.audit(db, { username: user.username, orgCode: user.orgCode, action: 'complete', objectType: 'task', objectId: jobKey, caseId: task.case_id });
  return { outcome: 'completed', task: (await repo.getTask(db, jobKey))! };
}
