import { z } from 'zod';

import { AVSLUTSORSAKER } from '../src/domain/bokslut.js';
import { recordCaseClosure } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** record-case-closure: avslut with exactly one avslutsorsak and an end date. */
export const jobType = 'record-case-closure';
export const Input = z.object({
  caseId: z.string().min(1),
  avslutsorsak: z.enum(AVSLUTSORSAKER),
  endDate: z.iso.date(),
});
export const Output = z.object({});

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    await recordCaseClosure(ctx.trx, {
      caseId: input.caseId,
      avslutsorsak: input.avslutsorsak,
      endDate: input.endDate,
      jobKey: ctx.jobKey,
    });
    return {};
  },
});
