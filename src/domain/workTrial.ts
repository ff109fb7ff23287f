import { isIsoDate, type IsoDate } from './calendar.js';
import { computeDueDate } from './deadlines.js';

/**
 * The target of the försörjningsstöd → Arenor för prövning routine: "från inventering till start av prövning tar det
 * två veckor". The routine's own steps are: AF answers within two working days of the aktualisering (made on the day
 * of the inventering), the person is called to a meeting the week after the answer, and the prövning starts a week
 * after that meeting. Those steps take two weeks plus AF's two working days (more over holidays), so a plain
 * "14 calendar days" would flag a case late that followed every step on time. The target is therefore the start date
 * that the steps give when each of them takes its full time: a start on or before it meets the target.
 *
 * This is the one definition of the target: the worker that records the start and the styrgrupp's dashboard use it.
 *
 * `trialStartTargetDate` is the latest start date that meets the target for an inventering held on `inventoryDate`.
 */
export function trialStartTargetDate(inventoryDate: IsoDate): IsoDate {
  const answer = computeDueDate('af-answer-2-working-days', inventoryDate).dueDate;
  const meeting = computeDueDate('meeting-week-after', answer).dueDate;
  return computeDueDate('start-week-later', meeting).dueDate;
}

/** Calendar days from the inventering to the start of the prövning. */
export function daysToTrialStart(inventoryDate: IsoDate, startDate: IsoDate): number {
  return Math.round((Date.parse(startDate) - Date.parse(inventoryDate)) / 86_400_000); // both UTC midnights
}

/** True when a prövning that starts on `startDate` misses the target for an inventering on `inventoryDate`. */
export function isTrialStartLate(inventoryDate: IsoDate, startDate: IsoDate): boolean {
  if (!isIsoDate(inventoryDate) || !isIsoDate(startDate))
    throw new RangeError(
      `dates must be YYYY-MM-DD, got ${JSON.stringify(inventoryDate)} and ${JSON.stringify(startDate)}`,
    );
  return startDate > trialStartTargetDate(inventoryDate);
}
