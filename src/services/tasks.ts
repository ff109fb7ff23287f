import type { Knex } from 'knex';

import { config } from '../config.js';
import type { SessionUser } from '../domain/sessionUser.js';
import { type Engine, isNotFound, isUnavailable, retryingConflicts } from '../engine/client.js';
import { Conflict, type FieldErrors, NotFound, ValidationFailed } from '../errors.js';
import { logger } from '../logger.js';
import * as repo from '../repositories/tasks.js';
import { displayNames, membersOfGroups } from '../repositories/users.js';
import {
  type ArendebarareBasis,
  checkArendebarareChoice,
  PLAN_FORM_ID,
  recordArendebarareBasis,
  withArendebarareProposal,
} from './arendebarare.js';
import { audit } from './audit.js';
import { closureBeforeStart } from './bokslut.js';
import { notifyAssigned } from './notifications.js';
import { formFieldKeys, type FormSchema, taskFormOf, validateSubmission, valuesForBrowser } from './taskForms.js';
import { syncTask } from './taskReadModel.js';

export type TaskListQuery = Omit<repo.TaskQuery, 'username' | 'groups' | 'limit' | 'offset'> & {
  page: number;
  pageSize: number;
};

/** Engine task ids: UUIDs (or the numeric ids of a simple id generator). */
export const TASK_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^\d{1,20}$/i;

