/**
 * A small RFC 5545 (iCalendar) writer for meeting invitations: one VEVENT in Europe/Stockholm with its VTIMEZONE,
 * CRLF line endings, TEXT escaping and line folding at 75 octets.
 *
 * Hand-written on purpose: the `ics` package (the common generator on npm) writes times only in UTC or as floating
 * local time and has no TZID or VTIMEZONE. A meeting here is a Stockholm wall-clock time; written with its TZID it
 * stays at that time in every client, also across a change to or from summer time, and shows in the Swedish zone.
 */

export interface IcsEvent {
  /** Globally unique and stable: the outbox idempotency key, so a re-sent invitation updates the same event. */
  uid: string;
  start: Date;
  durationMinutes: number;
  summary: string;
  description?: string;
  url?: string;
  /** DTSTAMP: when the invitation was created. */
  stamp: Date;
}

const TZID = 'Europe/Stockholm';

// The EU rule since 1996; clients use it only when they have no tz database of their own.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const localParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZID,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Stockholm wall-clock time of an instant as an iCalendar local DATE-TIME (YYYYMMDDTHHMMSS). */
export function stockholmIcsDateTime(at: Date): string {
  const p = Object.fromEntries(localParts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
}

/** An instant in UTC as an iCalendar DATE-TIME (YYYYMMDDTHHMMSSZ). */
export function utcIcsDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per line, never splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** Renders a one-event calendar (METHOD:PUBLISH: we send invitations, RSVPs are not tracked). */
export function renderIcs(event: IcsEvent): string {
  const end = new Date(event.start.getTime() + event.durationMinutes * 60_000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samordningsförbundet Umeåregionen//Samverkan//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcIcsDateTime(event.stamp)}`,
    `DTSTART;TZID=${TZID}:${stockholmIcsDateTime(event.start)}`,
    `DTEND;TZID=${TZID}:${stockholmIcsDateTime(end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
