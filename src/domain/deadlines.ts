import {
  addCalendarMonths,
  addCalendarWeeks,
  addDays,
  addMonthsClamped,
  addWorkingDays,
  isIsoDate,
  type IsoDate,
  type MeetingSeries,
  nextMeetings,
  nextWorkingDayOnOrAfter,
  previousWorkingDayOnOrBefore,
  stockholmDateTime,
} from './calendar.js';

/**
 * Deadline rules of the routines (seeds 000–003). Durations in weeks or months are calendar-based and then moved
 * forward to a working day (earlier instead where the seed sets an upper limit, as for the uppföljning); "working days" count only working days, starting the day after `from`.
 */
export const DUE_DATE_RULES = [
  'af-answer-2-working-days', // AF svarar inom 2 arbetsdagar
  'meeting-week-after', // möte på försörjningsstöd veckan efter svaret
  'start-week-later', // arbetsprövningen startar en vecka senare
  'follow-up-3-months', // uppföljning senast var tredje månad
  'kt2-one-year', // KT2 cirka ett år efter KT1
  'kt1-second-meeting', // KT1:s andra möte på det datum som sattes vid första mötet
  'kt3-before-end', // KT3 i god tid före programmets slut (needs `until`)
  'trial-start-meeting', // uppstartsträff under prövningens första vecka
  'trial-follow-up-1', // första uppföljningsträffen en månad in i prövningen
  'trial-follow-up-2', // andra uppföljningsträffen två månader in i prövningen
  'trial-end-3-months', // prövningens sista dag: tre månader från start
  'trial-assessment', // kartläggning och bedömning klar före prövningens slut
  'next-beredning-meeting', // nästa möte i beredningsgruppen (needs `group`)
] as const;
export type DueDateRule = (typeof DUE_DATE_RULES)[number];

/** Local time of day at which every due date falls due (dueAt). */
export const DUE_TIME_LOCAL = '08:00';

/**
 * KT3's lead time: the meeting is due this many calendar months before the programme's end date, so that the new
 * planering inför jobb- och utvecklingsgarantin (and försörjningsstöd's part of it) is in place before the end.
 */
export const KT3_LEAD_MONTHS = 2;

/** The kartläggning and bedömning of an arbetsprövning is due this many calendar days before the period's last day. */
export const TRIAL_ASSESSMENT_LEAD_DAYS = 14;

export interface DueDateOptions {
  /** The beredning group's meeting series; required by `next-beredning-meeting`. */
  group?: MeetingSeries;
  /** The programme's end date; required by `kt3-before-end`. */
  until?: IsoDate;
  /** Calendar days before the due date at which a reminder falls due; adds `reminderAt` when set. */
  reminderDays?: number;
}

export interface DueDate {
  /** The due date, 'YYYY-MM-DD' (Europe/Stockholm). */
  dueDate: IsoDate;
  /** 08:00 Stockholm local time on dueDate with its offset, e.g. '2026-12-29T08:00:00+01:00' (a timer's timeDate). */
  dueAt: string;
  /** 08:00 Stockholm local time `reminderDays` calendar days before dueDate, with that day's offset; only when asked for. */
  reminderAt?: string;
  /**
   * 00:00 Stockholm local time on the day after dueDate, with its offset: the instant the due day has ended. An
   * escalation "when the deadline has passed" fires here, not on the due day's morning.
   */
  overdueAt: string;
}

/** A rule was asked for without the input it needs, or with an invalid one: the request can never succeed. */
export class DueDateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DueDateInputError';
  }
}

/** True when `s` names a known rule. */
export function isDueDateRule(s: unknown): s is DueDateRule {
  return typeof s === 'string' && (DUE_DATE_RULES as readonly string[]).includes(s);
}

