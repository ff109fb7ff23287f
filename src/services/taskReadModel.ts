import type { Knex } from 'knex';
import pg from 'pg';
import { z } from 'zod';

import {
  type Engine,
  type EngineTask,
  isNotFound,
  keyOfDefinitionId,
  versionOfDefinitionId,
} from '../engine/client.js';
import type { Logger } from '../logger.js';
import { finishTask, getTask, type OpenTask, openTaskIds, upsertOpenTask } from '../repositories/tasks.js';
import { resolveTaskElement } from './deploymentMetadata.js';

/**
 * The task list reads `tasks`, a copy of the engine's user tasks in our database (one indexed query serves 50
 * users at once; the engine's own task query does not). The engine stays the source of truth:
 * - the launcher notifies every task event inside the engine's transaction (`pg_notify('engine_task', …)` on the
 *   engine's database), so a committed task reaches the list within milliseconds and a rolled-back one never does;
 * - on every (re)connection, and every few minutes as a safety net, `reconcileTasks` compares the open tasks with
 *   the engine's and repairs the difference, so a lost connection or a missed event costs a delay, never a task;
 * - the whole table can be rebuilt from the engine at any time (delete the open rows, reconcile).
 */
export const TASK_CHANNEL = 'engine_task';

/** Variables the launcher copies into each event (ENGINE_TASK_NOTIFY_VARIABLES) and reconciliation reads. */
export const TASK_VARIABLES = ['caseId', 'verksamhet', 'escalated'] as const;

const iso = z.string().nullish();
/** The payload of one task event (engine/src/main/java/…/TaskNotifier.java). */
export const TaskEvent = z.object({
  event: z.enum(['create', 'assignment', 'update', 'complete', 'delete', 'timeout']),
  id: z.string(),
  name: z.string().nullish(),
  taskDefinitionKey: z.string(),
  processInstanceId: z.string().nullish(),
  processDefinitionId: z.string().nullish(),
  businessKey: z.string().nullish(),
  assignee: z.string().nullish(),
  candidateGroups: z.array(z.string()).nullish(),
  due: iso,
  followUp: iso,
  created: iso,
  deleteReason: z.string().nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  /** Set when the launcher had to cut the payload to fit pg_notify: read the task from the engine instead. */
  truncated: z.boolean().optional(),
});
export type TaskEvent = z.infer<typeof TaskEvent>;

