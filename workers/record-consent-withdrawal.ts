import { z } from 'zod';

import { recordConsentWithdrawal } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** record-consent-withdrawal: the case ends as avbrott_ovrigt with the reason "samtycke återkallat". */
export const jobType = 'record-consent-withdrawal';
export const Input = z.object({ caseId: z.string().min(1) });
export const Output = z.object({});

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    await recordConsentWithdrawal(ctx.trx, { caseId: input.caseId, jobKey: ctx.jobKey });
    return {};
  },
});
