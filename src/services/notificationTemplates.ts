import { renderIcs } from './ics.js';

/**
 * Swedish notification templates. Mails leave our systems and the recipient's organisation may not see the case
 * content (OSL), so a message carries only the pseudonymous case id, dates and a link: no names, no personnummer,
 * no journal text.
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

/** Meeting kinds for invitations; the label is the event title. */
export const MEETING_KINDS = {
  planeringstraff: 'Planeringsträff',
  flerpartsmote: 'Flerpartsmöte',
  uppfoljning: 'Uppföljningsmöte',
  kartlaggningstraff: 'Kartläggningsträff',
  uppstartstraff: 'Uppstartsträff',
  beredning: 'Beredningsmöte',
  mote: 'Möte',
} as const;
export type MeetingKind = keyof typeof MEETING_KINDS;

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

// Date and time formatted apart: whether ICU puts "kl." between them differs between Node builds.
const dateSv = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' });
const timeSv = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A date-time as Swedish users read it, in Europe/Stockholm, e.g. '29 december 2026 kl. 08:00'. */
export function formatDateTimeSv(at: Date): string {
  return `${dateSv.format(at)} kl. ${timeSv.format(at)}`;
}

const FOOTER = [
  '',
  '—',
  'Det här är ett automatiskt meddelande från Samverkan, Arbetsmarknadstorgen (Samordningsförbundet Umeåregionen).',
  'Meddelandet innehåller inga personuppgifter. Logga in för att se ärendet. Svara inte på det här meddelandet.',
];

/** True when `s` names a known template. */
export function isNotificationTemplate(s: unknown): s is NotificationTemplate {
  return typeof s === 'string' && (NOTIFICATION_TEMPLATES as readonly string[]).includes(s);
}

/** Renders subject, body, in-app title and (for invitations) the ICS attachment. */
export function renderNotification(input: TemplateInput): RenderedNotification {
  const link = `/arenden/${encodeURIComponent(input.caseId)}`;
  const url = `${input.baseUrl.replace(/\/$/, '')}${link}`;
  const c = input.caseId;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new TemplateInputError(`template ${input.template} needs ${what}`);
    return value;
  };
  const body = (...lines: string[]) => [...lines, '', `Öppna ärendet: ${url}`, ...FOOTER].join('\n');

  switch (input.template) {
    case 'task-waiting':
      return {
        subject: `Ny uppgift väntar – ärende ${c}`,
        title: `Ny uppgift i ärende ${c}`,
        bodyText: body('Hej!', '', `Det finns en ny uppgift för din grupp i ärende ${c}.`),
        link,
      };
    case 'deadline-near': {
      const due = formatDateTimeSv(need(input.dueAt, 'dueAt'));
      return {
        subject: `Påminnelse: tidsfrist ${due} – ärende ${c}`,
        title: `Tidsfrist närmar sig i ärende ${c} (${due})`,
        bodyText: body('Hej!', '', `En uppgift i ärende ${c} ska vara klar senast ${due}.`),
        link,
      };
    }
    case 'deadline-missed': {
      const due = input.dueAt ? ` (${formatDateTimeSv(input.dueAt)})` : '';
      return {
        subject: `Tidsfrist passerad – ärende ${c}`,
        title: `Tidsfristen har passerats i ärende ${c}`,
        bodyText: body(
          'Hej!',
          '',
          `Tidsfristen${due} för en uppgift i ärende ${c} har passerats. Ärendet har eskalerats till er.`,
          'Se till att uppgiften blir utförd eller fördelad.',
        ),
        link,
      };
    }
    case 'beredning-decision-ready':
      return {
        subject: `Beredningsbeslut klart – ärende ${c}`,
        title: `Beredningsgruppen har fattat beslut i ärende ${c}`,
        bodyText: body(
          'Hej!',
          '',
          `Beredningsgruppen har fattat beslut i ärende ${c}. Beslutet och eventuell motivering finns i ärendet.`,
        ),
        link,
      };
    case 'feedback-ready':
      return {
        subject: `Återkoppling – ärende ${c}`,
        title: `Återkoppling finns i ärende ${c}`,
        bodyText: body('Hej!', '', `Det finns en återkoppling till er i ärende ${c}.`),
        link,
      };
    case 'meeting-invitation': {
      const start = need(input.meetingAt, 'meetingAt');
      const kind = MEETING_KINDS[input.meetingKind ?? 'mote'];
      const when = formatDateTimeSv(start);
      const summary = `${kind} – ärende ${c}`;
      return {
        subject: `Kallelse: ${kind} ${when} – ärende ${c}`,
        title: `Kallelse till ${kind.toLowerCase()} ${when} (ärende ${c})`,
        bodyText: body(
          'Hej!',
          '',
          `Du kallas till ${kind.toLowerCase()} i ärende ${c} den ${when}.`,
          'Kalenderinbjudan finns bifogad. Plats och deltagare framgår av ärendet.',
        ),
        link,
        ics: renderIcs({
          uid: `${input.messageKey}@samverkan`,
          start,
          durationMinutes: input.meetingDurationMinutes ?? 60,
          summary,
          description: `Se ärendet: ${url}`,
          url,
          stamp: input.now,
        }),
      };
    }
    case 'consent-withdrawn':
      return {
        subject: `Samtycke återkallat – ärende ${c} avbrutet`,
        title: `Samtycket har återkallats i ärende ${c}`,
        bodyText: body(
          'Hej!',
          '',
          `Samtycket i ärende ${c} har återkallats. Ärendet är avbrutet och inga fler uppgifter får delas mellan parterna.`,
          'Öppna uppgifter i ärendet har avslutats.',
        ),
        link,
      };
    case 'task-assigned': {
      const taskLink = input.taskId ? `/uppgifter/${encodeURIComponent(input.taskId)}` : link;
      const what = c ? ` i ärende ${c}` : '';
      return {
        subject: `Du har fått en uppgift${what ? ` – ärende ${c}` : ''}`,
        title: `En kollega har tilldelat dig en uppgift${what}`,
        bodyText: [
          'Hej!',
          '',
          `En kollega har tilldelat dig en uppgift${what}.`,
          '',
          `Öppna uppgiften: ${input.baseUrl.replace(/\/$/, '')}${taskLink}`,
          ...FOOTER,
        ].join('\n'),
        link: taskLink,
      };
    }
    default: {
      const unknown: never = input.template;
      throw new TemplateInputError(`unknown template ${String(unknown)}`);
    }
  }
}
