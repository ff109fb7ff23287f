import { z } from 'zod';

import { RecommendedPartiesError, recordBeredningDecision } from '../src/services/caseWork.js';
import { IncidentError } from './runtime/errors.js';
import { defineWorker } from './runtime/runJob.js';

/**
 * record-beredning-decision: ja starts the participation with the parties the group recommends (under the samtycke) as
 * the kartläggning parties; nej requires a motivering, the rekommendation is optional.
 */
export const jobType = 'record-beredning-decision';
export const Input = z.object({
  caseId: z.string().min(1),
  beredningGroup: z.string().min(1),
  beredningMeetingDate: z.iso.date(),
  beredningDecision: z.enum(['ja', 'nej']),
  motivering: z.string().nullish(),
  rekommendation: z.string().nullish(),
  /** Org codes the group named at a ja; absent in instances whose form did not ask (then: all parties under the samtycke). */
  recommendedParties: z.array(z.string().min(1)).nullish(),
  /** At a nej for a kranskommun resident aktualiserad to a torg: the group judges that the torg should take the case. */
  torgetBorTa: z.boolean().nullish(),
});
export const Output = z.object({ kartlaggningParties: z.array(z.string()).optional() });

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    const motivering = input.motivering?.trim() || null;
    const rekommendation = input.rekommendation?.trim() || null;
    if (input.beredningDecision === 'nej' && !motivering) {
      // The form requires it; reaching here means the form was bypassed. An operator must fix the data.
      throw new IncidentError('Beslut nej saknar motivering / a no needs a motivering');
    }
    try {
      const { kartlaggningParties } = await recordBeredningDecision(ctx.trx, {
        caseId: input.caseId,
        beredningGroup: input.beredningGroup,
        meetingDate: input.beredningMeetingDate,
        decision: input.beredningDecision,
        motivering,
        rekommendation,
        recommendedParties: input.recommendedParties ?? null,
        torgShouldTake: input.torgetBorTa ?? null,
        jobKey: ctx.jobKey,
      });
      return kartlaggningParties ? { kartlaggningParties } : {};
    } catch (err) {
      if (err instanceof RecommendedPartiesError) throw new IncidentError(err.message);
      throw err;
    }
  },
});
