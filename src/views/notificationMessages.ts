import { renderIcs } from '../services/ics.js';
import {
  type NotificationTemplate,
  type RenderedNotification,
  type TemplateInput,
  TemplateInputError,
} from '../services/notificationTemplates.js';
import { formatDateTimeSv, notificationSv as t } from '../ui/notificationTexts.sv.js';

/**
 * Renders a notification in Swedish: mail subject and body, the in-app title and link, and (for invitations) the ICS
 * attachment. The notification service calls it when it queues a message (the outbox keeps what was sent).
 */
export function renderNotification(input: TemplateInput): RenderedNotification {
  const link = `/arenden/${encodeURIComponent(input.caseId)}`;
  const base = input.baseUrl.replace(/\/$/, '');
  const url = `${base}${link}`;
  const c = input.caseId;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new TemplateInputError(`template ${input.template} needs ${what}`);
    return value;
  };
  const body = (lines: readonly string[], open = t.openCase(url)) =>
    [t.greeting, '', ...lines, '', open, ...t.footer].join('\n');
  /** A message that names only the case. */
  const aboutCase = (m: {
    subject(c: string): string;
    title(c: string): string;
    body(c: string): readonly string[];
  }): RenderedNotification => ({ subject: m.subject(c), title: m.title(c), bodyText: body(m.body(c)), link });
  const template: NotificationTemplate = input.template;

  switch (template) {
    case 'task-waiting':
      return aboutCase(t.taskWaiting);
    case 'deadline-near': {
      const due = formatDateTimeSv(need(input.dueAt, 'dueAt'));
      return {
        subject: t.deadlineNear.subject(c, due),
        title: t.deadlineNear.title(c, due),
        bodyText: body(t.deadlineNear.body(c, due)),
        link,
      };
    }
    case 'deadline-missed': {
      const due = input.dueAt ? ` (${formatDateTimeSv(input.dueAt)})` : '';
      return {
        subject: t.deadlineMissed.subject(c),
        title: t.deadlineMissed.title(c),
        bodyText: body(t.deadlineMissed.body(c, due)),
        link,
      };
    }
    case 'beredning-decision-ready':
      return aboutCase(t.beredningDecisionReady);
    case 'feedback-ready':
      return aboutCase(t.feedbackReady);
    case 'meeting-invitation': {
      const start = need(input.meetingAt, 'meetingAt');
      const kind = t.meetingKinds[input.meetingKind ?? 'mote'];
      const when = formatDateTimeSv(start);
      const m = t.meetingInvitation;
      return {
        subject: m.subject(kind, when, c),
        title: m.title(kind, when, c),
        bodyText: body(m.body(kind, when, c)),
        link,
        ics: renderIcs({
          uid: `${input.messageKey}@samverkan`,
          start,
          durationMinutes: input.meetingDurationMinutes ?? 60,
          summary: m.summary(kind, c),
          description: m.description(url),
          url,
          stamp: input.now,
        }),
      };
    }
    case 'consent-withdrawn':
      return aboutCase(t.consentWithdrawn);
    case 'task-assigned': {
      const taskLink = input.taskId ? `/uppgifter/${encodeURIComponent(input.taskId)}` : link;
      const what = t.taskAssigned.inCase(c);
      return {
        subject: t.taskAssigned.subject(c),
        title: t.taskAssigned.title(what),
        bodyText: body(t.taskAssigned.body(what), t.openTask(`${base}${taskLink}`)),
        link: taskLink,
      };
    }
    default: {
      const unknown: never = template;
      throw new TemplateInputError(`unknown template ${String(unknown)}`);
    }
  }
}
