import { escapeText, foldLine, renderIcs, stockholmIcsDateTime } from '../../src/services/ics.js';
import { NOTIFICATION_TEMPLATES, TemplateInputError } from '../../src/services/notificationTemplates.js';
import { formatDateTimeSv } from '../../src/ui/notificationTexts.sv.js';
import { renderNotification } from '../../src/views/notificationMessages.js';

const base = {
  caseId: 'SV-2026-00042',
  baseUrl: 'https://samverkan.example.se/',
  messageKey: '2251799813685321:af.handlaggare',
  now: new Date('2026-11-23T10:00:00Z'),
  dueAt: new Date('2026-12-29T08:00:00+01:00'),
  meetingAt: new Date('2026-06-15T09:30:00+02:00'),
};

describe('notification templates', () => {
  test.each(NOTIFICATION_TEMPLATES.map((t) => [t]))(
    'when %s is rendered, then it names the case, links to it and holds no personal data',
    (template) => {
      // when
      const n = renderNotification({ ...base, template });
      // then
      expect(n.subject).toContain('SV-2026-00042');
      expect(n.title).toContain('SV-2026-00042');
      expect(n.link).toBe('/arenden/SV-2026-00042');
      expect(n.bodyText).toContain('https://samverkan.example.se/arenden/SV-2026-00042');
      expect(n.bodyText).toContain('inga personuppgifter');
      expect(`${n.subject}\n${n.bodyText}`).not.toMatch(/\d{6,8}[-+]?\d{4}/); // no personnummer-like strings
    },
  );

  test('when a deadline reminder is rendered, then the due time is in Swedish Stockholm time', () => {
    const n = renderNotification({ ...base, template: 'deadline-near' });
    expect(n.subject).toContain('29 december 2026 kl. 08:00');
    expect(formatDateTimeSv(new Date('2026-07-01T06:00:00Z'))).toBe('1 juli 2026 kl. 08:00');
  });

  test('when a meeting invitation is rendered, then it carries an ICS with the message key as UID', () => {
    const n = renderNotification({ ...base, template: 'meeting-invitation', meetingKind: 'planeringstraff' });
    expect(n.subject).toBe('Kallelse: Planeringsträff 15 juni 2026 kl. 09:30 – ärende SV-2026-00042');
    expect(n.ics).toContain('UID:2251799813685321:af.handlaggare@samverkan\r\n');
    expect(n.ics).toContain('DTSTART;TZID=Europe/Stockholm:20260615T093000\r\n');
    expect(n.ics).toContain('DTEND;TZID=Europe/Stockholm:20260615T103000\r\n');
  });

  test('when an invitation lacks meetingAt or a reminder lacks dueAt, then a TemplateInputError names it', () => {
    expect(() => renderNotification({ ...base, meetingAt: undefined, template: 'meeting-invitation' })).toThrow(
      TemplateInputError,
    );
    expect(() => renderNotification({ ...base, dueAt: undefined, template: 'deadline-near' })).toThrow(/needs dueAt/);
  });
});

describe('ICS (RFC 5545)', () => {
  const ics = renderIcs({
    uid: 'key-1@samverkan',
    start: new Date('2026-12-29T08:00:00Z'),
    durationMinutes: 90,
    summary: 'Uppföljningsmöte; ärende SV-1, del 2',
    description:
      'Rad ett\nRad två med en mycket lång text som måste vikas eftersom raden blir längre än sjuttiofem oktetter',
    url: 'https://samverkan.example.se/arenden/SV-1',
    stamp: new Date('2026-11-23T10:00:00.123Z'),
  });
  const lines = ics.split('\r\n');

  test('when rendered, then every line ends in CRLF and none exceeds 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  });

  test('when rendered, then it has one VEVENT in Europe/Stockholm with its VTIMEZONE and required properties', () => {
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
    expect(unfolded).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n');
    expect(unfolded).toContain('DTSTAMP:20261123T100000Z\r\n');
    expect(unfolded).toContain('DTSTART;TZID=Europe/Stockholm:20261229T090000\r\n'); // 08:00 UTC = 09:00 CET
    expect(unfolded).toContain('DTEND;TZID=Europe/Stockholm:20261229T103000\r\n');
    expect(unfolded).toContain('SUMMARY:Uppföljningsmöte\\; ärende SV-1\\, del 2\r\n');
    expect(unfolded).toContain('DESCRIPTION:Rad ett\\nRad två med en mycket lång text');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(unfolded.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });

  test('when folding multi-byte text, then no UTF-8 character is split', () => {
    const folded = foldLine(`SUMMARY:${'å'.repeat(100)}`);
    const parts = folded.split('\r\n ');
    expect(parts.join('')).toBe(`SUMMARY:${'å'.repeat(100)}`);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
  });

  test('when escaping text and converting summer time, then RFC rules and the Stockholm offset apply', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(stockholmIcsDateTime(new Date('2026-07-01T06:00:00Z'))).toBe('20260701T080000');
  });
});
