import type { Config } from '../config.js';
import { type EngineVariables, fromEngineVariables, toEngineDate, toEngineVariables } from './variables.js';

export { fromEngineVariables, toEngineVariables } from './variables.js';

/** Where the engine's REST API is and how to authenticate (Basic when user and password are set). */
export interface EngineSettings {
  restUrl: string;
  user?: string | undefined;
  password?: string | undefined;
  /** Per-request timeout (long polls set their own). */
  timeoutMs?: number;
}

/** An error answer of the engine REST API (or no answer: status 0). `type` is the engine's exception type. */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type?: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** True when the engine says the task, instance or job does not exist (user tasks answer 500 "Cannot find task"). */
export function isNotFound(err: unknown): boolean {
  if (!(err instanceof EngineError)) return false;
  return (
    err.status === 404 ||
    (err.status >= 400 && /cannot find|does not exist|doesn't exist|not found|no .* found/i.test(err.message))
  );
}

/**
 * True when the engine could not do the work for now: unreachable (connection refused, timeout), or answering but
 * without its database (Operaton answers 500 "An exception occurred in the persistence layer").
 */
export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof EngineError)) return false;
  if (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504) return true;
  return (
    err.status === 500 &&
    /persistence layer|could not (open|get) jdbc connection|connection (is )?(closed|refused)/i.test(err.message)
  );
}

/** True for an optimistic-locking conflict (e.g. a timer fired while a worker completed in the same instance): retry. */
export function isOptimisticLock(err: unknown): boolean {
  // Some endpoints (e.g. POST /task/{id}/complete) wrap the exception: type RestException, message "Cannot complete
  // task …: ENGINE-03005 … was updated by another transaction concurrently."
  return (
    err instanceof EngineError &&
    /OptimisticLocking|ENGINE-03005|updated by another transaction concurrently/i.test(
      `${err.type ?? ''} ${err.message}`,
    )
  );
}

/**
 * True when trying the same command again may succeed because the engine rolled it back over another transaction on
 * the same instance: an optimistic-locking conflict, or a PostgreSQL deadlock (two branches of one instance ending at
 * once; the engine answers it like a lost database, 500 "An exception occurred in the persistence layer"). Safe to
 * repeat: the engine's transaction was rolled back whole. A database that is really gone fails every attempt and is
 * then reported by `isUnavailable`.
 */
export function isRetryableConflict(err: unknown): boolean {
  return (
    isOptimisticLock(err) ||
    (err instanceof EngineError && err.status === 500 && /persistence layer/i.test(err.message))
  );
}

/**
 * Runs an engine command, and again (up to three attempts in all, with a short pause so the other transaction commits
 * meanwhile) while it is refused with a retryable conflict; `onRetry` hears each conflict that is tried again.
 */
export async function retryingConflicts<T>(
  run: () => Promise<T>,
  onRetry?: (attempt: number, err: Error) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isRetryableConflict(err) || attempt === 3) throw err;
      onRetry?.(attempt, err as Error);
      await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}

export interface DeployResource {
  name: string;
  content: Buffer;
}

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  resource: string;
}

export interface Deployment {
  id: string;
  name: string | null;
  /** The process definitions of this deployment (for a duplicate-filtered deploy: those of the deployment already there). */
  processDefinitions: ProcessDefinition[];
  /** False when duplicate filtering found every resource unchanged and the engine deployed nothing. */
  created: boolean;
}

export interface StartedInstance {
  processInstanceId: string;
  processDefinitionId: string;
  version: number;
  ended: boolean;
}

export interface HistoricProcessInstance {
  id: string;
  businessKey: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  startTime: string;
  endTime: string | null;
  /** ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED */
  state: string;
}

export interface HistoricActivity {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  processInstanceId: string;
  parentActivityInstanceId: string | null;
  taskId: string | null;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
}

export interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  followUp: string | null;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  taskDefinitionKey: string;
  suspended: boolean;
}

export interface TaskQuery {
  processInstanceId?: string;
  processInstanceBusinessKey?: string;
  processDefinitionKey?: string;
  taskDefinitionKey?: string;
  candidateGroups?: string[];
  assignee?: string;
  includeAssignedTasks?: boolean;
  sorting?: { sortBy: 'created' | 'dueDate' | 'id'; sortOrder: 'asc' | 'desc' }[];
}

