import { z } from 'zod';

import { VERKSAMHETER } from '../src/domain/organisations.js';
import { createReferralFromKt2 } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/**
 * start-referral-from-kt2: KT2 found new needs. Creates the linked samverkan case and its samtycke and returns its
 * id; the BPMN then throws the signal EtableringReferralRequested, whose signal start event starts samverkan-case.
 * (No engine call here: the start happens inside the engine, exactly once, after this job's commit.)
 */
export const jobType = 'start-referral-from-kt2';
export const Input = z.object({
  caseId: z.string().min(1),
  referralVerksamhet: z.enum(VERKSAMHETER),
  referralTargetGroup: z.string().min(1),
  informedOfAim: z.boolean(),
  readyForChange: z.boolean(),
  /** The KT2 form's "informerad om vad ett samtycke till samverkan innebär" (absent in instances whose form did not ask). */
  informedOfConsent: z.boolean().nullish(),
  consentParties: z.array(z.string().min(1)).min(1),
  consentValidTo: z.iso.date(),
  consentSignedCopyGiven: z.boolean(),
});
export const Output = z.object({ referralCaseId: z.string() });

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: (input, ctx) =>
    createReferralFromKt2(ctx.trx, {
      etableringCaseId: input.caseId,
      verksamhet: input.referralVerksamhet,
      targetGroup: input.referralTargetGroup,
      informedOfAim: input.informedOfAim,
      readyForChange: input.readyForChange,
      informedOfConsent: input.informedOfConsent ?? null,
      consentParties: input.consentParties,
      consentValidTo: input.consentValidTo,
      consentSignedCopyGiven: input.consentSignedCopyGiven,
      jobKey: ctx.jobKey,
    }),
  maxParallelJobs: 8,
});
