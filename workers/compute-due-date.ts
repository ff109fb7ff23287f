import { z } from 'zod';
import { DueDateInputError, DUE_DATE_RULES, isDueDateRule } from '../src/domain/deadlines.js';
import { dueDateFor } from '../src/services/dueDates.js';
import { IncidentError } from './runtime/errors.js';
import { defineWorker, type JobContext } from './runtime/runJob.js';

/**
 * compute-due-date: header `rule` (one of DUE_DATE_RULES); variables `from` (date or date-time, default today in
 * Stockholm), `group` (beredning group code) and `until` (programme end date) where the rule needs them.
 * Output `{ dueDate: 'YYYY-MM-DD', dueAt: '<date-time at 08:00 Stockholm with offset>' }`; map it to a
 * rule-specific variable with an output mapping when a process keeps several due dates.
 */
export const jobType = 'compute-due-date';

// Null (an unset FEEL variable in an input mapping) counts as absent.
export const Input = z.object({
  caseId: z.string().min(1).nullish(),
  from: z.string().min(10).nullish(),
  group: z.string().min(1).nullish(),
  until: z.iso.date().nullish(),
});

export const Output = z.object({
  dueDate: z.iso.date(),
  dueAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T08:00:00\+0[12]:00$/),
});

/** Computes the due date of the header's rule; a missing input or unknown group is an incident, not a retry. */
export async function handle(input: z.infer<typeof Input>, ctx: JobContext): Promise<z.infer<typeof Output>> {
  const rule = ctx.customHeaders.rule;
  if (!isDueDateRule(rule)) {
    throw new IncidentError(`Okänd eller saknad header rule / unknown or missing header rule: ${JSON.stringify(rule ?? null)}; expected one of ${DUE_DATE_RULES.join(', ')}`);
  }
  try {
    return await dueDateFor(ctx.trx, { rule, ...(input.from ? { from: input.from } : {}), ...(input.group ? { group: input.group } : {}), ...(input.until ? { until: input.until } : {}) });
  } catch (err) {
    if (err instanceof DueDateInputError) throw new IncidentError(`Kan inte beräkna förfallodatum / cannot compute due date (${rule}): ${err.message}`);
    throw err;
  }
}

export default defineWorker({ jobType, Input, Output, handle, timeoutMs: 10_000, maxParallelJobs: 32 });
