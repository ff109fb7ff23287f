/**
 * The notification templates as codes, and what rendering one takes. The Swedish texts are in
 * `src/ui/notificationTexts.sv.ts`, rendered by `src/views/notificationMessages.ts`. Mails leave our systems and the
 * recipient's organisation may not see the case content (OSL), so a message carries only the pseudonymous case id,
 * dates and a link: no names, no personnummer, no journal text.
 */
export const NOTIFICATION_TEMPLATES = [
  'task-waiting',
  'deadline-near',
  'deadline-missed',
  'beredning-decision-ready',
  'feedback-ready',
  'meeting-invitation',
  'consent-withdrawn',
  'task-assigned',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

/** Meeting kinds of invitations (the view names them; the name is the event title). */
export const MEETING_KINDS = [
  'planeringstraff',
  'flerpartsmote',
  'uppfoljning',
  'kartlaggningstraff',
  'uppstartstraff',
  'beredning',
  'mote',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export interface TemplateInput {
  template: NotificationTemplate;
  caseId: string;
  /** Base URL of the web app, e.g. https://samverkan.example.se */
  baseUrl: string;
  /** A due date-time (deadline templates). */
  dueAt?: Date;
  /** Meeting start (meeting-invitation). */
  meetingAt?: Date;
  meetingKind?: MeetingKind;
  meetingDurationMinutes?: number;
  /** Stable id of this message (the outbox idempotency key): the ICS UID. */
  messageKey: string;
  /** Creation time (ICS DTSTAMP). */
  now: Date;
  /** The task the message is about (task-assigned links to it). */
  taskId?: string;
}

export interface RenderedNotification {
  subject: string;
  bodyText: string;
  /** Short title for the in-app notification. */
  title: string;
  /** Path in the app the notification links to. */
  link: string;
  ics?: string;
}

/** A template cannot be rendered from the given input (e.g. an invitation without a meeting time). */
export class TemplateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateInputError';
  }
}

/** True when `s` names a known template. */
export function isNotificationTemplate(s: unknown): s is NotificationTemplate {
  return typeof s === 'string' && (NOTIFICATION_TEMPLATES as readonly string[]).includes(s);
}
