import { z } from 'zod';

import { recordPlan } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** record-plan: a new version of the samverkansplan (steps per party, each with a date) and the ärendebärare. */
export const jobType = 'record-plan';
export const Input = z.object({
  caseId: z.string().min(1),
  arendebarareOrg: z.string().min(1),
  inriktning: z.enum([
    'arbetsinriktade',
    'studieinriktade',
    'arbetslivsinriktade',
    'tidiga_insatser',
    'ej_arbetslinjen',
  ]),
  planSteps: z
    .array(z.object({ party: z.string().min(1), description: z.string().min(1).max(200), dueDate: z.iso.date() }))
    .min(1),
  /** The day the plan was set (the planeringsträff or flerpartsmöte); the next uppföljning is counted from it. */
  planSetOn: z.iso.date(),
});
/** `followUpFrom`: the date the next uppföljning is counted from (the plan was set). */
export const Output = z.object({ planVersion: z.number().int(), followUpFrom: z.iso.date() });

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    const { planVersion } = await recordPlan(ctx.trx, {
      caseId: input.caseId,
      arendebarareOrg: input.arendebarareOrg,
      inriktning: input.inriktning,
      steps: input.planSteps,
      jobKey: ctx.jobKey,
    });
    return { planVersion, followUpFrom: input.planSetOn };
  },
});
