import { randomUUID } from 'node:crypto';

import type { Logger } from '../logger.js';
import { Engine, EngineError, type ExternalTask, type FetchTopic, isNotFound } from './client.js';

/** One locked external task and the only four things a handler may do with it. */
export interface LockedTask {
  readonly task: ExternalTask;
  complete(variables: Record<string, unknown>): Promise<void>;
  fail(f: { errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number }): Promise<void>;
  bpmnError(e: { errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }): Promise<void>;
  extendLock(ms: number): Promise<void>;
}

export interface SubscriptionOptions {
  topics: FetchTopic[];
  /** Tasks handled at once across all topics; the poll asks only for free slots. */
  maxParallel: number;
  /** How long one fetch-and-lock waits for work (long polling). ≤ 5 s with more than one engine node. */
  longPollMs: number;
  handle(task: LockedTask): Promise<void>;
  log: Logger;
  workerId?: string;
}

export interface Subscription {
  readonly workerId: string;
  /** True after a successful poll; false after a failed one (engine unreachable). */
  ready(): boolean;
  /** When the last poll answered (ISO), null before the first. */
  lastPollAt(): string | null;
  /** Stops polling, releases tasks locked but not started, and waits for the handlers in flight. */
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Subscribes to external-task topics with one long-polling loop: it asks for as many tasks as there are free
 * handler slots, starts each handler without waiting for it and polls again at once, so a new task is picked up
 * within the engine's notification of the waiting poll. While a handler runs, its lock is extended at half the lock
 * duration, so slow work is never handed to a second worker. A task whose lock was lost meanwhile answers 404/400
 * on completion; that is logged, because its redelivery completes it from the job ledger.
 */
export function subscribe(engine: Engine, opts: SubscriptionOptions): Subscription {
  const workerId = opts.workerId ?? `samverkan-${process.pid}-${randomUUID().slice(0, 8)}`;
  const lockOf = new Map(opts.topics.map((t) => [t.topicName, t.lockDuration]));
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  let up = false;
  let lastPoll: string | null = null;
  let slotFreed: (() => void) | undefined;

  const run = async (task: ExternalTask) => {
    const lockMs = lockOf.get(task.topicName) ?? 30_000;
    const heartbeat = setInterval(
      () => {
        engine
          .extendLock(task.id, { workerId, newDuration: lockMs })
          .catch((err: Error) => opts.log.warn({ externalTaskId: task.id, err: err.message }, 'extending lock failed'));
      },
      Math.max(1_000, lockMs / 2),
    );
    heartbeat.unref();
    const locked: LockedTask = {
      task,
      complete: (variables) => engine.completeExternalTask(task.id, { workerId, variables }),
      fail: (f) => engine.failExternalTask(task.id, { workerId, ...f }),
      bpmnError: (e) => engine.bpmnErrorExternalTask(task.id, { workerId, ...e }),
      extendLock: (ms) => engine.extendLock(task.id, { workerId, newDuration: ms }),
    };
    try {
      await opts.handle(locked);
    } catch (err) {
      const lostLock = isNotFound(err) || (err instanceof EngineError && err.status === 400);
      opts.log[lostLock ? 'info' : 'error'](
        {
          externalTaskId: task.id,
          topic: task.topicName,
          processInstanceId: task.processInstanceId,
          err: (err as Error).message,
        },
        lostLock
          ? 'external task no longer locked by this worker (redelivery completes it from the ledger)'
          : 'external task handler failed; the lock expires and the task comes back',
      );
    } finally {
      clearInterval(heartbeat);
    }
  };

  const loop = async () => {
    let backoff = 500;
    while (!stopping.signal.aborted) {
      const free = opts.maxParallel - inFlight.size;
      if (free <= 0) {
        await new Promise<void>((r) => (slotFreed = r));
        continue;
      }
      let tasks: ExternalTask[];
      try {
        tasks = await engine.fetchAndLock({
          workerId,
          maxTasks: free,
          asyncResponseTimeout: opts.longPollMs,
          topics: opts.topics,
        });
        up = true;
        lastPoll = new Date().toISOString();
        backoff = 500;
      } catch (err) {
        if (stopping.signal.aborted) break;
        if (up) opts.log.warn({ err: (err as Error).message }, 'fetch-and-lock failed; retrying');
        up = false;
        await sleep(backoff, stopping.signal);
        backoff = Math.min(backoff * 2, 5_000);
        continue;
      }
      if (stopping.signal.aborted) {
        // Stopped while the poll waited: hand these straight back instead of sitting on their locks.
        await Promise.allSettled(tasks.map((t) => engine.unlockExternalTask(t.id)));
        break;
      }
      for (const task of tasks) {
        const p: Promise<void> = run(task).finally(() => {
          inFlight.delete(p);
          slotFreed?.();
          slotFreed = undefined;
        });
        inFlight.add(p);
      }
    }
  };
  const loopDone = loop();

  return {
    workerId,
    ready: () => up,
    lastPollAt: () => lastPoll,
    stop: async () => {
      stopping.abort();
      slotFreed?.();
      await loopDone;
      await Promise.allSettled([...inFlight]);
    },
  };
}
