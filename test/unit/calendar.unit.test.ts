import {
  addCalendarMonths,
  addCalendarWeeks,
  addMonthsClamped,
  addWorkingDays,
  easterSunday,
  holidaysOf,
  isIsoDate,
  isoWeekday,
  isWorkingDay,
  nextMeetings,
  nextWorkingDayOnOrAfter,
  parseStockholmDateTime,
  previousWorkingDayOnOrBefore,
  stockholmDateOf,
  stockholmDateTime,
} from '../../src/domain/calendar.js';
import { BEREDNING_GROUPS } from '../../src/domain/organisations.js';

/*
 * Expected dates typed in from the law (lag 1989:253) and published Easter tables, not computed by the code under
 * test: [year, långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen, midsommarafton,
 * midsommardagen (Saturday 20–26 June), alla helgons dag (Saturday 31 Oct–6 Nov)].
 */
const MOVABLE: [number, string, string, string, string, string, string, string, string][] = [
  [2020, '04-10', '04-12', '04-13', '05-21', '05-31', '06-19', '06-20', '10-31'],
  [2021, '04-02', '04-04', '04-05', '05-13', '05-23', '06-25', '06-26', '11-06'],
  [2022, '04-15', '04-17', '04-18', '05-26', '06-05', '06-24', '06-25', '11-05'],
  [2023, '04-07', '04-09', '04-10', '05-18', '05-28', '06-23', '06-24', '11-04'],
  [2024, '03-29', '03-31', '04-01', '05-09', '05-19', '06-21', '06-22', '11-02'],
  [2025, '04-18', '04-20', '04-21', '05-29', '06-08', '06-20', '06-21', '11-01'],
  [2026, '04-03', '04-05', '04-06', '05-14', '05-24', '06-19', '06-20', '10-31'],
  [2027, '03-26', '03-28', '03-29', '05-06', '05-16', '06-25', '06-26', '11-06'],
  [2028, '04-14', '04-16', '04-17', '05-25', '06-04', '06-23', '06-24', '11-04'],
  [2029, '03-30', '04-01', '04-02', '05-10', '05-20', '06-22', '06-23', '11-03'],
  [2030, '04-19', '04-21', '04-22', '05-30', '06-09', '06-21', '06-22', '11-02'],
  [2031, '04-11', '04-13', '04-14', '05-22', '06-01', '06-20', '06-21', '11-01'],
  [2032, '03-26', '03-28', '03-29', '05-06', '05-16', '06-25', '06-26', '11-06'],
  [2033, '04-15', '04-17', '04-18', '05-26', '06-05', '06-24', '06-25', '11-05'],
  [2034, '04-07', '04-09', '04-10', '05-18', '05-28', '06-23', '06-24', '11-04'],
  [2035, '03-23', '03-25', '03-26', '05-03', '05-13', '06-22', '06-23', '11-03'],
];