export interface Incident {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  incidentTimestamp: string;
  activityId: string;
  processInstanceId: string;
  processDefinitionId: string;
  /** The failed job's or external task's id. */
  configuration: string | null;
}

export interface ExternalTask {
  id: string;
  topicName: string;
  workerId: string;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  activityId: string;
  businessKey: string | null;
  /** null on the first delivery (the project default applies). */
  retries: number | null;
  errorMessage: string | null;
  lockExpirationTime: string | null;
  extensionProperties: Record<string, string>;
  variables: Record<string, unknown>;
}

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables?: string[];
}

export interface Job {
  id: string;
  processInstanceId: string;
  dueDate: string | null;
  retries: number;
  exceptionMessage: string | null;
}

type Query = Record<string, string | number | boolean | undefined>;

const qs = (q: Query = {}) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** `key:version:uuid` → version (the engine encodes it in the definition id). */
export const versionOfDefinitionId = (id: string): number => Number(id.split(':')[1] ?? 0);
/** `key:version:uuid` → key. */
export const keyOfDefinitionId = (id: string): string => id.split(':')[0] ?? id;

const toTask = (t: Record<string, unknown>): EngineTask => ({
  id: String(t.id),
  name: (t.name as string | null) ?? null,
  assignee: (t.assignee as string | null) ?? null,
  created: String(t.created),
  due: (t.due as string | null) ?? null,
  followUp: (t.followUp as string | null) ?? null,
  processDefinitionId: String(t.processDefinitionId),
  processInstanceId: String(t.processInstanceId),
  executionId: String(t.executionId),
  taskDefinitionKey: String(t.taskDefinitionKey),
  suspended: t.suspended === true,
});

/**
 * The only module that talks to the engine: a small typed client over Operaton's REST API (Camunda 7 compatible).
 * Returns the project's own types; variables go in and out as plain JSON values (see ./variables.ts).
 */
export class Engine {
  private readonly base: string;
  private readonly auth: string | undefined;
  private readonly timeoutMs: number;

  constructor(settings: EngineSettings) {
    this.base = settings.restUrl.replace(/\/$/, '');
    this.auth =
      settings.user && settings.password
        ? `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}`
        : undefined;
    this.timeoutMs = settings.timeoutMs ?? 30_000;
  }

  /** A client for the configured engine. */
  static fromConfig(cfg: Pick<Config, 'ENGINE_REST_URL' | 'ENGINE_REST_USER' | 'ENGINE_REST_PASSWORD'>): Engine {
    return new Engine({ restUrl: cfg.ENGINE_REST_URL, user: cfg.ENGINE_REST_USER, password: cfg.ENGINE_REST_PASSWORD });
  }

  /** The REST base URL (…/engine-rest). */
  get restUrl(): string {
    return this.base;
  }

