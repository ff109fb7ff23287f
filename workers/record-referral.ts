import { z } from 'zod';

import { recordReferral } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/**
 * record-referral: links the samverkan-case instance to its case row and returns the samtycke's parties and, for a
 * kranskommun resident aktualiserad to a torg, that torg (`handoverTorg`, else null; the beredning form asks the
 * hemkommun's group at a nej whether the torg should take the case).
 */
export const jobType = 'record-referral';
export const Input = z.object({ caseId: z.string().min(1) });
export const Output = z.object({ partyGroups: z.array(z.string()), handoverTorg: z.string().nullable() });

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: (input, ctx) =>
    recordReferral(ctx.trx, { caseId: input.caseId, processInstanceKey: ctx.processInstanceKey, jobKey: ctx.jobKey }),
});
