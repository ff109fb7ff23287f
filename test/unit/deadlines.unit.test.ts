import { isWorkingDay } from '../../src/domain/calendar.js';
import { computeDueDate, DUE_DATE_RULES, DueDateInputError, reminderAtBefore } from '../../src/domain/deadlines.js';
import { BEREDNING_GROUPS } from '../../src/domain/organisations.js';

const umea = BEREDNING_GROUPS.find((g) => g.code === 'umea-ungdom')!;
const vannas = BEREDNING_GROUPS.find((g) => g.code === 'vannas')!;

describe('deadlines: computeDueDate', () => {
  test.each([
    ['af-answer-2-working-days', '2026-12-23', {}, '2026-12-29'],
    ['af-answer-2-working-days', '2026-03-06', {}, '2026-03-10'],
    ['meeting-week-after', '2026-06-12', {}, '2026-06-22'], // 19 June is midsommarafton
    ['start-week-later', '2026-03-04', {}, '2026-03-11'],
    ['follow-up-3-months', '2026-03-06', {}, '2026-06-05'], // 6 June is a Saturday and nationaldagen: earlier, never later
    ['kt2-one-year', '2026-02-10', {}, '2027-02-10'],
    ['kt3-before-end', '2026-01-01', { until: '2027-01-04' }, '2026-11-04'], // KT3_LEAD_MONTHS = 2 before the end
    ['next-beredning-meeting', '2026-01-12', { group: umea }, '2026-01-13'],
    ['next-beredning-meeting', '2026-01-13', { group: umea }, '2026-01-20'], // on a meeting day → the next one
    ['next-beredning-meeting', '2026-05-01', { group: vannas }, '2026-05-15'], // 14 May Kristi himmelsfärd → Friday
  ] as const)('when rule %s is counted from %s, then the due date is as expected', (rule, from, opts, expected) => {
    // when
    const due = computeDueDate(rule, from, opts);
    // then
    expect(due.dueDate).toBe(expected);
    expect(due.dueAt).toMatch(new RegExp(`^${expected}T08:00:00\\+0[12]:00$`));
  });

  test('when the due date is in summer time, then dueAt carries +02:00, in winter +01:00', () => {
    expect(computeDueDate('start-week-later', '2026-06-01').dueAt).toBe('2026-06-08T08:00:00+02:00');
    expect(computeDueDate('start-week-later', '2026-01-12').dueAt).toBe('2026-01-19T08:00:00+01:00');
  });

  test('when a rule lacks the input it needs, then a DueDateInputError says which', () => {
    expect(() => computeDueDate('kt3-before-end', '2026-01-01')).toThrow(DueDateInputError);
    expect(() => computeDueDate('next-beredning-meeting', '2026-01-01')).toThrow(/needs group/);
    expect(() => computeDueDate('start-week-later', '2026-02-30')).toThrow(DueDateInputError);
  });

  test('when reminderDays is given, then reminderAt is 08:00 Stockholm that many calendar days before the due date', () => {
    // given
    const kt2 = { reminderDays: 14 };
    // when
    const due = computeDueDate('kt2-one-year', '2026-02-10', kt2);
    // then
    expect(due).toEqual({
      dueDate: '2027-02-10',
      dueAt: '2027-02-10T08:00:00+01:00',
      reminderAt: '2027-01-27T08:00:00+01:00',
      overdueAt: '2027-02-11T00:00:00+01:00',
    });
  });

  test('when the reminder falls before a DST change, then it carries the offset of its own day and stays at 08:00 local', () => {
    // given: 6 April 2026 is annandag påsk, so start-week-later from 30 March falls on 7 April (summer time)
    const opts = { reminderDays: 14 };
    // when
    const due = computeDueDate('start-week-later', '2026-03-30', opts);
    // then: 24 March is still winter time (a fixed P14D from dueAt would give 07:00 local)
    expect(due.dueAt).toBe('2026-04-07T08:00:00+02:00');
    expect(due.reminderAt).toBe('2026-03-24T08:00:00+01:00');
  });

  test.each([
    ['2026-09-26', '2026-12-23'], // 26 Dec annandag jul, 25 juldagen, 24 julafton: the 23rd
    ['2028-09-26', '2028-12-22'], // 23 Dec 2028 is a Saturday
    ['2027-03-26', '2027-06-24'], // 26 June 2027 midsommardagen, 25 midsommarafton
    ['2026-11-30', '2027-02-26'], // 30 February does not exist: the last day of February, a Friday
    ['2026-03-02', '2026-06-02'], // an ordinary working day stays
  ] as const)(
    'uppföljning at least every three months: from %s the due date is %s, never past three months over a holiday (seed 001)',
    (from, expected) => {
      const due = computeDueDate('follow-up-3-months', from, { reminderDays: 14 });
      expect(due.dueDate).toBe(expected);
      expect(due.overdueAt.slice(0, 10)).toBe(
        new Date(Date.parse(`${expected}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
      ); // the day after
    },
  );

  test('when reminderDays is absent, then there is no reminderAt; when it is not whole days 1–366, then a DueDateInputError', () => {
    // when / then
    expect(computeDueDate('kt2-one-year', '2026-02-10')).not.toHaveProperty('reminderAt');
    expect(reminderAtBefore('2027-02-10', 1)).toBe('2027-02-09T08:00:00+01:00');
    for (const bad of [0, -14, 1.5, 367, Number.NaN])
      expect(() => computeDueDate('kt2-one-year', '2026-02-10', { reminderDays: bad })).toThrow(DueDateInputError);
  });

  test('when any rule is computed for every day of a year, then the due date is a working day after from', () => {
    for (const rule of DUE_DATE_RULES) {
      for (let d = Date.parse('2026-01-01'); d < Date.parse('2027-01-01'); d += 86_400_000) {
        const from = new Date(d).toISOString().slice(0, 10);
        const { dueDate } = computeDueDate(rule, from, { group: umea, until: '2028-01-01' });
        expect(isWorkingDay(dueDate)).toBe(true);
        // KT1's second meeting is due on the date the first one set (that very day when it is a working day).
        expect(rule === 'kt1-second-meeting' ? dueDate >= from : dueDate > from).toBe(true);
      }
    }
  });
});
