import { z } from 'zod';

import { recordReferral } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** record-referral: links the samverkan-case instance to its case row and returns the samtycke's parties. */
export const jobType = 'record-referral';
export const Input = z.object({ caseId: z.string().min(1) });
export const Output = z.object({ partyGroups: z.array(z.string()) });

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: (input, ctx) =>
    recordReferral(ctx.trx, { caseId: input.caseId, processInstanceKey: ctx.processInstanceKey, jobKey: ctx.jobKey }),
});
