import type { Knex } from 'knex';
import { z } from 'zod';

import { retryingConflicts } from '../../src/engine/client.js';
import type { Logger } from '../../src/logger.js';
import { UnknownCaseError } from '../../src/services/caseWork.js';
import { BusinessError, IncidentError } from './errors.js';

/** What a handler gets besides its validated input. */
export interface JobContext {
  /** The external task's id: the idempotency key of this piece of work (redeliveries keep it). */
  jobKey: string;
  processInstanceKey: string;
  /** The process definition key (the process id in processes/). */
  bpmnProcessId: string;
  /** The BPMN element (activity) id. */
  elementId: string;
  retries: number;
  /** The task's camunda:properties (e.g. `template`, `rule`, `step`). */
  customHeaders: Readonly<Record<string, string>>;
  /** The open transaction: write every effect through it, so effects and the job ledger commit together. */
  trx: Knex.Transaction;
  log: Logger;
}

/** A worker: one external-task topic, zod schemas for its variables and a handler that calls services. */
export interface WorkerDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** The external-task topic (camunda:topic), equal to the worker's file name. */
  jobType: string;
  Input: I;
  Output: O;
  handle(input: z.infer<I>, ctx: JobContext): Promise<z.infer<O>>;
  /** Lock duration in ms; keep it above the handler's p99 (the runtime also extends it while the handler runs). */
  timeoutMs?: number;
  /** Kept for the definitions' documentation; the runtime bounds parallelism across all topics. */
  maxParallelJobs?: number;
}

/** The defaults of every worker; a worker file states a value only where it differs. */
export const WORKER_DEFAULTS = { timeoutMs: 15_000, maxParallelJobs: 16 } as const;

/** A worker definition with the defaults filled in (and its generic types kept). */
export function defineWorker<I extends z.ZodType, O extends z.ZodType>(
  def: WorkerDefinition<I, O>,
): WorkerDefinition<I, O> {
  return { ...WORKER_DEFAULTS, ...def };
}