/** Computes the due date of `rule` counted from `from` (a Stockholm civil date), and its reminder when asked for. */
export function computeDueDate(rule: DueDateRule, from: IsoDate, opts: DueDateOptions = {}): DueDate {
  if (!isIsoDate(from)) throw new DueDateInputError(`from must be a date YYYY-MM-DD, got ${JSON.stringify(from)}`);
  const dueDate = dueDateOf(rule, from, opts);
  const due: DueDate = { dueDate, dueAt: stockholmDateTime(dueDate, DUE_TIME_LOCAL), overdueAt: endOfDayAt(dueDate) };
  if (opts.reminderDays !== undefined) due.reminderAt = reminderAtBefore(dueDate, opts.reminderDays);
  return due;
}

/**
 * The reminder instant `days` calendar days before `dueDate`: 08:00 Stockholm local time on that civil date, with the
 * offset of that date (so a reminder across a DST change still falls at 08:00 local, unlike subtracting P14D from dueAt).
 * Calendar days, not working days: KT2/KT3 are reminded "two weeks before" (seed 003).
 */
export function reminderAtBefore(dueDate: IsoDate, days: number): string {
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new DueDateInputError(`reminderDays must be a whole number of days 1–366, got ${JSON.stringify(days)}`);
  return stockholmDateTime(addDays(dueDate, -days), DUE_TIME_LOCAL);
}

/** The instant the Stockholm civil day `date` ends: 00:00 local time on the next day, with that day's offset. */
export function endOfDayAt(date: IsoDate): string {
  return stockholmDateTime(addDays(date, 1), '00:00');
}

/**
 * The last day of a three-month arbetsprövning that starts on `start` (the day before the same date three months
 * later), moved earlier to a working day so that everything due "by the end" lies inside the three months.
 */
export function trialLastDay(start: IsoDate): IsoDate {
  return previousWorkingDayOnOrBefore(addDays(addMonthsClamped(start, 3), -1));
}

function dueDateOf(rule: DueDateRule, from: IsoDate, opts: DueDateOptions): IsoDate {
  switch (rule) {
    case 'af-answer-2-working-days':
      return addWorkingDays(from, 2);
    case 'meeting-week-after':
    case 'start-week-later':
      return addCalendarWeeks(from, 1);
    case 'follow-up-3-months':
      // "Minst var tredje månad" (seed 001) is a limit: a date that is not a working day moves earlier, never past it.
      return previousWorkingDayOnOrBefore(addMonthsClamped(from, 3));
    case 'kt2-one-year':
      return addCalendarMonths(from, 12);
    case 'kt1-second-meeting':
      // The date the first meeting set; a date that is not a working day is moved to the next working day.
      return nextWorkingDayOnOrAfter(from);
    case 'kt3-before-end': {
      if (!opts.until || !isIsoDate(opts.until))
        throw new DueDateInputError(`rule kt3-before-end needs until (the programme's end date, YYYY-MM-DD)`);
      // KT3_LEAD_MONTHS before the programme's end, moved earlier to a working day (never later, which would eat the
      // lead time); never before `from` (a programme that ends sooner than the lead time: KT3 as soon as possible).
      const due = previousWorkingDayOnOrBefore(addMonthsClamped(opts.until, -KT3_LEAD_MONTHS));
      return due < from ? nextWorkingDayOnOrAfter(from) : due;
    }
    case 'trial-start-meeting':
      return previousWorkingDayOnOrBefore(addDays(from, 6));
    case 'trial-follow-up-1':
      return previousWorkingDayOnOrBefore(addMonthsClamped(from, 1));
    case 'trial-follow-up-2':
      return previousWorkingDayOnOrBefore(addMonthsClamped(from, 2));
    case 'trial-end-3-months':
      return trialLastDay(from);
    case 'trial-assessment':
      return previousWorkingDayOnOrBefore(addDays(trialLastDay(from), -TRIAL_ASSESSMENT_LEAD_DAYS));
    case 'next-beredning-meeting': {
      if (!opts.group) throw new DueDateInputError('rule next-beredning-meeting needs group');
      // The first meeting after the day of the request: a case that arrives on a meeting day goes to the next one,
      // because members prepare each case before the meeting.
      return nextMeetings(opts.group, addDays(from, 1), 1)[0]!;
    }
    default: {
      const unknown: never = rule;
      throw new DueDateInputError(`unknown rule ${String(unknown)}`);
    }
  }
}