const date = (s: string | null | undefined) => (s ? new Date(s) : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Name and form of a task's element per deployed process version. A deployed version never changes, so an answer that
 * names a form is kept (every task event of that element would otherwise ask the database again); answers without
 * a form are asked again, because the deployment's metadata may still be on its way.
 */
const elementCache = new Map<string, Promise<{ elementName: string | null; formId: string | null }>>();
const ELEMENT_CACHE_MAX = 5_000;
function taskElement(db: Knex, key: { bpmnProcessId: string; version: number; elementId: string }) {
  const k = `${key.bpmnProcessId}|${key.version}|${key.elementId}`;
  const cached = elementCache.get(k);
  if (cached) return cached;
  const p = resolveTaskElement(db, key);
  if (elementCache.size >= ELEMENT_CACHE_MAX) elementCache.clear();
  elementCache.set(k, p);
  p.then(
    (r) => {
      if (!r.formId) elementCache.delete(k);
    },
    () => elementCache.delete(k),
  );
  return p;
}

async function toRow(
  db: Knex,
  t: {
    id: string;
    name: string | null;
    taskDefinitionKey: string;
    processInstanceId: string;
    processDefinitionId: string;
    assignee: string | null;
    candidateGroups: string[];
    due: string | null;
    followUp: string | null;
    created: string | null;
    businessKey: string | null;
    variables: Record<string, unknown>;
  },
): Promise<OpenTask> {
  const bpmnProcessId = keyOfDefinitionId(t.processDefinitionId);
  const version = versionOfDefinitionId(t.processDefinitionId);
  const { elementName, formId } = await taskElement(db, { bpmnProcessId, version, elementId: t.taskDefinitionKey });
  return {
    task_id: t.id,
    process_instance_id: t.processInstanceId,
    process_definition_id: t.processDefinitionId,
    bpmn_process_id: bpmnProcessId,
    process_version: version,
    element_id: t.taskDefinitionKey,
    element_name: t.name ?? elementName,
    case_id: str(t.variables.caseId) ?? t.businessKey,
    form_id: formId,
    candidate_groups: t.candidateGroups,
    assignee: t.assignee,
    due_at: date(t.due),
    follow_up_at: date(t.followUp),
    created_at: date(t.created) ?? new Date(),
    escalated: t.variables.escalated === true,
    verksamhet: str(t.variables.verksamhet),
  };
}

/** Applies one task event to the read model (idempotent: a repeated or late event changes nothing finished). */
export async function applyTaskEvent(db: Knex, e: TaskEvent): Promise<void> {
  if (e.event === 'timeout') return;
  if (e.event === 'complete') return finishTask(db, e.id, 'completed');
  // the engine sends `delete` when the task's scope is cancelled (boundary event, withdrawn samtycke, instance deleted)
  if (e.event === 'delete') return finishTask(db, e.id, e.deleteReason === 'completed' ? 'completed' : 'cancelled');
  if (!e.processInstanceId || !e.processDefinitionId) return;
  await upsertOpenTask(
    db,
    await toRow(db, {
      id: e.id,
      name: e.name ?? null,
      taskDefinitionKey: e.taskDefinitionKey,
      processInstanceId: e.processInstanceId,
      processDefinitionId: e.processDefinitionId,
      assignee: e.assignee ?? null,
      candidateGroups: e.candidateGroups ?? [],
      due: e.due ?? null,
      followUp: e.followUp ?? null,
      created: e.created ?? null,
      businessKey: e.businessKey ?? null,
      variables: e.variables ?? {},
    }),
  );
}

/** Reads one task from the engine into the read model, or finishes its row when the engine no longer has it. */
export async function syncTask(
  db: Knex,
  engine: Engine,
  taskId: string,
  known?: EngineTask | null,
): Promise<'open' | 'finished'> {
  const task = known === undefined ? await engine.task(taskId) : known;
  if (!task) {
    const row = await getTask(db, taskId);
    if (row?.state === 'open') {
      const outcome = (await engine.taskOutcome(taskId)) ?? 'cancelled';
      await finishTask(db, taskId, outcome, outcome === 'completed' ? row.assignee : null);
    }
    return 'finished';
  }
  const [candidateGroups, variables] = await Promise.all([
    engine.taskCandidateGroups(taskId),
    engine.taskVariables(taskId, [...TASK_VARIABLES]),
  ]);
  await upsertOpenTask(
    db,
    await toRow(db, { ...task, candidateGroups, created: task.created, businessKey: null, variables }),
  );
  return 'open';
}

/** One task's sync in a reconciliation: a task the engine no longer has is skipped (undefined), anything else throws. */
async function syncOne<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Compares the open tasks with the engine's: adds what is missing, refreshes assignee and dates, and finishes the
 * rows the engine no longer has (completed or cancelled, as its history says).
 */
export async function reconcileTasks(
  db: Knex,
  engine: Engine,
  { pageSize = 500 } = {},
): Promise<{ added: number; finished: number; open: number }> {
  const startedAt = Date.now();
  const known = new Set(await openTaskIds(db));
  const seen = new Set<string>();
  let added = 0;
  for (let first = 0; ; first += pageSize) {
    const page = await engine.tasks({}, { firstResult: first, maxResults: pageSize });
    for (const t of page) {
      seen.add(t.id);
      if (known.has(t.id)) continue;
      // a task that ends between the page and its details is not an error: the next event or round has it
      if (await syncOne(() => syncTask(db, engine, t.id, t))) added++;
    }
    if (page.length < pageSize) break;
  }
  let finished = 0;
  for (const id of known) {
    if (seen.has(id)) continue;
    const row = await getTask(db, id);
    // A row written after this reconciliation began is newer than the engine pages it read.
    if (!row || row.state !== 'open' || new Date(row.synced_at).getTime() >= startedAt) continue;
    if ((await syncOne(() => syncTask(db, engine, id))) === 'finished') finished++;
  }
  return { added, finished, open: seen.size };
}

export interface TaskSyncStatus {
  listening: boolean;
  lastEventAt: string | null;
  lastReconcileAt: string | null;
  lastError: string | null;
}

export interface TaskSync {
  status(): TaskSyncStatus;
  /** Runs a reconciliation now (also what a reconnect does). */
  reconcile(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps the read model current: LISTEN on the engine's database for task events (applied one at a time, in commit
 * order), reconcile on every (re)connection and every `reconcileEveryMs`. Without `engineDbUrl` it reconciles only.
 */
export function startTaskSync(
  db: Knex,
  engine: Engine,
  opts: { engineDbUrl?: string | undefined; log: Logger; reconcileEveryMs?: number },
): TaskSync {
  const log = opts.log.child({ component: 'task-sync' });
  const state: TaskSyncStatus = { listening: false, lastEventAt: null, lastReconcileAt: null, lastError: null };
  let stopped = false;
  let client: pg.Client | undefined;
  let queue: Promise<void> = Promise.resolve();
  let reconciling: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const reconcile = () => {
    reconciling ??= reconcileTasks(db, engine)
      .then((r) => {
        state.lastReconcileAt = new Date().toISOString();
        if (r.added || r.finished) log.info(r, 'task read model reconciled with the engine');
      })
      .catch((err: Error) => {
        state.lastError = err.message;
        log.warn({ err: err.message }, 'task reconciliation failed; retried later');
      })
      .finally(() => (reconciling = undefined));
    return reconciling;
  };

  const connect = async () => {
    if (stopped || !opts.engineDbUrl) return;
    const c = new pg.Client({ connectionString: opts.engineDbUrl, application_name: 'samverkan-task-sync' });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = undefined;
      state.listening = false;
      if (err) state.lastError = err.message;
      c.end().catch(() => undefined);
      if (!stopped) {
        log.warn({ err: err?.message }, 'task event connection lost; reconnecting');
        retryTimer = setTimeout(() => void connect(), 2_000);
        retryTimer.unref();
      }
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.channel !== TASK_CHANNEL || !msg.payload) return;
      queue = queue.then(async () => {
        try {
          const e = TaskEvent.parse(JSON.parse(msg.payload!));
          if (e.truncated) await syncTask(db, engine, e.id);
          else await applyTaskEvent(db, e);
          state.lastEventAt = new Date().toISOString();
        } catch (err) {
          state.lastError = (err as Error).message;
          log.error({ err: (err as Error).message }, 'task event not applied; the next reconciliation repairs it');
        }
      });
    });
    try {
      client = c;
      await c.connect();
      await c.query(`LISTEN ${TASK_CHANNEL}`);
      state.listening = true;
      // Events from here on arrive; what happened while we did not listen comes from the engine itself.
      await reconcile();
    } catch (err) {
      lost(err as Error);
    }
  };

  void (opts.engineDbUrl ? connect() : reconcile());
  const every = setInterval(() => void reconcile(), opts.reconcileEveryMs ?? 5 * 60_000);
  every.unref();

  return {
    status: () => ({ ...state }),
    reconcile,
    stop: async () => {
      stopped = true;
      clearInterval(every);
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
      await queue;
      await reconciling;
    },
  };
}