/** The variable names a worker fetches: the top-level keys of its Input schema. */
export function fetchVariablesOf(def: WorkerDefinition): string[] | undefined {
  const shape = (def.Input as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/** Retries of an external task on its first delivery (the engine reports none until the first failure). */
export const DEFAULT_RETRIES = 5;

/** Retry backoff: grows with each attempt (base, 6×, 30×), capped. `retriesLeft` is the job's retries before this failure. */
export function backoffMs(retriesLeft: number, baseMs = Number(process.env.WORKER_RETRY_BACKOFF_MS ?? 10_000)): number {
  const attempt = Math.max(0, DEFAULT_RETRIES - retriesLeft);
  const factors = [1, 6, 30, 30, 30, 30];
  return Math.min(baseMs * (factors[attempt] ?? 30), 30 * 60_000);
}

/** The minimal job surface runJob needs (workers/runtime/start.ts adapts a locked external task to it). */
export interface JobLike {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  retries: number;
  customHeaders: Readonly<Record<string, string>>;
  variables: Readonly<Record<string, unknown>>;
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  fail(conf: { errorMessage: string; retries: number; retryBackOff?: number }): Promise<unknown>;
  error(conf: { errorCode: string; errorMessage?: string; variables: Record<string, unknown> }): Promise<unknown>;
}

export type JobOutcome = 'completed' | 'replayed' | 'business-error' | 'failed' | 'incident';

/** The context a handler of the job gets inside the transaction `trx`. */
export function jobContext(job: JobLike, trx: Knex.Transaction, log: Logger): JobContext {
  return {
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    retries: job.retries,
    customHeaders: job.customHeaders,
    trx,
    log,
  };
}

/**
 * The variables a completion writes: the task's `output.<key>` properties rename output keys to process variables
 * (`output.dueDate = beredningMeetingDate`); with any such property only the mapped keys are written, with none
 * every key keeps its name. This replaces output mappings, which the engine would also evaluate on cancellation.
 */
export function completionVariables(
  output: Record<string, unknown>,
  properties: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const mapped = Object.entries(properties).filter(([k]) => k.startsWith('output.'));
  if (mapped.length === 0) return output;
  return Object.fromEntries(
    mapped.flatMap(([k, target]) => {
      const key = k.slice('output.'.length);
      return key in output ? [[target, output[key]]] : [];
    }),
  );
}

const describe = (issues: z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Runs one job: validate input → (ledger lookup) → handler inside a transaction → ledger row → commit → complete.
 * Outcomes map to engine actions per workers/README.md. Returns what it did; throws only when the engine refuses the
 * final action (e.g. the lock was lost meanwhile), which the subscription logs: the task comes back after its lock.
 */
export async function runJob(
  def: WorkerDefinition,
  job: JobLike,
  deps: { db: Knex; log: Logger },
): Promise<JobOutcome> {
  const log = deps.log.child({
    jobKey: job.key,
    jobType: job.type,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
    caseId: job.variables.caseId,
  });
  const parsed = def.Input.safeParse(job.variables);
  if (!parsed.success) {
    const msg = `Invalid job variables for ${def.jobType}: ${describe(parsed.error.issues)}`;
    log.error({ err: msg }, 'job input invalid, raising incident');
    await job.fail({ errorMessage: msg, retries: 0 });
    return 'incident';
  }
  let output: Record<string, unknown>;
  let replayed = false;
  try {
    output = await deps.db.transaction(async (trx) => {
      const previous = await trx('job_ledger')
        .where({ job_key: job.key })
        .first<{ output: Record<string, unknown> } | undefined>();
      if (previous) {
        replayed = true;
        return previous.output;
      }
      const result = await def.handle(parsed.data, jobContext(job, trx, log));
      const out = def.Output.parse(result) as Record<string, unknown>;
      await trx('job_ledger').insert({
        job_key: job.key,
        job_type: job.type,
        process_instance_key: job.processInstanceKey,
        output: JSON.stringify(out),
      });
      return out;
    });
  } catch (err) {
    if (err instanceof BusinessError) {
      log.info({ errorCode: err.code }, 'business error thrown to BPMN');
      try {
        await job.error({ errorCode: err.code, errorMessage: err.message, variables: err.variables });
        return 'business-error';
      } catch (thrown) {
        // The engine raises on a BPMN error that no catch event handles: a modelling error, so an incident.
        log.error(
          { errorCode: err.code, err: (thrown as Error).message },
          'BPMN error not caught by the model, raising incident',
        );
        await job.fail({
          errorMessage: `${def.jobType}: BPMN error ${err.code} is not caught in the model: ${(thrown as Error).message}`,
          retries: 0,
        });
        return 'incident';
      }
    }
    // A job about a case that does not exist can never succeed: an incident, like an IncidentError.
    if (err instanceof IncidentError || err instanceof UnknownCaseError) {
      log.error({ err: err.message }, 'job cannot succeed as given, raising incident');
      await job.fail({ errorMessage: `${def.jobType}: ${err.message}`, retries: 0 });
      return 'incident';
    }
    if (err instanceof z.ZodError) {
      const msg = `Worker ${def.jobType} produced invalid output: ${describe(err.issues)}`;
      log.error({ err: msg }, 'programming error, raising incident');
      await job.fail({ errorMessage: msg, retries: 0 });
      return 'incident';
    }
    const retries = Math.max(0, job.retries - 1);
    const message = err instanceof Error ? err.message : String(err);
    log.warn(
      { err: message, retriesLeft: retries },
      retries > 0 ? 'job failed, will retry' : 'job failed, retries exhausted: incident',
    );
    await job.fail({
      errorMessage: `${def.jobType}: ${message}`,
      retries,
      retryBackOff: retries > 0 ? backoffMs(job.retries) : 0,
    });
    return retries > 0 ? 'failed' : 'incident';
  }
  // A timer or another branch of the same instance at this moment makes the engine refuse (optimistic lock or a
  // deadlock, rolled back): try again at once rather than waiting for the lock to expire (the ledger makes the repeat
  // harmless).
  await retryingConflicts(
    () => job.complete(completionVariables(output, job.customHeaders)),
    (attempt, err) => log.info({ attempt, err: err.message }, 'completion hit a conflict; retrying'),
  );
  if (replayed) log.info('job redelivered; completed from ledger without repeating effects');
  return replayed ? 'replayed' : 'completed';
}
