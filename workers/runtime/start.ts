import type { Knex } from 'knex';

import type { Engine } from '../../src/engine/client.js';
import { type LockedTask, subscribe, type Subscription } from '../../src/engine/externalTasks.js';
import type { Logger } from '../../src/logger.js';
import {
  DEFAULT_RETRIES,
  fetchVariablesOf,
  type JobLike,
  runJob,
  WORKER_DEFAULTS,
  type WorkerDefinition,
} from './runJob.js';

export interface RunningWorkers {
  /** Topics with a live subscription, ready while the engine answers the long polls. */
  status(): { jobType: string; ready: boolean }[];
  /** Stops polling, hands back tasks not yet started, lets in-flight tasks finish (graceful shutdown on SIGTERM). */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Tasks handled at once across all topics (default 16). */
  maxParallel?: number;
  /** Long-poll wait of fetch-and-lock (default 5 s; see config WORKER_LONG_POLL_MS). */
  longPollMs?: number;
}

/** The runJob view of a locked external task: every engine action goes through the subscription's handle. */
export function asJob(locked: LockedTask): JobLike {
  const t = locked.task;
  return {
    key: t.id,
    type: t.topicName,
    processInstanceKey: t.processInstanceId,
    bpmnProcessId: t.processDefinitionKey,
    elementId: t.activityId,
    retries: t.retries ?? DEFAULT_RETRIES,
    customHeaders: t.extensionProperties,
    variables: t.variables,
    complete: (variables) => locked.complete(variables ?? {}),
    fail: (f) =>
      locked.fail({
        errorMessage: f.errorMessage.slice(0, 3_900),
        errorDetails: f.errorMessage,
        retries: f.retries,
        retryTimeout: f.retryBackOff ?? 0,
      }),
    error: (e) =>
      locked.bpmnError({
        errorCode: e.errorCode,
        ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
        variables: e.variables,
      }),
  };
}

/** Subscribes every worker definition's topic (one long-polling loop); all engine interaction goes through runJob. */
export function startWorkers(
  engine: Engine,
  defs: WorkerDefinition[],
  deps: { db: Knex; log: Logger },
  opts: WorkerOptions = {},
): RunningWorkers {
  const byTopic = new Map(defs.map((d) => [d.jobType, d]));
  const sub: Subscription = subscribe(engine, {
    topics: defs.map((d) => {
      const variables = fetchVariablesOf(d);
      return {
        topicName: d.jobType,
        lockDuration: d.timeoutMs ?? WORKER_DEFAULTS.timeoutMs,
        ...(variables ? { variables } : {}),
      };
    }),
    maxParallel: opts.maxParallel ?? 16,
    longPollMs: opts.longPollMs ?? 5_000,
    log: deps.log,
    handle: async (locked) => {
      const def = byTopic.get(locked.task.topicName);
      if (!def) throw new Error(`no worker for topic ${locked.task.topicName}`);
      await runJob(def, asJob(locked), deps);
    },
  });
  return {
    status: () => defs.map((d) => ({ jobType: d.jobType, ready: sub.ready() })),
    stop: () => sub.stop(),
  };
}
