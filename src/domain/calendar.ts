/**
 * Swedish working-day calendar: pure functions over civil dates ('YYYY-MM-DD', Europe/Stockholm).
 *
 * Holidays follow lag (1989:253) om allmänna helgdagar. Midsommarafton, julafton and nyårsafton are not
 * helgdagar in law but are treated as non-working (collective agreements and the parties' practice),
 * as are Saturdays and Sundays. Computed rather than taken from a library: the rules are short, stable,
 * and a library would still have to be checked against the law (see test/unit/calendar.unit.test.ts).
 */

/** A civil date in Europe/Stockholm as 'YYYY-MM-DD'. */
export type IsoDate = string;

export type HolidayKind = 'helgdag' | 'afton';

export interface Holiday {
  date: IsoDate;
  /** The Swedish name, e.g. 'midsommardagen'. */
  name: string;
  /** 'helgdag' = allmän helgdag in law; 'afton' = an eve treated as non-working. */
  kind: HolidayKind;
}

/** How a beredning group meets: ISO weekday (1 = Monday), every `intervalWeeks` weeks, counted from `anchorDate`. */
export interface MeetingSeries {
  weekday: number;
  intervalWeeks: number;
  anchorDate: IsoDate;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `s` is a real calendar date written as 'YYYY-MM-DD'. */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function assertDate(s: IsoDate): void {
  if (!isIsoDate(s)) throw new RangeError(`Not a valid date (YYYY-MM-DD): ${JSON.stringify(s)}`);
}

function assertInt(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${String(n)}`);
}

// Dates are handled as day numbers (days since 1970-01-01) so no time zone or DST can shift them.
const toDayNumber = (s: IsoDate): number => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
};
const fromDayNumber = (n: number): IsoDate => new Date(n * DAY_MS).toISOString().slice(0, 10);
const ymd = (y: number, m: number, d: number): IsoDate => fromDayNumber(Math.round(Date.UTC(y, m - 1, d) / DAY_MS));

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  assertDate(date);
  const js = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return js === 0 ? 7 : js;
}

/** Easter Sunday (Gregorian) by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  assertInt(year, 'year');
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The Saturday in [from, from + 6 days] (midsommardagen, alla helgons dag). */
function saturdayFrom(year: number, month: number, day: number): IsoDate {
  const start = ymd(year, month, day);
  const offset = (6 - isoWeekday(start) + 7) % 7;
  return addDays(start, offset);
}

const holidayCache = new Map<number, Holiday[]>();

/** All holidays and non-working eves of a year, sorted by date. */
export function holidaysOf(year: number): Holiday[] {
  assertInt(year, 'year');
  const cached = holidayCache.get(year);
  if (cached) return cached.map((h) => ({ ...h }));
  const easter = easterSunday(year);
  const midsommardagen = saturdayFrom(year, 6, 20);
  const list: Holiday[] = [
    { date: ymd(year, 1, 1), name: 'nyårsdagen', kind: 'helgdag' },
    { date: ymd(year, 1, 6), name: 'trettondedag jul', kind: 'helgdag' },
    { date: addDays(easter, -2), name: 'långfredagen', kind: 'helgdag' },
    { date: easter, name: 'påskdagen', kind: 'helgdag' },
    { date: addDays(easter, 1), name: 'annandag påsk', kind: 'helgdag' },
    { date: ymd(year, 5, 1), name: 'första maj', kind: 'helgdag' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag', kind: 'helgdag' },
    // Pingstdagen is always a Sunday; listed because the law lists it.
    { date: addDays(easter, 49), name: 'pingstdagen', kind: 'helgdag' },
    { date: ymd(year, 6, 6), name: 'Sveriges nationaldag', kind: 'helgdag' },
    { date: addDays(midsommardagen, -1), name: 'midsommarafton', kind: 'afton' },
    { date: midsommardagen, name: 'midsommardagen', kind: 'helgdag' },
    { date: saturdayFrom(year, 10, 31), name: 'alla helgons dag', kind: 'helgdag' },
    { date: ymd(year, 12, 24), name: 'julafton', kind: 'afton' },
    { date: ymd(year, 12, 25), name: 'juldagen', kind: 'helgdag' },
    { date: ymd(year, 12, 26), name: 'annandag jul', kind: 'helgdag' },
    { date: ymd(year, 12, 31), name: 'nyårsafton', kind: 'afton' },
  ];
  // Kristi himmelsfärdsdag can coincide with första maj (e.g. 2008); both stay listed.
  list.sort((x, y) => x.date.localeCompare(y.date));
  holidayCache.set(year, list);
  return list.map((h) => ({ ...h }));
}

/** The holidays/eves that fall on this date (empty when none). */
export function holidaysOn(date: IsoDate): Holiday[] {
  assertDate(date);
  return holidaysOf(Number(date.slice(0, 4))).filter((h) => h.date === date);
}

/** True on Monday–Friday that is neither an allmän helgdag nor midsommarafton, julafton or nyårsafton. */
export function isWorkingDay(date: IsoDate): boolean {
  assertDate(date);
  if (isoWeekday(date) >= 6) return false;
  return holidaysOn(date).length === 0;
}

/** The date `n` calendar days after (negative: before) `date`. */
export function addDays(date: IsoDate, n: number): IsoDate {
  assertDate(date);
  assertInt(n, 'n');
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * The date `n` working days after `date`. Counting starts the day after `date` and counts only working days,
 * so +1 on a Friday or a Saturday is the next Monday when that Monday is a working day. n = 0 returns `date`;
 * a negative n counts backwards the same way.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  assertDate(date);
  assertInt(n, 'n');
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let day = toDayNumber(date);
  while (left > 0) {
    day += step;
    if (isWorkingDay(fromDayNumber(day))) left -= 1;
  }
  return fromDayNumber(day);
}

/** `date` itself when it is a working day, otherwise the next working day. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  assertDate(date);
  let day = toDayNumber(date);
  while (!isWorkingDay(fromDayNumber(day))) day += 1;
  return fromDayNumber(day);
}

/** `date` itself when it is a working day, otherwise the closest earlier working day. */
export function previousWorkingDayOnOrBefore(date: IsoDate): IsoDate {
  assertDate(date);
  let day = toDayNumber(date);
  while (!isWorkingDay(fromDayNumber(day))) day -= 1;
  return fromDayNumber(day);
}

/** The same day of month `n` months later; clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsClamped(date: IsoDate, n: number): IsoDate {
  assertDate(date);
  assertInt(n, 'n');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return ymd(year, month, Math.min(d, daysInMonth(year, month)));
}

/** `n` calendar weeks after `date`, then moved forward to a working day (seeds express these durations in weeks). */
export function addCalendarWeeks(date: IsoDate, n: number): IsoDate {
  return nextWorkingDayOnOrAfter(addDays(date, 7 * n));
}

/** `n` calendar months after `date` (clamped to month end), then moved forward to a working day. */
export function addCalendarMonths(date: IsoDate, n: number): IsoDate {
  return nextWorkingDayOnOrAfter(addMonthsClamped(date, n));
}

/**
 * The next `n` meetings of a series on or after `from`. Nominal dates are `anchorDate + k · intervalWeeks` weeks
 * (k may be negative), on `weekday` (if an admin changed the weekday, the anchor moves forward to it). A nominal
 * date that is not a working day moves to the next working day.
 */
export function nextMeetings(series: MeetingSeries, from: IsoDate, n: number): IsoDate[] {
  assertDate(from);
  assertDate(series.anchorDate);
  assertInt(n, 'n');
  if (n < 0) throw new RangeError(`n must not be negative, got ${n}`);
  if (!Number.isInteger(series.weekday) || series.weekday < 1 || series.weekday > 7)
    throw new RangeError(`weekday must be 1–7, got ${series.weekday}`);
  if (!Number.isInteger(series.intervalWeeks) || series.intervalWeeks < 1)
    throw new RangeError(`intervalWeeks must be ≥ 1, got ${series.intervalWeeks}`);
  const anchor = toDayNumber(series.anchorDate) + ((series.weekday - isoWeekday(series.anchorDate) + 7) % 7);
  const period = 7 * series.intervalWeeks;
  const start = toDayNumber(from);
  // Start one period early: a nominal meeting before `from` may have been moved onto or past it.
  let k = Math.floor((start - anchor) / period) - 1;
  const out: IsoDate[] = [];
  while (out.length < n) {
    const actual = nextWorkingDayOnOrAfter(fromDayNumber(anchor + k * period));
    if (toDayNumber(actual) >= start && out[out.length - 1] !== actual) out.push(actual);
    k += 1;
  }
  return out;
}

const stockholmDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The civil date in Europe/Stockholm at the instant `at` (default: now). */
export function stockholmDateOf(at: Date = new Date()): IsoDate {
  return stockholmDate.format(at);
}

const stockholmOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' });

function offsetAtInstant(at: Date): string {
  const name = stockholmOffset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return m ? m[1]! : '+00:00'; // ICU writes plain "GMT" for a zero offset
}

const offsetMs = (offset: string) =>
  (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;

/** The UTC offset of Europe/Stockholm at a local time on `date` (default 08:00), as '+01:00' or '+02:00'. */
export function stockholmOffsetAt(date: IsoDate, localTime = '08:00'): string {
  assertDate(date);
  const [hh, mm] = localTime.split(':').map(Number) as [number, number];
  const wallAsUtc = toDayNumber(date) * DAY_MS + hh * 3_600_000 + mm * 60_000;
  // Guess with the offset one hour earlier, then confirm at the resulting instant (exact except inside the DST gap).
  const guess = offsetAtInstant(new Date(wallAsUtc - 3_600_000));
  return offsetAtInstant(new Date(wallAsUtc - offsetMs(guess)));
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an ISO date-time; seconds are optional and a value without an offset is Stockholm local time
 * (form-js and FEEL may produce either). Undefined when it is not a valid date-time.
 */
export function parseStockholmDateTime(value: string): Date | undefined {
  const m = DATE_TIME.exec(value);
  if (!m || !isIsoDate(m[1]) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return undefined;
  const time = `${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}`;
  const offset = m[6] ?? stockholmOffsetAt(m[1]!, `${m[2]}:${m[3]}`);
  const at = new Date(`${m[1]}T${time}${offset}`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** An ISO date-time at a Stockholm local time on `date`, with its offset, e.g. '2026-12-29T08:00:00+01:00'. */
export function stockholmDateTime(date: IsoDate, localTime = '08:00'): string {
  return `${date}T${localTime}:00${stockholmOffsetAt(date, localTime)}`;
}

const stockholmWall = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Stockholm wall-clock time of an instant as a form field holds it, without an offset: '2026-12-29T10:00'. */
export function stockholmWallClock(at: Date): string {
  const p = Object.fromEntries(stockholmWall.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * A date-time a user chose in a form, as Stockholm wall-clock time whatever time zone the browser is in: the date and
 * time the user picked count, an offset the browser appended (form-js writes its own zone's) is dropped. A meeting
 * set to 10:00 is 10:00 in Stockholm. Returns the ISO date-time with Stockholm's offset, or undefined when invalid.
 */
export function stockholmDateTimeOfWallClock(value: string): string | undefined {
  const m = DATE_TIME.exec(value.trim());
  if (!m || !isIsoDate(m[1]) || Number(m[2]) > 23 || Number(m[3]) > 59) return undefined;
  return stockholmDateTime(m[1]!, `${m[2]}:${m[3]}`);
}