/** A page of the user's task list: one indexed query (rows + total) on the read model. */
export async function listTasksForUser(db: Knex, user: SessionUser, q: TaskListQuery) {
  const { rows, total } = await repo.listTasks(db, {
    ...q,
    username: user.username,
    groups: user.groups,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const now = Date.now();
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    pages: Math.max(1, Math.ceil(total / q.pageSize)),
    tasks: rows.map((r) => ({
      ...r,
      overdue: r.state === 'open' && r.due_at !== null && new Date(r.due_at).getTime() < now,
    })),
  };
}

/** A page of "Mina ärenden": cases where the user or their organisation has an open task or is the ärendebärare. */
export async function listMyCasesForUser(
  db: Knex,
  user: SessionUser,
  q: { caseId?: string | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await repo.listMyCases(db, {
    username: user.username,
    groups: user.groups,
    orgCode: user.orgCode,
    caseId: q.caseId,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { cases: rows, total, page: q.page, pageSize: q.pageSize, pages: Math.max(1, Math.ceil(total / q.pageSize)) };
}

/** Filter options (processes, verksamheter) among the user's visible open tasks. */
export function taskFilterOptions(db: Knex, user: SessionUser) {
  return repo.filterOptions(db, user.groups, user.username);
}

/** True when the user may see the task: a candidate group of theirs, or assigned to them, or completed by them. */
export function canSee(
  user: SessionUser,
  task: Pick<repo.TaskRow, 'candidate_groups' | 'assignee' | 'completed_by'>,
): boolean {
  return (
    task.assignee === user.username ||
    task.completed_by === user.username ||
    task.candidate_groups.some((g) => user.groups.includes(g))
  );
}

/** A task the user may see; NotFound otherwise (no hint that it exists: sekretess between the parties). Logs the read. */
export async function getTaskForUser(
  db: Knex,
  user: SessionUser,
  taskId: string,
  { audited = true } = {},
): Promise<repo.TaskRow> {
  if (!TASK_ID_PATTERN.test(taskId)) throw new NotFound(`task ${taskId}`);
  const task = await repo.getTask(db, taskId);
  if (!task || !canSee(user, task)) {
    // a refused attempt is logged like a read: who, when, which task (and case), from where (the request's IP)
    await audit(db, {
      username: user.username,
      orgCode: user.orgCode,
      action: 'refused',
      objectType: 'task',
      objectId: taskId,
      caseId: task?.case_id ?? null,
      details: { exists: Boolean(task) },
    });
    throw new NotFound(`task ${taskId}`);
  }
  if (audited)
    await audit(db, {
      username: user.username,
      orgCode: user.orgCode,
      action: 'read',
      objectType: 'task',
      objectId: taskId,
      caseId: task.case_id,
    });
  return task;
}

/**
 * An open task as the engine has it now: the read model row is refreshed from the engine (which may have cancelled
 * or completed it meanwhile). Returns the fresh row.
 */
async function refreshed(db: Knex, engine: Engine, task: repo.TaskRow): Promise<repo.TaskRow> {
  if (task.state !== 'open') return task;
  try {
    await syncTask(db, engine, task.task_id);
  } catch (err) {
    if (!isUnavailable(err)) throw err;
    logger.warn(
      { taskId: task.task_id, err: (err as Error).message },
      'engine unreachable; showing the task as last known',
    );
  }
  return (await repo.getTask(db, task.task_id))!;
}

/** The task, its form (the version deployed with its process), the form's current values and the colleagues it can be assigned to. */
export async function openTask(db: Knex, engine: Engine, user: SessionUser, taskId: string) {
  const task = await refreshed(db, engine, await getTaskForUser(db, user, taskId));
  const form = task.form_id ? await taskFormOf(engine, task) : undefined;
  let values =
    task.state === 'open' && form
      ? valuesForBrowser(form, await engine.taskVariables(taskId, formFieldKeys(form)).catch(() => ({})))
      : {};
  if (task.state === 'open' && form?.id === PLAN_FORM_ID && task.case_id)
    values = await withArendebarareProposal(db, task.case_id, values);
  const colleagues = (
    await membersOfGroups(
      db,
      task.candidate_groups.filter((g) => user.groups.includes(g)),
    )
  ).filter((m, i, all) => all.findIndex((x) => x.username === m.username) === i);
  const assigneeName = task.assignee ? (await displayNames(db, [task.assignee])).get(task.assignee) : undefined;
  return { task, form, values, colleagues, assigneeName };
}

/** Maps the engine's answer to an action on a task that is gone or held by someone else. */
async function engineAction(db: Knex, engine: Engine, task: repo.TaskRow, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (isNotFound(err)) {
      await syncTask(db, engine, task.task_id);
      throw new Conflict(`task ${task.task_id} is gone`, { code: 'task.alreadyDone' });
    }
    if (isUnavailable(err))
      throw new Conflict(`engine unavailable: ${(err as Error).message}`, { code: 'task.engineUnavailable' });
    throw err;
  }
}

/** Claims an unassigned (or own) task in the engine. */
export async function claimTask(db: Knex, engine: Engine, user: SessionUser, taskId: string): Promise<void> {
  const task = await getTaskForUser(db, user, taskId, { audited: false });
  if (task.state !== 'open') throw new Conflict(`task ${taskId} is ${task.state}`, { code: 'task.alreadyDone' });
  if (task.assignee === user.username) return;
  if (task.assignee)
    throw new Conflict(`task ${taskId} already claimed`, { code: 'task.claimedByOther', arg: task.assignee });
  try {
    await engineAction(db, engine, task, () => engine.claimTask(taskId, user.username));
  } catch (err) {
    // The engine refuses a claim of a task someone else claimed a moment ago (HTTP 500 TaskAlreadyClaimed).
    if (!(err instanceof Conflict) && /already claimed/i.test((err as Error).message)) {
      await syncTask(db, engine, taskId);
      const now = await repo.getTask(db, taskId);
      throw new Conflict(
        `task ${taskId} already claimed`,
        now?.assignee ? { code: 'task.claimedByOther', arg: now.assignee } : { code: 'task.changed' },
      );
    }
    throw err;
  }
  await repo.setAssignee(db, taskId, user.username);
  await audit(db, {
    username: user.username,
    orgCode: user.orgCode,
    action: 'claim',
    objectType: 'task',
    objectId: taskId,
    caseId: task.case_id,
  });
}

/** Returns the task to its groups (the assignee, or a member of its groups). */
export async function unclaimTask(db: Knex, engine: Engine, user: SessionUser, taskId: string): Promise<void> {
  const task = await getTaskForUser(db, user, taskId, { audited: false });
  if (task.state !== 'open') throw new Conflict(`task ${taskId} is ${task.state}`, { code: 'task.alreadyDone' });
  await engineAction(db, engine, task, () => engine.unclaimTask(taskId));
  await repo.setAssignee(db, taskId, null);
  await audit(db, {
    username: user.username,
    orgCode: user.orgCode,
    action: 'unclaim',
    objectType: 'task',
    objectId: taskId,
    caseId: task.case_id,
  });
}

/** Assigns the task to a colleague who is in one of the task's candidate groups that the user also belongs to. */
export async function assignTask(
  db: Knex,
  engine: Engine,
  user: SessionUser,
  taskId: string,
  assignee: string,
): Promise<{ displayName: string }> {
  const task = await getTaskForUser(db, user, taskId, { audited: false });
  if (task.state !== 'open') throw new Conflict(`task ${taskId} is ${task.state}`, { code: 'task.alreadyDone' });
  if (!assignee)
    throw new ValidationFailed(
      'no colleague chosen',
      { assignee: { code: 'task.chooseColleagueFirst' } },
      { code: 'task.chooseColleagueFirst' },
    );
  const shared = task.candidate_groups.filter((g) => user.groups.includes(g));
  const colleague = (await membersOfGroups(db, shared)).find((m) => m.username === assignee);
  if (!colleague)
    throw new ValidationFailed(
      `${assignee} is not in the task's groups`,
      { assignee: { code: 'task.notColleague' } },
      { code: 'task.notColleague' },
    );
  // a repeated submit (already theirs) changes nothing and tells nobody again
  if (task.assignee === assignee) return { displayName: colleague.display_name };
  await engineAction(db, engine, task, () => engine.setAssignee(taskId, assignee));
  await db.transaction(async (trx) => {
    await repo.setAssignee(trx, taskId, assignee);
    await audit(trx, {
      username: user.username,
      orgCode: user.orgCode,
      action: `assign:${assignee}`,
      objectType: 'task',
      objectId: taskId,
      caseId: task.case_id,
    });
    // the colleague learns it at once (in the app, and by mail); assigning a task to oneself needs no message
    if (assignee !== user.username) {
      const cfg = config();
      await notifyAssigned(trx, {
        taskId,
        caseId: task.case_id,
        assignee,
        assignedBy: user.username,
        baseUrl: cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`,
      });
    }
  });
  return { displayName: colleague.display_name };
}

export type CompleteResult =
  | { outcome: 'completed'; task: repo.TaskRow }
  | {
      outcome: 'invalid';
      task: repo.TaskRow;
      form: FormSchema | undefined;
      errors: FieldErrors;
      submitted: Record<string, unknown>;
    }
  | { outcome: 'already-done'; task: repo.TaskRow };

/**
 * Completes a task: validates the submission with the form's rules and the project's rules for that form on the
 * server, before anything reaches the engine; then completes it in the engine. The engine serialises completions: a
 * double submit or a parallel completion finds the task gone and is reported as already done. Nothing is completed
 * with invalid values, and the values typed are handed back with the errors.
 */
export async function completeTask(
  db: Knex,
  engine: Engine,
  user: SessionUser,
  taskId: string,
  submitted: Record<string, unknown>,
): Promise<CompleteResult> {
  const task = await getTaskForUser(db, user, taskId, { audited: false });
  if (task.state !== 'open') return { outcome: 'already-done', task };
  let variables: Record<string, unknown> = {};
  let form: FormSchema | undefined;
  let basis: ArendebarareBasis | undefined;
  if (task.form_id) {
    form = await taskFormOf(engine, task).catch(async (err) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!form) {
      await syncTask(db, engine, taskId);
      return { outcome: 'already-done', task: (await repo.getTask(db, taskId))! };
    }
    const v = validateSubmission(form, submitted);
    const start =
      form.id === 'avslut' && task.case_id && !v.errors.endDate
        ? await closureBeforeStart(db, task.case_id, v.variables.endDate)
        : null;
    if (start) v.errors.endDate = { code: 'closure.beforeStart', arg: start };
    // the plan form's ärendebärare: another party than the one bearing the person's försörjning needs a reason
    const choice =
      form.id === PLAN_FORM_ID && task.case_id
        ? await checkArendebarareChoice(db, task.case_id, v.variables)
        : undefined;
    if (choice && !v.errors.arendebarareReason) Object.assign(v.errors, choice.errors);
    if (!v.ok || start || Object.keys(choice?.errors ?? {}).length)
      return { outcome: 'invalid', task, form, errors: v.errors, submitted };
    variables = choice?.variables ?? v.variables;
    basis = choice?.basis;
  }
  try {
    // A timer or another branch of the same instance at this moment makes the engine refuse (optimistic lock or a
    // deadlock, rolled back): try again.
    await retryingConflicts(
      async () => {
        // what only the app keeps is written in the same step: kept if the engine completes, else rolled back
        if (basis && task.case_id) {
          const caseId = task.case_id;
          await db.transaction(async (trx) => {
            await recordArendebarareBasis(trx, caseId, basis!);
            await engine.completeTask(taskId, variables);
          });
        } else await engine.completeTask(taskId, variables);
      },
      (attempt, err) => logger.info({ taskId, attempt, err: err.message }, 'task completion hit a conflict; retrying'),
    );
  } catch (err) {
    if (isNotFound(err)) {
      await syncTask(db, engine, taskId);
      return { outcome: 'already-done', task: (await repo.getTask(db, taskId))! };
    }
    logger.error({ taskId, err: (err as Error).message }, 'completing task failed');
    if (isUnavailable(err))
      throw new Conflict(`engine unavailable: ${(err as Error).message}`, { code: 'task.engineUnavailable' });
    throw err;
  }
  await repo.finishTask(db, taskId, 'completed', user.username);
  await audit(db, {
    username: user.username,
    orgCode: user.orgCode,
    action: 'complete',
    objectType: 'task',
    objectId: taskId,
    caseId: task.case_id,
  });
  return { outcome: 'completed', task: (await repo.getTask(db, taskId))! };
}
