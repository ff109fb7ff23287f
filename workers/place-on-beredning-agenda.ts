import { z } from 'zod';

import { placeOnBeredningAgenda } from '../src/services/caseWork.js';
import { defineWorker } from './runtime/runJob.js';

/** place-on-beredning-agenda: the case goes on the agenda of its group's next meeting (computed by compute-due-date). */
export const jobType = 'place-on-beredning-agenda';
export const Input = z.object({
  caseId: z.string().min(1),
  beredningGroup: z.string().min(1),
  beredningMeetingDate: z.iso.date(),
});
export const Output = z.object({});

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    await placeOnBeredningAgenda(ctx.trx, {
      caseId: input.caseId,
      beredningGroup: input.beredningGroup,
      meetingDate: input.beredningMeetingDate,
      jobKey: ctx.jobKey,
    });
    return {};
  },
});