  /** One REST call; throws EngineError on a non-2xx answer or no answer. */
  private async call<T>(
    method: string,
    path: string,
    opts: { body?: unknown; form?: FormData; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.auth) headers.authorization = this.auth;
    let body: string | FormData | undefined;
    if (opts.form) body = opts.form;
    else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body: body ?? null, signal });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new EngineError(0, `engine unreachable: ${(err as Error).message}`, 'ConnectionError', path);
    }
    const text = await res.text();
    if (!res.ok) {
      let type: string | undefined;
      let message = text || res.statusText;
      try {
        const j = JSON.parse(text) as { type?: string; message?: string };
        type = j.type;
        message = j.message ?? message;
      } catch {
        // not JSON (e.g. a proxy's HTML page)
      }
      throw new EngineError(res.status, `${method} ${path.split('?')[0]}: HTTP ${res.status}: ${message}`, type, path);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // ---- health ----------------------------------------------------------------------------------------------------

  /** The engine's version; fails fast (2 s) when the engine is unreachable. */
  async version(): Promise<string> {
    const v = await this.call<{ version: string }>('GET', '/version', { timeoutMs: 2_000 });
    return v.version;
  }

  // ---- deployments and definitions -------------------------------------------------------------------------------

  /**
   * Deploys resources as one named deployment with duplicate filtering: if every resource equals the last deployment
   * of that name, nothing new is deployed (`created: false`); if one changed, all of them get new versions.
   */
  async deploy(d: { name: string; resources: DeployResource[]; source?: string }): Promise<Deployment> {
    const form = new FormData();
    form.set('deployment-name', d.name);
    form.set('deployment-source', d.source ?? 'samverkan');
    form.set('enable-duplicate-filtering', 'true');
    form.set('deploy-changed-only', 'false');
    for (const r of d.resources) form.set(r.name, new Blob([new Uint8Array(r.content)]), r.name);
    const res = await this.call<{
      id: string;
      name: string | null;
      deployedProcessDefinitions: Record<string, Record<string, unknown>> | null;
    }>('POST', '/deployment/create', { form });
    const deployed = Object.values(res.deployedProcessDefinitions ?? {});
    const processDefinitions = deployed.length
      ? deployed.map(toDefinition)
      : await this.processDefinitions({ deploymentId: res.id });
    return { id: res.id, name: res.name, processDefinitions, created: deployed.length > 0 };
  }

  /** Process definitions, e.g. every version of a key or the latest one. */
  async processDefinitions(
    q: { key?: string; deploymentId?: string; latestVersion?: boolean } = {},
  ): Promise<ProcessDefinition[]> {
    const rows = await this.call<Record<string, unknown>[]>(
      'GET',
      `/process-definition${qs({ key: q.key, deploymentId: q.deploymentId, latestVersion: q.latestVersion, sortBy: 'version', sortOrder: 'asc' })}`,
    );
    return rows.map(toDefinition);
  }

  /** The BPMN XML of a deployed definition. */
  async processDefinitionXml(processDefinitionId: string): Promise<string> {
    const res = await this.call<{ bpmn20Xml: string }>(
      'GET',
      `/process-definition/${encodeURIComponent(processDefinitionId)}/xml`,
    );
    return res.bpmn20Xml;
  }

  // ---- process instances ------------------------------------------------------------------------------------------

  /** Starts the latest version of a process; the business key is the case id (messages correlate by it). */
  async startProcess(
    key: string,
    start: { businessKey: string; variables: Record<string, unknown> },
  ): Promise<StartedInstance> {
    const res = await this.call<{ id: string; definitionId: string; ended: boolean }>(
      'POST',
      `/process-definition/key/${encodeURIComponent(key)}/start`,
      {
        body: { businessKey: start.businessKey, variables: toEngineVariables(start.variables) },
      },
    );
    return {
      processInstanceId: res.id,
      processDefinitionId: res.definitionId,
      version: versionOfDefinitionId(res.definitionId),
      ended: res.ended,
    };
  }

  /** Cancels a running instance (no output mappings or listeners run). False when it had already ended. */
  async cancelProcessInstance(processInstanceId: string, reason = 'cancelled'): Promise<boolean> {
    try {
      await this.call(
        'DELETE',
        `/process-instance/${encodeURIComponent(processInstanceId)}${qs({ skipIoMappings: true, skipCustomListeners: true, deleteReason: reason })}`,
      );
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Running instances of a definition or a business key. */
  async processInstances(q: {
    processDefinitionId?: string;
    processDefinitionKey?: string;
    businessKey?: string;
    maxResults?: number;
  }): Promise<{ id: string; businessKey: string | null; definitionId: string }[]> {
    return this.call(
      'GET',
      `/process-instance${qs({ processDefinitionId: q.processDefinitionId, processDefinitionKey: q.processDefinitionKey, businessKey: q.businessKey, maxResults: q.maxResults ?? 1000 })}`,
    );
  }

  /** How many instances of a definition are still running. */
  async countProcessInstances(q: { processDefinitionId?: string; processDefinitionKey?: string }): Promise<number> {
    const res = await this.call<{ count: number }>('GET', `/process-instance/count${qs(q)}`);
    return res.count;
  }

  /** True while the instance runs (not ended, not cancelled). */
  async isActive(processInstanceId: string): Promise<boolean> {
    try {
      await this.call('GET', `/process-instance/${encodeURIComponent(processInstanceId)}`);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Variables of a running instance (plain values); only `names` when given. */
  async processVariables(processInstanceId: string, names?: string[]): Promise<Record<string, unknown>> {
    // this endpoint has no name filter: the names are picked here
    const res = await this.call<EngineVariables>(
      'GET',
      `/process-instance/${encodeURIComponent(processInstanceId)}/variables${qs({ deserializeValues: false })}`,
    );
    const all = fromEngineVariables(res);
    return names ? Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k))) : all;
  }

  /** Sets variables on an instance's scope. */
  async setProcessVariables(processInstanceId: string, variables: Record<string, unknown>): Promise<void> {
    await this.call('POST', `/process-instance/${encodeURIComponent(processInstanceId)}/variables`, {
      body: { modifications: toEngineVariables(variables) },
    });
  }

  // ---- messages and signals ---------------------------------------------------------------------------------------

  /**
   * Correlates a message to every execution waiting for it under the business key. The engine keeps no buffer: when
   * nobody waits it answers 400, which this returns as `correlated: 0` for the caller to decide what that means.
   */
  async correlateMessage(m: {
    messageName: string;
    businessKey: string;
    processVariables?: Record<string, unknown>;
  }): Promise<{ correlated: number }> {
    try {
      const res = await this.call<unknown[]>('POST', '/message', {
        body: {
          messageName: m.messageName,
          businessKey: m.businessKey,
          all: true,
          resultEnabled: true,
          ...(m.processVariables ? { processVariables: toEngineVariables(m.processVariables) } : {}),
        },
      });
      return { correlated: Array.isArray(res) ? res.length : 0 };
    } catch (err) {
      if (
        err instanceof EngineError &&
        err.status === 400 &&
        /no process definition or execution matches/i.test(err.message)
      )
        return { correlated: 0 };
      throw err;
    }
  }

  // ---- history ----------------------------------------------------------------------------------------------------

  /** One instance from the history (running or ended); null when unknown. */
  async historicProcessInstance(processInstanceId: string): Promise<HistoricProcessInstance | null> {
    try {
      const r = await this.call<Record<string, unknown>>(
        'GET',
        `/history/process-instance/${encodeURIComponent(processInstanceId)}`,
      );
      return toHistoricInstance(r);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Instances from the history, e.g. every instance of a business key (case id). */
  async historicProcessInstances(q: {
    processInstanceBusinessKey?: string;
    processDefinitionKey?: string;
    processInstanceIds?: string[];
    finished?: boolean;
    maxResults?: number;
  }): Promise<HistoricProcessInstance[]> {
    const { maxResults = 1000, ...body } = q;
    const rows = await this.call<Record<string, unknown>[]>('POST', `/history/process-instance${qs({ maxResults })}`, {
      body,
    });
    return rows.map(toHistoricInstance);
  }

  /** The activities an instance went through, in start order (the case view's path and the BPMN coverage). */
  async activityHistory(q: {
    processInstanceId?: string;
    processDefinitionKey?: string;
    finished?: boolean;
    maxResults?: number;
  }): Promise<HistoricActivity[]> {
    const rows = await this.call<Record<string, unknown>[]>(
      'GET',
      `/history/activity-instance${qs({ processInstanceId: q.processInstanceId, processDefinitionKey: q.processDefinitionKey, finished: q.finished, sortBy: 'startTime', sortOrder: 'asc', maxResults: q.maxResults ?? 10_000 })}`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      activityId: String(r.activityId),
      activityName: (r.activityName as string | null) ?? null,
      activityType: String(r.activityType),
      processInstanceId: String(r.processInstanceId),
      parentActivityInstanceId: (r.parentActivityInstanceId as string | null) ?? null,
      taskId: (r.taskId as string | null) ?? null,
      startTime: String(r.startTime),
      endTime: (r.endTime as string | null) ?? null,
      canceled: r.canceled === true,
    }));
  }

  /**
   * Every variable value the engine stored since `occurredAfter` (history detail: each update, not only the last
   * value), as plain values. The process tests scan them for personal data.
   */
  async variableUpdates(q: {
    occurredAfter: Date;
    maxResults?: number;
  }): Promise<{ name: string; processInstanceId: string; activityInstanceId: string | null; value: unknown }[]> {
    const rows = await this.call<Record<string, unknown>[]>(
      'GET',
      `/history/detail${qs({ variableUpdates: true, deserializeValues: false, occurredAfter: toEngineDate(q.occurredAfter), maxResults: q.maxResults ?? 100_000 })}`,
    );
    return rows.map((r) => ({
      name: String(r.variableName),
      processInstanceId: String(r.processInstanceId),
      activityInstanceId: (r.activityInstanceId as string | null) ?? null,
      value: fromEngineVariables({
        v: {
          value: r.value,
          type: String(r.variableType ?? 'String'),
          valueInfo: (r.valueInfo as Record<string, unknown>) ?? {},
        },
      }).v,
    }));
  }

  /** Deletes ended instances from the history (gallring of engine data). */
  async deleteHistoricProcessInstance(processInstanceId: string): Promise<boolean> {
    try {
      await this.call('DELETE', `/history/process-instance/${encodeURIComponent(processInstanceId)}`);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  // ---- user tasks -------------------------------------------------------------------------------------------------

  /** Open user tasks matching the query (paged). */
  async tasks(q: TaskQuery, page: { firstResult?: number; maxResults?: number } = {}): Promise<EngineTask[]> {
    const rows = await this.call<Record<string, unknown>[]>(
      'POST',
      `/task${qs({ firstResult: page.firstResult ?? 0, maxResults: page.maxResults ?? 1000 })}`,
      { body: q },
    );
    return rows.map(toTask);
  }

  /** How many open user tasks match. */
  async countTasks(q: TaskQuery): Promise<number> {
    const res = await this.call<{ count: number }>('POST', '/task/count', { body: q });
    return res.count;
  }

  /** One open user task; null when it no longer exists (completed, or cancelled with its scope). */
  async task(taskId: string): Promise<EngineTask | null> {
    try {
      return toTask(await this.call<Record<string, unknown>>('GET', `/task/${encodeURIComponent(taskId)}`));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /**
   * How a task that is no longer open ended, from the history: `completed`, `cancelled` (its scope was cancelled or
   * deleted: the engine records a delete reason such as `deleted`), or null when the history does not know it.
   */
  async taskOutcome(taskId: string): Promise<'completed' | 'cancelled' | null> {
    const rows = await this.call<{ deleteReason: string | null; endTime: string | null }[]>(
      'GET',
      `/history/task${qs({ taskId })}`,
    );
    const t = rows[0];
    if (!t?.endTime) return null;
    return t.deleteReason === null || t.deleteReason === 'completed' ? 'completed' : 'cancelled';
  }

  /** The candidate groups of a task. */
  async taskCandidateGroups(taskId: string): Promise<string[]> {
    const links = await this.call<{ groupId: string | null; type: string }[]>(
      'GET',
      `/task/${encodeURIComponent(taskId)}/identity-links${qs({ type: 'candidate' })}`,
    );
    return links.flatMap((l) => (l.groupId ? [l.groupId] : []));
  }

  /** Variables visible from a task (plain values); only `names` when given. */
  async taskVariables(taskId: string, names?: string[]): Promise<Record<string, unknown>> {
    const res = await this.call<EngineVariables>(
      'GET',
      `/task/${encodeURIComponent(taskId)}/variables${qs({ deserializeValues: false, variableNames: names?.join(',') })}`,
    );
    return fromEngineVariables(res);
  }

  /** The form-js schema linked to the task (camunda:formRef, the version deployed with the process). */
  async taskForm(taskId: string): Promise<Record<string, unknown>> {
    return this.call('GET', `/task/${encodeURIComponent(taskId)}/deployed-form`);
  }

  /** Claims a task for a user (fails when someone else holds it). */
  async claimTask(taskId: string, userId: string): Promise<void> {
    await this.call('POST', `/task/${encodeURIComponent(taskId)}/claim`, { body: { userId } });
  }

  /** Returns a task to its candidate groups. */
  async unclaimTask(taskId: string): Promise<void> {
    await this.call('POST', `/task/${encodeURIComponent(taskId)}/unclaim`);
  }

  /** Sets (or, with null, clears) the assignee regardless of the current one. */
  async setAssignee(taskId: string, userId: string | null): Promise<void> {
    await this.call('POST', `/task/${encodeURIComponent(taskId)}/assignee`, { body: { userId } });
  }

  /** Completes a user task with the form's variables. */
  async completeTask(taskId: string, variables: Record<string, unknown>): Promise<void> {
    await this.call('POST', `/task/${encodeURIComponent(taskId)}/complete`, {
      body: { variables: toEngineVariables(variables) },
    });
  }

  // ---- external tasks ---------------------------------------------------------------------------------------------

  /** Long-polls for external tasks of the given topics and locks them for this worker. */
  async fetchAndLock(
    req: { workerId: string; maxTasks: number; asyncResponseTimeout: number; topics: FetchTopic[] },
    signal?: AbortSignal,
  ): Promise<ExternalTask[]> {
    const rows = await this.call<Record<string, unknown>[]>('POST', '/external-task/fetchAndLock', {
      body: {
        workerId: req.workerId,
        maxTasks: req.maxTasks,
        usePriority: true,
        asyncResponseTimeout: req.asyncResponseTimeout,
        topics: req.topics.map((t) => ({
          topicName: t.topicName,
          lockDuration: t.lockDuration,
          ...(t.variables ? { variables: t.variables } : {}),
          includeExtensionProperties: true,
          deserializeValues: false,
        })),
      },
      timeoutMs: req.asyncResponseTimeout + 30_000,
      ...(signal ? { signal } : {}),
    });
    return rows.map((r) => ({
      id: String(r.id),
      topicName: String(r.topicName),
      workerId: String(r.workerId),
      processInstanceId: String(r.processInstanceId),
      processDefinitionId: String(r.processDefinitionId),
      processDefinitionKey: String(r.processDefinitionKey),
      activityId: String(r.activityId),
      businessKey: (r.businessKey as string | null) ?? null,
      retries: typeof r.retries === 'number' ? r.retries : null,
      errorMessage: (r.errorMessage as string | null) ?? null,
      lockExpirationTime: (r.lockExpirationTime as string | null) ?? null,
      extensionProperties: (r.extensionProperties as Record<string, string> | null) ?? {},
      variables: fromEngineVariables((r.variables as EngineVariables | null) ?? {}),
    }));
  }

  /** One external task's state (retries left, who holds its lock); null when it no longer exists. */
  async externalTask(id: string): Promise<{
    id: string;
    retries: number | null;
    workerId: string | null;
    lockExpirationTime: string | null;
    errorMessage: string | null;
  } | null> {
    try {
      const r = await this.call<Record<string, unknown>>('GET', `/external-task/${encodeURIComponent(id)}`);
      return {
        id: String(r.id),
        retries: typeof r.retries === 'number' ? r.retries : null,
        workerId: (r.workerId as string | null) ?? null,
        lockExpirationTime: (r.lockExpirationTime as string | null) ?? null,
        errorMessage: (r.errorMessage as string | null) ?? null,
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Completes a locked external task; its variables are set on the process instance. */
  async completeExternalTask(id: string, c: { workerId: string; variables: Record<string, unknown> }): Promise<void> {
    await this.call('POST', `/external-task/${encodeURIComponent(id)}/complete`, {
      body: { workerId: c.workerId, variables: toEngineVariables(c.variables) },
    });
  }

  /** Reports a failure: retries > 0 makes the task fetchable again after `retryTimeout` ms; 0 raises an incident. */
  async failExternalTask(
    id: string,
    f: { workerId: string; errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number },
  ): Promise<void> {
    await this.call('POST', `/external-task/${encodeURIComponent(id)}/failure`, { body: f });
  }

  /** Throws a BPMN error that the model catches (an uncaught one is an error answer: the engine is set to raise). */
  async bpmnErrorExternalTask(
    id: string,
    e: { workerId: string; errorCode: string; errorMessage?: string; variables?: Record<string, unknown> },
  ): Promise<void> {
    await this.call('POST', `/external-task/${encodeURIComponent(id)}/bpmnError`, {
      body: {
        workerId: e.workerId,
        errorCode: e.errorCode,
        errorMessage: e.errorMessage,
        variables: toEngineVariables(e.variables ?? {}),
      },
    });
  }

  /** Extends the lock of a task this worker holds (long work). */
  async extendLock(id: string, l: { workerId: string; newDuration: number }): Promise<void> {
    await this.call('POST', `/external-task/${encodeURIComponent(id)}/extendLock`, { body: l });
  }

  /** Releases a lock so another worker can fetch the task at once. */
  async unlockExternalTask(id: string): Promise<void> {
    await this.call('POST', `/external-task/${encodeURIComponent(id)}/unlock`);
  }

  // ---- incidents and jobs -----------------------------------------------------------------------------------------

  /** Open incidents, e.g. of one instance or one definition key. */
  async incidents(
    q: { processInstanceId?: string; processDefinitionKeyIn?: string[]; incidentId?: string; maxResults?: number } = {},
  ): Promise<Incident[]> {
    const rows = await this.call<Record<string, unknown>[]>(
      'GET',
      `/incident${qs({ processInstanceId: q.processInstanceId, incidentId: q.incidentId, processDefinitionKeyIn: q.processDefinitionKeyIn?.join(','), maxResults: q.maxResults ?? 1000, sortBy: 'incidentTimestamp', sortOrder: 'asc' })}`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      incidentType: String(r.incidentType),
      incidentMessage: (r.incidentMessage as string | null) ?? null,
      incidentTimestamp: String(r.incidentTimestamp),
      activityId: String(r.activityId),
      processInstanceId: String(r.processInstanceId),
      processDefinitionId: String(r.processDefinitionId),
      configuration: (r.configuration as string | null) ?? null,
    }));
  }

  /** Gives an incident's failed external task or job its retries back, which resolves the incident. */
  async retryIncident(incident: Pick<Incident, 'incidentType' | 'configuration'>, retries = 3): Promise<void> {
    if (!incident.configuration) throw new EngineError(400, 'incident has no failed task to retry');
    const path = incident.incidentType === 'failedExternalTask' ? '/external-task' : '/job';
    await this.call('PUT', `${path}/${encodeURIComponent(incident.configuration)}/retries`, { body: { retries } });
  }

  /** Jobs (timers, async continuations) of an instance. */
  async jobs(q: { processInstanceId?: string; timers?: boolean; activityId?: string }): Promise<Job[]> {
    const rows = await this.call<Record<string, unknown>[]>(
      'GET',
      `/job${qs({ processInstanceId: q.processInstanceId, timers: q.timers, activityId: q.activityId })}`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      processInstanceId: String(r.processInstanceId),
      dueDate: (r.dueDate as string | null) ?? null,
      retries: Number(r.retries),
      exceptionMessage: (r.exceptionMessage as string | null) ?? null,
    }));
  }

  /** Executes a job now, whatever its due date. */
  async executeJob(jobId: string): Promise<void> {
    await this.call('POST', `/job/${encodeURIComponent(jobId)}/execute`);
  }

  // ---- identity (webapp logins) -----------------------------------------------------------------------------------

  /** Creates the group unless it exists. */
  async ensureGroup(g: { id: string; name: string; type?: string }): Promise<void> {
    const found = await this.call<unknown[]>('GET', `/group${qs({ id: g.id })}`);
    if (found.length === 0)
      await this.call('POST', '/group/create', { body: { id: g.id, name: g.name, type: g.type ?? 'WORKFLOW' } });
  }

  /** Creates the user unless it exists (the password is only set on creation). */
  async ensureUser(u: { id: string; firstName: string; lastName: string; password: string }): Promise<void> {
    const found = await this.call<unknown[]>('GET', `/user${qs({ id: u.id })}`);
    if (found.length === 0) {
      await this.call('POST', '/user/create', {
        body: {
          profile: { id: u.id, firstName: u.firstName, lastName: u.lastName },
          credentials: { password: u.password },
        },
      });
    }
  }

  /** Adds a user to a group (idempotent). */
  async ensureMembership(groupId: string, userId: string): Promise<void> {
    const found = await this.call<unknown[]>('GET', `/group${qs({ id: groupId, member: userId })}`);
    if (found.length === 0)
      await this.call('PUT', `/group/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}`);
  }

  /** Grants permissions to a group on a resource type (idempotent; an existing grant gets these permissions). */
  async ensureGroupGrant(a: {
    groupId: string;
    resourceType: number;
    resourceId?: string;
    permissions: string[];
  }): Promise<void> {
    const resourceId = a.resourceId ?? '*';
    const found = await this.call<{ id: string }[]>(
      'GET',
      `/authorization${qs({ type: 1, groupIdIn: a.groupId, resourceType: a.resourceType, resourceId })}`,
    );
    const body = {
      type: 1,
      groupId: a.groupId,
      userId: null,
      resourceType: a.resourceType,
      resourceId,
      permissions: a.permissions,
    };
    if (found[0]) await this.call('PUT', `/authorization/${encodeURIComponent(found[0].id)}`, { body });
    else await this.call('POST', '/authorization/create', { body });
  }
}

const toDefinition = (r: Record<string, unknown>): ProcessDefinition => ({
  id: String(r.id),
  key: String(r.key),
  version: Number(r.version),
  name: (r.name as string | null) ?? null,
  deploymentId: String(r.deploymentId),
  resource: String(r.resource),
});

const toHistoricInstance = (r: Record<string, unknown>): HistoricProcessInstance => ({
  id: String(r.id),
  businessKey: (r.businessKey as string | null) ?? null,
  processDefinitionId: String(r.processDefinitionId),
  processDefinitionKey: String(r.processDefinitionKey),
  processDefinitionVersion: Number(r.processDefinitionVersion),
  startTime: String(r.startTime),
  endTime: (r.endTime as string | null) ?? null,
  state: String(r.state),
});
