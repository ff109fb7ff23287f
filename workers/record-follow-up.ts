import { z } from 'zod';

import { recordFollowUp } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** record-follow-up: an uppföljning with its outcome (enligt plan, avvikelse → flerpartsmöte, avslut). */
export const jobType = 'record-follow-up';
export const Input = z.object({
  caseId: z.string().min(1),
  followUpHeldOn: z.iso.date(),
  followUpOutcome: z.enum(['enligt_plan', 'avvikelse', 'avslut']),
});
/** `followUpFrom`: the next uppföljning is counted from the day this one was held. */
export const Output = z.object({ followUpFrom: z.iso.date() });

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    await recordFollowUp(ctx.trx, {
      caseId: input.caseId,
      heldOn: input.followUpHeldOn,
      outcome: input.followUpOutcome,
      jobKey: ctx.jobKey,
    });
    return { followUpFrom: input.followUpHeldOn };
  },
});
