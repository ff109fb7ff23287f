import type { Knex } from 'knex';

import {
  type BokslutReport,
  computeBokslut,
  partitionParticipations,
  type Period,
  type RowProblem,
} from '../domain/bokslut.js';
import {
  computeIndicators,
  entryProblem,
  type IndicatorEntry,
  type IndicatorResult,
} from '../domain/bokslutIndicators.js';
import {
  caseStartDate,
  indicatorEntries,
  participationsOverlapping,
  replaceIndicatorEntries,
} from '../repositories/bokslut.js';

/** A bokslut from the database: the report of the consistent cases and the cases left out, by case id. */
export interface BokslutResult {
  report: BokslutReport;
  /** Inconsistent cases (e.g. an end date before the start date), each with its problem; not counted. */
  excluded: RowProblem[];
}

/**
 * The socialt bokslut for a period, computed from the cases in the database. A case that is inconsistent never
 * stops the report: it is left out and listed, so the förbundskansli can correct it.
 */
export async function bokslutWithProblems(db: Knex, period: Period): Promise<BokslutResult> {
  const raw = await participationsOverlapping(db, period);
  const { participations, problems } = partitionParticipations(raw.map((row) => ({ where: row.deltagareId, row })));
  return { report: computeBokslut(participations, period), excluded: problems };
}

/** The report alone (the year replay and the process tests compare tables). */
export async function bokslutFromDatabase(db: Knex, period: Period): Promise<BokslutReport> {
  return (await bokslutWithProblems(db, period)).report;
}

/** Selection of a period as stored with the entered results: the year and `ar` or a tertial. */
export interface PeriodKey {
  year: number;
  period: 'ar' | 'T1' | 'T2' | 'T3';
}

/** The indicator table of a period: process figures from the report, entered results from the database. */
export async function indicatorsFor(db: Knex, report: BokslutReport, key: PeriodKey): Promise<IndicatorResult[]> {
  return computeIndicators(report, await indicatorEntries(db, key.year, key.period));
}

export const loadIndicatorEntries = (db: Knex, key: PeriodKey) => indicatorEntries(db, key.year, key.period);

/** Thrown when entered results are inconsistent; `problems` maps the form field to an English reason. */
export class IndicatorEntryError extends Error {
  constructor(readonly problems: Record<string, string>) {
    super(
      `invalid indicator entries: ${Object.entries(problems)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
    this.name = 'IndicatorEntryError';
  }
}

/** Saves the entered results of one period (all or nothing). */
export async function saveIndicatorEntries(
  db: Knex,
  key: PeriodKey,
  entries: readonly IndicatorEntry[],
  enteredBy: string,
): Promise<void> {
  const problems: Record<string, string> = {};
  for (const e of entries) {
    const p = entryProblem(e);
    if (p) problems[`${e.indicatorId}.${e.subgroup}`] = p;
  }
  if (Object.keys(problems).length) throw new IndicatorEntryError(problems);
  await replaceIndicatorEntries(db, key.year, key.period, entries, enteredBy);
}

/**
 * The rule for an avslut entered on a case: the end date must not lie before the participation's start date
 * (a case ending before it started would make the bokslut inconsistent). Returns the start date it violates, or null.
 */
export async function closureBeforeStart(db: Knex, caseId: string, endDate: unknown): Promise<string | null> {
  if (typeof endDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(endDate)) return null; // the form's own rules report it
  const start = await caseStartDate(db, caseId);
  return start !== null && endDate < start ? start : null;
}
