import { civilDateOf } from '../../src/services/dueDates.js';
import { Input as DueDateInput } from '../../workers/compute-due-date.js';
import { Input as NotificationInput } from '../../workers/send-notification.js';

describe('worker input schemas', () => {
  test('when FEEL passes null for an unset variable, then it counts as absent', () => {
    expect(DueDateInput.safeParse({ caseId: 'SV-1', from: null, group: null, until: null }).success).toBe(true);
    expect(
      NotificationInput.safeParse({
        caseId: 'SV-1',
        recipientGroups: ['af'],
        dueAt: null,
        meetingAt: null,
        meetingKind: null,
      }).success,
    ).toBe(true);
  });

  test.each(['2026-12-29T09:00:00+01:00', '2026-12-29T09:00+01:00', '2026-12-29T09:00', '2026-12-29T08:00:00Z'])(
    'when meetingAt is %s, then it is accepted',
    (meetingAt) => {
      expect(NotificationInput.safeParse({ caseId: 'SV-1', meetingAt }).success).toBe(true);
    },
  );

  test('when a date-time or date is not valid, then the schema rejects it with the field named', () => {
    const res = NotificationInput.safeParse({ caseId: 'SV-1', meetingAt: 'i morgon' });
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.path).toEqual(['meetingAt']);
    expect(DueDateInput.safeParse({ until: '2026-02-30' }).success).toBe(false);
  });

  test('when from is a date-time, then the due date counts from its Stockholm civil date', () => {
    expect(civilDateOf('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    expect(civilDateOf('2026-12-31')).toBe('2026-12-31');
    expect(() => civilDateOf('igår')).toThrow(/not a date/);
  });
});
