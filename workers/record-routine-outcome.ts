import { z } from 'zod';

import { recordRoutineOutcome } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** record-routine-outcome: ends an etablering or arbetsprövning case with its outcome code. */
export const jobType = 'record-routine-outcome';
export const Input = z.object({ caseId: z.string().min(1), outcome: z.string().min(1).max(60) });
export const Output = z.object({});

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    await recordRoutineOutcome(ctx.trx, { caseId: input.caseId, outcome: input.outcome, jobKey: ctx.jobKey });
    return {};
  },
});
