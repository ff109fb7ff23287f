import type { Knex } from 'knex';

import { isIsoDate, type IsoDate, parseStockholmDateTime, stockholmDateOf } from '../domain/calendar.js';
import { computeDueDate, type DueDate, DueDateInputError, type DueDateRule } from '../domain/deadlines.js';
import { findBeredningGroup } from '../repositories/beredningGroups.js';

export interface DueDateRequest {
  rule: DueDateRule;
  /** A date 'YYYY-MM-DD' or an ISO date-time (taken as its Stockholm civil date); default: today in Stockholm. */
  from?: string;
  /** Beredning group code (umea, nordmaling, …); needed by next-beredning-meeting. */
  group?: string;
  /** Programme end date; needed by kt3-before-end. */
  until?: IsoDate;
  /** Calendar days before the due date for a reminder (`reminderAt` in the result). */
  reminderDays?: number;
}

/** The Stockholm civil date of a date or date-time string. */
export function civilDateOf(value: string): IsoDate {
  if (isIsoDate(value)) return value;
  const instant = parseStockholmDateTime(value);
  if (!instant) throw new DueDateInputError(`not a date or date-time: ${JSON.stringify(value)}`);
  return stockholmDateOf(instant);
}

/** Computes a due date; a beredning group's meeting series is read from the database (admins change it there). */
export async function dueDateFor(db: Knex, req: DueDateRequest, now: Date = new Date()): Promise<DueDate> {
  const from = req.from ? civilDateOf(req.from) : stockholmDateOf(now);
  let group;
  if (req.rule === 'next-beredning-meeting') {
    if (!req.group) throw new DueDateInputError('rule next-beredning-meeting needs the variable group');
    group = await findBeredningGroup(db, req.group);
    if (!group) throw new DueDateInputError(`unknown beredning group ${JSON.stringify(req.group)}`);
  }
  return computeDueDate(req.rule, from, {
    ...(group ? { group } : {}),
    ...(req.until ? { until: req.until } : {}),
    ...(req.reminderDays !== undefined ? { reminderDays: req.reminderDays } : {}),
  });
}
