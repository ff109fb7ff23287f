import { z } from 'zod';

import { checkReferralCriteria } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/**
 * check-referral-criteria: målgrupp and age band, folkbokföring → beredning group, informed of the aim, ready for
 * change, a signed and valid samtycke. "Not met" is a result routed by a gateway, never an error.
 */
export const jobType = 'check-referral-criteria';
export const Input = z.object({ caseId: z.string().min(1) });
export const Output = z.object({
  criteriaMet: z.boolean(),
  rejectionReason: z.string().nullable(),
  beredningGroup: z.string().nullable(),
});

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: (input, ctx) => checkReferralCriteria(ctx.trx, { caseId: input.caseId, jobKey: ctx.jobKey }),
});
