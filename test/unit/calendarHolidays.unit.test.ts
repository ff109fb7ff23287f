// The working-day calendar (src/domain/calendar.ts) is hand-written; this checks it against an independent source,
// the date-holidays package (its own Swedish holiday data), day by day. Allmänna helgdagar are date-holidays' "public"
// days; the eves that are not working days (midsommarafton, julafton, nyårsafton) are its "bank" days. From 2005 on:
// nationaldagen became a helgdag and annandag pingst stopped being one that year.
import Holidays from 'date-holidays';

import { addDays, holidaysOf, isoWeekday, isWorkingDay } from '../../src/domain/calendar.js';

const se = new Holidays('SE');
const FIRST_YEAR = 2005;
const LAST_YEAR = 2060;

function reference(year: number): { helgdagar: string[]; aftnar: string[] } {
  const all = se.getHolidays(year);
  const dates = (type: string) =>
    [...new Set(all.filter((h) => h.type === type).map((h) => h.date.slice(0, 10)))].sort();
  return { helgdagar: dates('public'), aftnar: dates('bank') };
}

describe('the working-day calendar agrees with date-holidays', () => {
  test.each(Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i))('%i', (year) => {
    const ref = reference(year);
    const ours = holidaysOf(year);
    const dates = (kind: string) => [...new Set(ours.filter((h) => h.kind === kind).map((h) => h.date))].sort();
    expect(dates('helgdag')).toEqual(ref.helgdagar);
    expect(dates('afton')).toEqual(ref.aftnar);

    const closed = new Set([...ref.helgdagar, ...ref.aftnar]);
    const mismatches: string[] = [];
    for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
      const expected = isoWeekday(day) <= 5 && !closed.has(day);
      if (isWorkingDay(day) !== expected) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });
});
