import { computeDueDate, KT3_LEAD_MONTHS } from '../../src/domain/deadlines.js';
import { daysToTrialStart, isTrialStartLate, trialStartTargetDate } from '../../src/domain/workTrial.js';

describe('Arenor för prövning: "från inventering till start av prövning tar det två veckor" (seed 003)', () => {
  test.each([
    // inventering, latest start on target, why
    ['2026-03-02', '2026-03-18', 'Monday: answer Wednesday, meeting Wednesday the week after, start a week later'],
    ['2026-03-06', '2026-03-24', 'Friday: the two working days run over the weekend'],
    ['2026-12-22', '2027-01-11', 'before Christmas: julafton, juldagen and annandag jul are not working days'],
    ['2026-06-10', '2026-06-29', 'the meeting week after falls on midsommarafton and moves to Monday'],
  ] as const)(
    'when the inventering is on %s and every step of the seed takes its full time, then the start on %s is not late (%s)',
    (inventoryDate, latestStart, _why) => {
      // when
      const target = trialStartTargetDate(inventoryDate);
      // then
      expect(target).toBe(latestStart);
      expect(isTrialStartLate(inventoryDate, latestStart)).toBe(false);
      expect(daysToTrialStart(inventoryDate, latestStart)).toBeGreaterThan(14); // a plain 14-day check would flag it
    },
  );

  test('when the prövning starts one day after the seed chain allows, then it is late; on 14 days or earlier it is on time', () => {
    expect(isTrialStartLate('2026-03-02', '2026-03-19')).toBe(true);
    expect(isTrialStartLate('2026-03-02', '2026-03-16')).toBe(false);
    expect(isTrialStartLate('2026-12-22', '2027-01-12')).toBe(true);
    expect(isTrialStartLate('2026-03-02', '2026-03-02')).toBe(false);
  });

  test('when a chain is followed step by step with the due dates of the rules, then its start is never late, for every inventering day of a year', () => {
    for (let d = Date.parse('2026-01-01'); d < Date.parse('2027-01-01'); d += 86_400_000) {
      const inventoryDate = new Date(d).toISOString().slice(0, 10);
      const answer = computeDueDate('af-answer-2-working-days', inventoryDate).dueDate;
      const meeting = computeDueDate('meeting-week-after', answer).dueDate;
      const start = computeDueDate('start-week-later', meeting).dueDate;
      expect(isTrialStartLate(inventoryDate, start)).toBe(false);
      expect(isTrialStartLate(inventoryDate, new Date(Date.parse(start) + 86_400_000).toISOString().slice(0, 10))).toBe(
        true,
      );
    }
  });

  test('when the dates are not dates, then a RangeError', () => {
    expect(() => isTrialStartLate('2026-02-30', '2026-03-10')).toThrow(RangeError);
  });
});

describe('deadlines of the etablering and the prövning (seed 003)', () => {
  test('AF "återkopplar inom två dagar": the escalation instant is the end of the second working day, not its morning', () => {
    // given an aktualisering on Tuesday 22 December 2026
    const due = computeDueDate('af-answer-2-working-days', '2026-12-22');
    // then the second working day is Monday 28 December (24–27 are not working days) and it has ended at midnight
    expect(due.dueDate).toBe('2026-12-28');
    expect(due.overdueAt).toBe('2026-12-29T00:00:00+01:00');
    // over the change to summer time the end of the day carries the new offset
    expect(computeDueDate('af-answer-2-working-days', '2026-03-26').overdueAt).toBe('2026-03-31T00:00:00+02:00');
  });

  test('KT1: the second meeting is due on the date set at the first meeting (moved to a working day), with a reminder', () => {
    expect(computeDueDate('kt1-second-meeting', '2026-12-15', { reminderDays: 7 })).toEqual({
      dueDate: '2026-12-15',
      dueAt: '2026-12-15T08:00:00+01:00',
      overdueAt: '2026-12-16T00:00:00+01:00',
      reminderAt: '2026-12-08T08:00:00+01:00',
    });
    expect(computeDueDate('kt1-second-meeting', '2026-12-24').dueDate).toBe('2026-12-28'); // julafton → Monday
  });

  test(`KT3: due ${KT3_LEAD_MONTHS} months before the programme ends, moved earlier to a working day, never before today`, () => {
    expect(computeDueDate('kt3-before-end', '2026-12-01', { until: '2028-12-01' }).dueDate).toBe('2028-09-29'); // 1 Oct 2028 is a Sunday
    expect(computeDueDate('kt3-before-end', '2026-12-01', { until: '2027-08-06' }).dueDate).toBe('2027-06-04'); // 6 June nationaldagen
    expect(computeDueDate('kt3-before-end', '2026-12-01', { until: '2027-01-15' }).dueDate).toBe('2026-12-01'); // too late for the lead time
  });

  test('Arenor för prövning: uppstart, both uppföljningar and the bedömning fall inside the three months', () => {
    // given a start on Monday 11 January 2027
    const start = '2027-01-11';
    const due = (rule: Parameters<typeof computeDueDate>[0]) => computeDueDate(rule, start).dueDate;
    // then
    expect(due('trial-start-meeting')).toBe('2027-01-15');
    expect(due('trial-follow-up-1')).toBe('2027-02-11');
    expect(due('trial-follow-up-2')).toBe('2027-03-11');
    expect(due('trial-assessment')).toBe('2027-03-25');
    expect(due('trial-end-3-months')).toBe('2027-04-09'); // 10 April 2027, the last day, is a Saturday
    // and over Christmas the meetings move earlier, not out of the period
    expect(computeDueDate('trial-follow-up-1', '2026-11-24').dueDate).toBe('2026-12-23');
  });
});
