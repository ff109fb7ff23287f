import { z } from 'zod';

import { recordMeeting } from '../src/services/caseWork.js';
import { IncidentError } from './runtime/errors.js';
import { defineWorker } from './runtime/runJob.js';

/**
 * record-meeting: a meeting called (`meetingAt`) or held (`heldOn`) in any routine. `meetingType` and
 * `participants` come from the task's input parameters; the dates from the preceding user task. A null entry in
 * `participants` is a participant the model includes only on a condition (e.g. AF when it attended) and is dropped.
 */
export const jobType = 'record-meeting';
export const Input = z.object({
  caseId: z.string().min(1),
  meetingType: z.enum([
    'planeringstraff',
    'flerpartsmote',
    'kt1-inskrivning',
    'kt1-halsa',
    'kt2',
    'kt3',
    'kt-extra',
    'informationsmote',
    'uppstartstraff',
    'uppfoljningstraff-1',
    'uppfoljningstraff-2',
  ]),
  meetingAt: z.string().nullish(),
  heldOn: z.iso.date().nullish(),
  participants: z
    .array(z.string().nullable())
    .default([])
    .transform((ps) => ps.filter((p): p is string => p !== null && p !== '')),
});
export const Output = z.object({});

export default defineWorker({
  jobType,
  Input,
  Output,
  handle: async (input, ctx) => {
    if (!input.meetingAt && !input.heldOn)
      throw new IncidentError('record-meeting needs meetingAt (kallad) or heldOn (hållen)');
    await recordMeeting(ctx.trx, {
      caseId: input.caseId,
      meetingType: input.meetingType,
      meetingAt: input.meetingAt ?? null,
      heldOn: input.heldOn ?? null,
      participants: input.participants,
      jobKey: ctx.jobKey,
    });
    return {};
  },
});
