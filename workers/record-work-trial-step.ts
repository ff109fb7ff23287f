import { z } from 'zod';

import { recordWorkTrialStep } from '../src/services/caseWork.js';
import { IncidentError } from './runtime/errors.js';
import { defineWorker } from './runtime/runJob.js';

/**
 * record-work-trial-step: header `step` = sent-to-af | af-answer | trial-start. At trial-start it measures
 * inventering (`inventoryDate`, from the inventering form) → start against the 2-week target and returns `startLate`.
 */
export const jobType = 'record-work-trial-step';
export const Input = z.object({
  caseId: z.string().min(1),
  afAnswer: z.enum(['aktiv_planering', 'arenor_for_provning']).nullish(),
  trialStartDate: z.iso.date().nullish(),
  inventoryDate: z.iso.date().nullish(),
});
export const Output = z.object({ startLate: z.boolean().optional() });
const Step = z.enum(['sent-to-af', 'af-answer', 'trial-start']);

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: (input, ctx) => {
    const step = Step.safeParse(ctx.customHeaders.step);
    if (!step.success)
      throw new IncidentError(
        `Okänd header step / unknown header step: ${JSON.stringify(ctx.customHeaders.step ?? null)}`,
      );
    if (step.data === 'af-answer' && !input.afAnswer) throw new IncidentError('step af-answer needs afAnswer');
    return recordWorkTrialStep(ctx.trx, {
      caseId: input.caseId,
      step: step.data,
      afAnswer: input.afAnswer ?? undefined,
      trialStartDate: input.trialStartDate ?? undefined,
      inventoryDate: input.inventoryDate ?? undefined,
      jobKey: ctx.jobKey,
    });
  },
});
