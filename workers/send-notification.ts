import { z } from 'zod';

import { config } from '../src/config.js';
import { parseStockholmDateTime } from '../src/domain/calendar.js';
import { notify } from '../src/services/notifications.js';
import {
  isNotificationTemplate,
  MEETING_KINDS,
  NOTIFICATION_TEMPLATES,
  TemplateInputError,
} from '../src/services/notificationTemplates.js';
import { IncidentError } from './runtime/errors.js';
import { defineWorker, type JobContext } from './runtime/runJob.js';

/**
 * send-notification: property `template` (one of NOTIFICATION_TEMPLATES); variables `caseId`, `recipientGroups` (+
 * `alsoRecipientGroups`, merged)
 * (group codes → active members) and/or `recipientUsers` (usernames), `dueAt` (deadline templates), `meetingAt`
 * and optional `meetingKind` / `meetingDurationMinutes` (meeting-invitation). Writes one outbox mail and one in-app
 * notification per recipient in the job's transaction (transactional outbox); the outbox sender mails them later.
 * Completes with no variables.
 */
export const jobType = 'send-notification';

// ISO date-time; seconds optional; no offset = Stockholm local time. Null (an unset FEEL variable) = absent.
const dateTime = z
  .string()
  .refine((s) => parseStockholmDateTime(s) !== undefined, 'expected an ISO date-time, e.g. 2026-12-29T09:00:00+01:00');

export const Input = z.object({
  caseId: z.string().min(1),
  recipientGroups: z.array(z.string().min(1)).nullish(),
  /** More groups, e.g. the samtycke's parties (`partyGroups`, null before they are known); merged without repeats. */
  alsoRecipientGroups: z.array(z.string().min(1)).nullish(),
  recipientUsers: z.array(z.string().min(1)).nullish(),
  dueAt: dateTime.nullish(),
  meetingAt: dateTime.nullish(),
  meetingKind: z.enum(MEETING_KINDS).nullish(),
  meetingDurationMinutes: z.number().int().min(5).max(600).nullish(),
});

export const Output = z.object({});

const baseUrl = () => {
  const cfg = config();
  return cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`;
};

/** Queues the notification for every recipient; a missing template input or no recipients at all is an incident. */
export async function handle(input: z.infer<typeof Input>, ctx: JobContext): Promise<z.infer<typeof Output>> {
  const template = ctx.customHeaders.template;
  if (!isNotificationTemplate(template)) {
    throw new IncidentError(
      `Okänd eller saknad header template / unknown or missing header template: ${JSON.stringify(template ?? null)}; expected one of ${NOTIFICATION_TEMPLATES.join(', ')}`,
    );
  }
  // Neither variable set is a modelling error; an empty list (e.g. no parties yet) is data and only logged below.
  if (input.recipientGroups == null && input.recipientUsers == null) {
    throw new IncidentError('Inga mottagare angivna / no recipients: set recipientGroups or recipientUsers');
  }
  const recipientGroups = [...new Set([...(input.recipientGroups ?? []), ...(input.alsoRecipientGroups ?? [])])];
  const recipientUsers = input.recipientUsers ?? [];
  try {
    const result = await notify(ctx.trx, {
      template,
      caseId: input.caseId,
      recipientGroups,
      recipientUsers,
      sourceKey: ctx.jobKey,
      // to the person who acts for each group in the case; the model's property reach=groups sends to every member
      reach: ctx.customHeaders.reach === 'groups' ? 'groups' : 'actors',
      baseUrl: baseUrl(),
      ...(input.dueAt ? { dueAt: parseStockholmDateTime(input.dueAt)! } : {}),
      ...(input.meetingAt ? { meetingAt: parseStockholmDateTime(input.meetingAt)! } : {}),
      ...(input.meetingKind ? { meetingKind: input.meetingKind } : {}),
      ...(input.meetingDurationMinutes ? { meetingDurationMinutes: input.meetingDurationMinutes } : {}),
    });
    // An empty group is not a failure of this job (membership is administered elsewhere), but someone should know.
    if (result.recipients === 0) ctx.log.warn({ template, recipientGroups }, 'notification has no active recipients');
    else
      ctx.log.info({ template, recipients: result.recipients, newMessages: result.newMessages }, 'notification queued');
    return {};
  } catch (err) {
    if (err instanceof TemplateInputError)
      throw new IncidentError(`Meddelandet kan inte skapas / cannot render notification: ${err.message}`);
    throw err;
  }
}

export default defineWorker({ jobType, Input, Output, handle });
