import type { Knex } from 'knex';
import { isNotFound, type Engine } from '../engine/client.js';
import type { Logger } from '../logger.js';
import { finishTask, leaseRenewed, tasksToSweep, upsertTask } from '../repositories/tasks.js';
import { resolveTaskElement } from './deploymentMetadata.js';
import { formFieldKeys, resolveForm } from './taskForms.js';

/** Job lease of a projected user task: long, because a human works on it; the sweeper renews it. */
export const USER_TASK_LEASE_MS = 30 * 24 * 60 * 60 * 1000;

/** The job surface the projection reads (the SDK's job satisfies it). */
export interface UserTaskJob {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  customHeaders: Readonly<Record<string, string>>;
  variables: Readonly<Record<string, unknown>>;
}

const H = {
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  assignee: 'io.camunda.zeebe:assignee',
  dueDate: 'io.camunda.zeebe:dueDate',
  formKey: 'io.camunda.zeebe:formKey',
} as const;

function parseGroups(header: string | undefined): string[] {
  if (!header) return [];
  try {
    const v = JSON.parse(header) as unknown;
    if (Array.isArray(v)) return v.map(String).filter(Boolean);
  } catch {
    // older engines sent a comma-separated list
  }
  return header.split(',').map((s) => s.trim()).filter(Boolean);
}

function parseDue(header: string | undefined): Date | null {
  if (!header) return null;
  const d = new Date(header);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Writes (or refreshes) the projection row of a user-task job. Keeps only the variables the form uses. */
export async function projectUserTask(db: Knex, job: UserTaskJob): Promise<void> {
  const h = job.customHeaders;
  const { elementName, formId } = await resolveTaskElement(db, {
    bpmnProcessId: job.bpmnProcessId,
    version: Number(job.processDefinitionVersion),
    elementId: job.elementId,
    formKey: h[H.formKey],
  });
  const rawFormKey = h[H.formKey] ?? '';
  const formKey = /^\d+$/.test(rawFormKey) ? rawFormKey : null;
  const keys = new Set(['caseId', ...formFieldKeys(await resolveForm(db, { formKey, formId }))]);
  const variables = Object.fromEntries(Object.entries(job.variables).filter(([k]) => keys.has(k)));
  const v = job.variables;
  await upsertTask(db, {
    job_key: String(job.key),
    process_instance_key: String(job.processInstanceKey),
    process_definition_key: job.processDefinitionKey ? String(job.processDefinitionKey) : null,
    bpmn_process_id: job.bpmnProcessId,
    process_version: Number(job.processDefinitionVersion),
    element_id: job.elementId,
    element_name: elementName,
    case_id: typeof v.caseId === 'string' ? v.caseId : null,
    form_id: formId,
    form_key: formKey,
    candidate_groups: parseGroups(h[H.candidateGroups]),
    assignee: h[H.assignee] || null,
    due_at: parseDue(h[H.dueDate]),
    escalated: v.escalated === true || h.escalated === 'true',
    verksamhet: typeof v.verksamhet === 'string' ? v.verksamhet : null,
    variables,
  });
}

/**
 * One sweep: renews the leases of the open tasks with the oldest renewal, and marks those the engine no longer
 * knows (NOT_FOUND: cancelled by a boundary event, a withdrawn samtycke, an instance cancellation) as cancelled.
 * Bounded per sweep, so 10 000 open tasks cost a steady trickle of calls, not a burst.
 */
export async function sweepTaskLeases(db: Knex, engine: Engine, log: Logger, { batch = 200, concurrency = 8 } = {}): Promise<{ renewed: number; cancelled: number }> {
  const tasks = await tasksToSweep(db, batch);
  const renewed: string[] = [];
  let cancelled = 0;
  let i = 0;
  const next = async (): Promise<void> => {
    const task = tasks[i++];
    if (!task) return;
    try {
      await engine.updateJobTimeout(task.job_key, USER_TASK_LEASE_MS);
      renewed.push(task.job_key);
    } catch (err) {
      if (isNotFound(err)) {
        // a task stuck in `completing` whose job is gone was completed by us (the engine answer was lost)
        await finishTask(db, task.job_key, task.state === 'completing' ? 'completed' : 'cancelled');
        cancelled++;
      } else {
        log.warn({ jobKey: task.job_key, err: (err as Error).message }, 'lease renewal failed');
      }
    }
    return next();
  };
  await Promise.all(Array.from({ length: concurrency }, next));
  await leaseRenewed(db, renewed);
  return { renewed: renewed.length, cancelled };
}