/** The full expected list of a year: fixed dates from the law plus the movable ones above. */
function expectedYear(row: (typeof MOVABLE)[number]): { date: string; name: string }[] {
  const [
    y,
    langfredagen,
    paskdagen,
    annandagPask,
    himmelsfard,
    pingstdagen,
    midsommarafton,
    midsommardagen,
    allaHelgons,
  ] = row;
  return [
    [`01-01`, 'nyårsdagen'],
    [`01-06`, 'trettondedag jul'],
    [langfredagen, 'långfredagen'],
    [paskdagen, 'påskdagen'],
    [annandagPask, 'annandag påsk'],
    [`05-01`, 'första maj'],
    [himmelsfard, 'Kristi himmelsfärdsdag'],
    [pingstdagen, 'pingstdagen'],
    [`06-06`, 'Sveriges nationaldag'],
    [midsommarafton, 'midsommarafton'],
    [midsommardagen, 'midsommardagen'],
    [allaHelgons, 'alla helgons dag'],
    [`12-24`, 'julafton'],
    [`12-25`, 'juldagen'],
    [`12-26`, 'annandag jul'],
    [`12-31`, 'nyårsafton'],
  ]
    .map(([md, name]) => ({ date: `${y}-${md}`, name: name! }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

describe('calendar: Swedish holidays 2020–2035', () => {
  test.each(MOVABLE)('when listing the holidays of %i, then they equal the table from the law', (...row) => {
    // given
    const expected = expectedYear(row);
    // when
    const actual = holidaysOf(row[0]).map(({ date, name }) => ({ date, name }));
    // then
    expect(actual).toEqual(expected);
  });

  test.each(MOVABLE)(
    'when walking every day of %i, then exactly the weekdays off the table are working days',
    (...row) => {
      // given
      const off = new Set(expectedYear(row).map((h) => h.date));
      const year = row[0];
      // when
      const mismatches: string[] = [];
      for (
        let d = `${year}-01-01`;
        d.startsWith(String(year));
        d = new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10)
      ) {
        const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
        const expected = weekday !== 0 && weekday !== 6 && !off.has(d);
        if (isWorkingDay(d) !== expected) mismatches.push(d);
      }
      // then
      expect(mismatches).toEqual([]);
    },
  );

  test('when computing Easter, then it matches the published dates and stays in 22 March–25 April', () => {
    for (const row of MOVABLE) expect(easterSunday(row[0])).toBe(`${row[0]}-${row[2]}`);
    for (let y = 1900; y <= 2200; y++) {
      const e = easterSunday(y);
      expect(isoWeekday(e)).toBe(7);
      expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true);
    }
  });

  test('when midsommardagen and alla helgons dag are computed for any year, then they are the Saturday of their window', () => {
    for (let y = 1990; y <= 2100; y++) {
      const h = holidaysOf(y);
      const mids = h.find((x) => x.name === 'midsommardagen')!.date;
      const allh = h.find((x) => x.name === 'alla helgons dag')!.date;
      expect(isoWeekday(mids)).toBe(6);
      expect(mids >= `${y}-06-20` && mids <= `${y}-06-26`).toBe(true);
      expect(isoWeekday(allh)).toBe(6);
      expect(allh >= `${y}-10-31` && allh <= `${y}-11-06`).toBe(true);
    }
  });

  test('when Kristi himmelsfärdsdag falls on första maj (2008), then both are listed', () => {
    expect(
      holidaysOf(2008)
        .filter((h) => h.date === '2008-05-01')
        .map((h) => h.name)
        .sort(),
    ).toEqual(['Kristi himmelsfärdsdag', 'första maj']);
  });
});

describe('calendar: working days', () => {
  test.each([
    ['2026-12-23', 2, '2026-12-29'], // acceptance: julafton, juldagen (Fri), weekend
    ['2026-03-06', 1, '2026-03-09'], // Friday +1 → Monday
    ['2026-03-07', 1, '2026-03-09'], // Saturday +1 → Monday
    ['2026-03-08', 1, '2026-03-09'], // Sunday +1 → Monday
    ['2026-04-04', 1, '2026-04-07'], // påskafton +1 → Tuesday (annandag påsk is off)
    ['2026-04-02', 1, '2026-04-07'], // skärtorsdagen +1 skips långfredagen … annandag påsk
    ['2026-06-18', 1, '2026-06-22'], // midsommarafton off
    ['2026-12-30', 1, '2027-01-04'], // nyårsafton, nyårsdagen, weekend
    ['2026-03-02', 5, '2026-03-09'],
    ['2026-03-04', 0, '2026-03-04'],
    ['2026-03-09', -1, '2026-03-06'], // backwards over the weekend
    ['2026-12-29', -2, '2026-12-23'],
  ])('when adding working days to %s (n = %i), then the result is %s', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  test('when the day is a working day, then on-or-after/on-or-before return it unchanged; otherwise they move', () => {
    expect(nextWorkingDayOnOrAfter('2026-03-04')).toBe('2026-03-04');
    expect(nextWorkingDayOnOrAfter('2026-12-24')).toBe('2026-12-28');
    expect(previousWorkingDayOnOrBefore('2026-12-27')).toBe('2026-12-23');
  });

  test('when adding weeks or months, then the calendar date moves to the next working day', () => {
    expect(addCalendarWeeks('2026-12-17', 1)).toBe('2026-12-28'); // 24 Dec is julafton
    expect(addCalendarWeeks('2026-03-04', 1)).toBe('2026-03-11');
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-11-15', 3)).toBe('2027-02-15');
    expect(addCalendarMonths('2026-03-25', 3)).toBe('2026-06-25');
    expect(addCalendarMonths('2026-03-06', 3)).toBe('2026-06-08'); // 6 June is nationaldagen (Saturday) → Monday
    expect(addCalendarMonths('2025-12-24', 12)).toBe('2026-12-28');
  });

  test('when given something that is not a real date, then it throws a RangeError', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(() => isWorkingDay('2026-13-01')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('calendar: beredning meetings', () => {
  const group = (code: string) => BEREDNING_GROUPS.find((g) => g.code === code)!;

  test('beredningsgrupperna i Umeå bereder in personer varje vecka: Ungdomstorget on Tuesdays, Vuxentorget on Thursdays (seed 003)', () => {
    // 6 Jan 2026 (the anchor) is trettondedag jul, so that meeting is on Wednesday 7 Jan
    expect(nextMeetings(group('umea-ungdom'), '2026-01-01', 3)).toEqual(['2026-01-07', '2026-01-13', '2026-01-20']);
    expect(nextMeetings(group('umea-ungdom'), '2025-12-01', 2)).toEqual(['2025-12-02', '2025-12-09']); // before the anchor
    expect(nextMeetings(group('umea-vuxen'), '2026-12-01', 4)).toEqual([
      '2026-12-03',
      '2026-12-10',
      '2026-12-17',
      '2026-12-28',
    ]); // 24 Dec julafton → Monday 28 (25–26 Dec helgdagar)
    expect(nextMeetings(group('umea-vuxen'), '2026-05-12', 2)).toEqual(['2026-05-15', '2026-05-21']); // 14 May Kristi himmelsfärd → Friday
  });

  test('the kranskommunernas samordningsteam bereder in personer varannan vecka, the torg groups in Umeå every week (seed 003)', () => {
    for (const g of BEREDNING_GROUPS)
      expect([g.code, g.intervalWeeks]).toEqual([g.code, g.code.startsWith('umea-') ? 1 : 2]);
    expect(nextMeetings(group('robertsfors'), '2026-12-01', 3)).toEqual(['2026-12-14', '2026-12-28', '2027-01-11']); // 48, 50 and 52 weeks after the anchor 12 Jan 2026
  });

  test('when the start date is a meeting day, then that meeting is included', () => {
    expect(nextMeetings(group('umea-ungdom'), '2026-01-13', 1)).toEqual(['2026-01-13']);
  });

  test('when a kranskommun meets every other week, then meetings are two weeks apart', () => {
    expect(nextMeetings(group('nordmaling'), '2026-01-09', 3)).toEqual(['2026-01-21', '2026-02-04', '2026-02-18']);
  });

  test('when a meeting day is a helgdag, then the meeting moves to the next working day', () => {
    // Nordmaling, Wednesday 6 Jan 2027 (trettondedag jul) → Thursday
    expect(nextMeetings(group('nordmaling'), '2027-01-01', 2)).toEqual(['2027-01-07', '2027-01-20']);
    // Vännäs, Thursday 14 May 2026 (Kristi himmelsfärdsdag) → Friday; asking from the moved day still finds it
    expect(nextMeetings(group('vannas'), '2026-05-15', 1)).toEqual(['2026-05-15']);
    // Umeå, Tuesday 25 Dec 2029 (juldagen, then annandag jul) → Thursday; Tuesday 1 Jan 2030 (nyårsdagen) → Wednesday
    expect(nextMeetings(group('umea-ungdom'), '2029-12-26', 3)).toEqual(['2029-12-27', '2030-01-02', '2030-01-08']);
  });

  test('when an admin moved the weekday away from the anchor, then meetings follow the configured weekday', () => {
    expect(nextMeetings({ weekday: 5, intervalWeeks: 2, anchorDate: '2026-01-07' }, '2026-01-01', 2)).toEqual([
      '2026-01-09',
      '2026-01-23',
    ]);
  });
});

describe('calendar: Stockholm time', () => {
  test.each([
    ['2026-12-29', '2026-12-29T08:00:00+01:00'],
    ['2026-07-01', '2026-07-01T08:00:00+02:00'],
    ['2026-03-28', '2026-03-28T08:00:00+01:00'],
    ['2026-03-29', '2026-03-29T08:00:00+02:00'], // summer time starts 01:00 UTC
    ['2026-10-24', '2026-10-24T08:00:00+02:00'],
    ['2026-10-25', '2026-10-25T08:00:00+01:00'], // summer time ends 01:00 UTC
  ])('when 08:00 local on %s is written as ISO, then it is %s', (date, expected) => {
    expect(stockholmDateTime(date)).toBe(expected);
  });

  test('when it is 23:30 UTC on 31 Dec, then the Stockholm date is already 1 Jan', () => {
    expect(stockholmDateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

describe('calendar: parsing date-times', () => {
  test.each([
    ['2026-12-29T09:00:00+01:00', '2026-12-29T08:00:00.000Z'],
    ['2026-12-29T09:00+01:00', '2026-12-29T08:00:00.000Z'],
    ['2026-12-29T09:00', '2026-12-29T08:00:00.000Z'], // no offset: Stockholm winter time
    ['2026-07-01T09:00:00', '2026-07-01T07:00:00.000Z'], // no offset: Stockholm summer time
    ['2026-03-29T03:30', '2026-03-29T01:30:00.000Z'], // just after the spring switch
    ['2026-07-01T07:00:00.123Z', '2026-07-01T07:00:00.123Z'],
  ])('when %s is parsed, then the instant is %s', (value, expected) => {
    expect(parseStockholmDateTime(value)?.toISOString()).toBe(expected);
  });

  test.each(['2026-12-29', '2026-02-30T09:00', '2026-12-29T25:00', '2026-12-29 09:00', 'soon'])(
    'when %s is parsed, then it is rejected',
    (value) => {
      expect(parseStockholmDateTime(value)).toBeUndefined();
    },
  );
});
