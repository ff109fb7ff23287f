import { z } from 'zod';

import { DUE_DATE_RULES, DueDateInputError, isDueDateRule } from '../src/domain/deadlines.js';
import { dueDateFor } from '../src/services/dueDates.js';
import { IncidentError } from './runtime/errors.js';
import { defineWorker, type JobContext } from './runtime/runJob.js';

/**
 * compute-due-date: property `rule` (one of DUE_DATE_RULES) and optional `reminderDays` (calendar days); variables
 * `from` (date or date-time, default today in Stockholm), `group` (beredning group code) and `until` (programme end
 * date) where the rule needs them. Output `{ dueDate: 'YYYY-MM-DD', dueAt: '<date-time at 08:00 Stockholm with
 * offset>', overdueAt: '<00:00 Stockholm the day after dueDate: the due day has ended>' }`, plus `reminderAt` (08:00 Stockholm, `reminderDays` calendar days before dueDate) when the property is
 * set. A task names the process variables with `output.<key>` properties when a process keeps several due dates.
 */
export const jobType = 'compute-due-date';

// Null (an input parameter whose variable is null) counts as absent.
export const Input = z.object({
  caseId: z.string().min(1).nullish(),
  from: z.string().min(10).nullish(),
  group: z.string().min(1).nullish(),
  until: z.iso.date().nullish(),
});

const STOCKHOLM_08 = /^\d{4}-\d{2}-\d{2}T08:00:00\+0[12]:00$/;
const STOCKHOLM_MIDNIGHT = /^\d{4}-\d{2}-\d{2}T00:00:00\+0[12]:00$/;

export const Output = z.object({
  dueDate: z.iso.date(),
  dueAt: z.string().regex(STOCKHOLM_08),
  reminderAt: z.string().regex(STOCKHOLM_08).optional(),
  overdueAt: z.string().regex(STOCKHOLM_MIDNIGHT),
});

/** The `reminderDays` property as a whole number of days, undefined when the task has none. */
function reminderDaysOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 366) {
    throw new IncidentError(
      `Ogiltig property reminderDays / invalid property reminderDays: ${JSON.stringify(value)}; expected whole days 1–366`,
    );
  }
  return days;
}

/** Computes the due date of the property's rule; a missing input or unknown group is an incident, not a retry. */
export async function handle(input: z.infer<typeof Input>, ctx: JobContext): Promise<z.infer<typeof Output>> {
  const rule = ctx.customHeaders.rule;
  if (!isDueDateRule(rule)) {
    throw new IncidentError(
      `Okänd eller saknad property rule / unknown or missing property rule: ${JSON.stringify(rule ?? null)}; expected one of ${DUE_DATE_RULES.join(', ')}`,
    );
  }
  const reminderDays = reminderDaysOf(ctx.customHeaders.reminderDays);
  try {
    return await dueDateFor(ctx.trx, {
      rule,
      ...(input.from ? { from: input.from } : {}),
      ...(input.group ? { group: input.group } : {}),
      ...(input.until ? { until: input.until } : {}),
      ...(reminderDays !== undefined ? { reminderDays } : {}),
    });
  } catch (err) {
    if (err instanceof DueDateInputError)
      throw new IncidentError(`Kan inte beräkna förfallodatum / cannot compute due date (${rule}): ${err.message}`);
    throw err;
  }
}

export default defineWorker({ jobType, Input, Output, handle, timeoutMs: 10_000, maxParallelJobs: 32 });
