import { z } from 'zod';

import type { IndicatorResult } from './bokslutIndicators.js';
import { stockholmDateOf } from './calendar.js';
import { type Verksamhet, VERKSAMHETER } from './organisations.js';

/**
 * Socialt bokslut (seed 004, Tabell 1–8): counts and percentages per verksamhet and in total, split by kön.
 * Everything here is pure: rows in, tables out. Sources (CSV file, database) validate into `Participation`.
 * Deltagare and nya count persons per verksamhet (a person re-aktualiserad within the period counts once);
 * avslutade and the avslutsorsaker count every avslut.
 */

/** The seven end reasons (DOMAIN.md "Outcomes and follow-up"); the first five count as positive. */
export const AVSLUTSORSAKER = [
  'arbete',
  'extratjanst',
  'studier',
  'fortsatt_rehab',
  'saknar_arbetsformaga',
  'avbrott_halsa',
  'avbrott_ovrigt',
] as const;
export type Avslutsorsak = (typeof AVSLUTSORSAKER)[number];
export const POSITIVA_ORSAKER = ['arbete', 'extratjanst', 'studier', 'fortsatt_rehab', 'saknar_arbetsformaga'] as const;

export const KON = ['K', 'M'] as const;
export type Kon = (typeof KON)[number];

/** Row keys of one bokslut table, in the published order. */
export const RADER = ['deltagare', 'nya', 'avslutade', 'positiv', ...AVSLUTSORSAKER] as const;
export type Rad = (typeof RADER)[number];
export const COUNT_RADER = ['deltagare', 'nya', 'avslutade'] as const;
export const PERCENT_RADER = ['positiv', ...AVSLUTSORSAKER] as const;
export type PercentRad = (typeof PERCENT_RADER)[number];

const isoDate = z
  .string()
  .refine(isRealDate, { error: (i) => `bad date ${JSON.stringify(i.input)} (expected a calendar date YYYY-MM-DD)` });

const ParticipationFields = z.object({
  deltagareId: z.string().trim().min(1, 'deltagare_id is empty'),
  /** The person behind the participation; a CSV row without one is a person of its own. */
  personKey: z.string().min(1).optional(),
  verksamhet: z.enum(VERKSAMHETER, { error: (i) => `unknown verksamhet ${JSON.stringify(i.input)}` }),
  kon: z.enum(KON, { error: (i) => `unknown kon ${JSON.stringify(i.input)} (expected K or M)` }),
  startdatum: isoDate,
  slutdatum: isoDate.nullable(),
  avslutsorsak: z.enum(AVSLUTSORSAKER, { error: (i) => `unknown avslutsorsak ${JSON.stringify(i.input)}` }).nullable(),
});

/** Rules across fields; run on the raw values too, so a row with a bad code still gets every problem reported. */
function crossFieldProblems(p: {
  startdatum: string;
  slutdatum: string | null;
  avslutsorsak: string | null;
}): string[] {
  const problems: string[] = [];
  if (p.slutdatum !== null && isRealDate(p.slutdatum) && isRealDate(p.startdatum) && p.slutdatum < p.startdatum) {
    problems.push(`slutdatum ${p.slutdatum} is before startdatum ${p.startdatum}`);
  }
  if (p.slutdatum !== null && p.avslutsorsak === null) problems.push('slutdatum without avslutsorsak');
  if (p.slutdatum === null && p.avslutsorsak !== null) problems.push('avslutsorsak without slutdatum');
  return problems;
}

/** One participation (a case with a start date) as the bokslut reads it. */
export const ParticipationSchema = ParticipationFields.superRefine((p, ctx) => {
  for (const message of crossFieldProblems(p)) ctx.addIssue({ code: 'custom', message });
});
export type Participation = z.infer<typeof ParticipationSchema>;

/** A raw row before validation: strings as read from a CSV file or the database; empty string or null = missing. */
export interface RawParticipation {
  deltagareId: string;
  /** Pseudonymous key of the person (the database's person id); absent in CSV files. */
  personKey?: string | null;
  verksamhet: string;
  kon: string;
  startdatum: string;
  slutdatum: string | null;
  avslutsorsak: string | null;
}

/** A rejected row: `where` is the CSV line number or the case id. */
export interface RowProblem {
  where: number | string;
  message: string;
}

/**
 * Validates raw rows (every problem of every row, plus duplicate ids) and splits them into the valid rows and the
 * problems. A CSV file is all-or-nothing (`validateParticipations`); the database path reports from the valid rows
 * and lists the inconsistent cases beside the report.
 */
export function partitionParticipations(rows: ReadonlyArray<{ where: number | string; row: RawParticipation }>): {
  participations: Participation[];
  problems: RowProblem[];
} {
  const problems: RowProblem[] = [];
  const participations: Participation[] = [];
  const firstSeen = new Map<string, number | string>();
  for (const { where, row } of rows) {
    const blankToNull = (v: string | null) => (v === null || v.trim() === '' ? null : v.trim());
    const normalized = {
      deltagareId: row.deltagareId,
      ...(row.personKey ? { personKey: row.personKey } : {}),
      verksamhet: row.verksamhet.trim(),
      kon: row.kon.trim(),
      startdatum: row.startdatum.trim(),
      slutdatum: blankToNull(row.slutdatum),
      avslutsorsak: blankToNull(row.avslutsorsak),
    };
    const parsed = ParticipationFields.safeParse(normalized);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        const message = issue.message.includes(field) || !field ? issue.message : `${field}: ${issue.message}`;
        problems.push({ where, message });
      }
    }
    const crossProblems = crossFieldProblems(normalized);
    for (const message of crossProblems) problems.push({ where, message });
    const id = row.deltagareId.trim();
    if (id) {
      const first = firstSeen.get(id);
      if (first !== undefined)
        problems.push({
          where,
          message: `duplicate deltagare_id ${JSON.stringify(id)} (first ${typeof first === 'number' ? `on line ${first}` : `at ${first}`})`,
        });
      else firstSeen.set(id, where);
    }
    if (parsed.success && crossProblems.length === 0) participations.push(parsed.data);
  }
  return { participations, problems };
}

/** All rows valid, or every problem: a bokslut computed from a partly rejected file would publish wrong figures. */
export function validateParticipations(
  rows: ReadonlyArray<{ where: number | string; row: RawParticipation }>,
): { ok: true; participations: Participation[] } | { ok: false; problems: RowProblem[] } {
  const { participations, problems } = partitionParticipations(rows);
  return problems.length ? { ok: false, problems } : { ok: true, participations };
}

/** An inclusive date range; `label` names it in reports ("2020", "2020 T1", "2020-03-01–2020-06-30"). */
export interface Period {
  from: string;
  to: string;
  label: string;
}

export const TERTIALER = ['T1', 'T2', 'T3'] as const;
export type Tertial = (typeof TERTIALER)[number];

/** The periods a report (bokslut, dashboard) is chosen by: the whole year ('ar') or one tertial. */
export const REPORT_PERIODS = ['ar', ...TERTIALER] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** A report's year and period as the query string gives them: this year in Stockholm and the whole year by default. */
export const ReportPeriodQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .default(() => Number(stockholmDateOf().slice(0, 4))),
  period: z.enum(REPORT_PERIODS).default('ar'),
});

/** The whole year, or a tertial (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec). */
export function periodOf(year: number, tertial?: Tertial): Period {
  const y = String(year).padStart(4, '0');
  if (!tertial) return { from: `${y}-01-01`, to: `${y}-12-31`, label: y };
  const [from, to] = { T1: ['01-01', '04-30'], T2: ['05-01', '08-31'], T3: ['09-01', '12-31'] }[tertial];
  return { from: `${y}-${from}`, to: `${y}-${to}`, label: `${y} ${tertial}` };
}

/** Any inclusive from/to range. */
export function customPeriod(from: string, to: string): Period {
  if (!isRealDate(from) || !isRealDate(to)) throw new RangeError(`invalid period ${from}–${to}`);
  if (to < from) throw new RangeError(`period ends ${to} before it starts ${from}`);
  return { from, to, label: `${from}–${to}` };
}

export interface KonCount {
  K: number;
  M: number;
  T: number;
}
export interface KonCountWithPercent extends KonCount {
  /** Whole percent of the Totalt column, half-up; null when the denominator is 0. */
  procent: number | null;
}
export type BokslutRader = Record<(typeof COUNT_RADER)[number], KonCount> & Record<PercentRad, KonCountWithPercent>;
export interface BokslutTable {
  verksamhet: Verksamhet | 'totalt';
  rader: BokslutRader;
}
export interface BokslutReport {
  period: Period;
  tables: BokslutTable[];
}

/**
 * Whole-number percentage rounded half-up, computed in integers so 29/40 = 72.5 % becomes 73 exactly.
 * The published 2020 figures prove half-up: 29/40 → 73 % and 7/40 → 18 % (floor and banker's rounding give 72 %),
 * 8/29 = 27.6 → 28 % (floor gives 27 %). Null when there is nothing to divide by.
 */
export function percentHalfUp(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.floor((200 * numerator + denominator) / (2 * denominator));
}

/** Whether the participation counts in the period: started on or before its last day, not ended before its first. */
export function isActiveIn(p: Participation, period: Period): boolean {
  return p.startdatum <= period.to && (p.slutdatum === null || p.slutdatum >= period.from);
}

const within = (date: string | null, period: Period) => date !== null && date >= period.from && date <= period.to;

type Counts = Record<Rad, { K: number; M: number }>;

function emptyCounts(): Counts {
  return Object.fromEntries(RADER.map((r) => [r, { K: 0, M: 0 }])) as Counts;
}

/** The person a participation belongs to (the case id stands in when the source has no person key). */
export const personOf = (p: Participation): string => p.personKey ?? `case:${p.deltagareId}`;

/** One person within one verksamhet in the period: kön and the earliest start among the participations counted. */
interface PersonInPeriod {
  kon: Kon;
  firstStart: string;
}

/** Counts one avslut (every avslut counts, also a second one of the same person). */
function countAvslut(counts: Counts, p: Participation, period: Period): void {
  if (within(p.slutdatum, period) && p.avslutsorsak) {
    counts.avslutade[p.kon] += 1;
    counts[p.avslutsorsak][p.kon] += 1;
    if ((POSITIVA_ORSAKER as readonly string[]).includes(p.avslutsorsak)) counts.positiv[p.kon] += 1;
  }
}

/**
 * Deltagare: persons with a participation active in the period; nya: those of them whose earliest such
 * participation started within the period (a person who took part before the period and was re-aktualiserad in it
 * is not new).
 */
function countPersons(counts: Counts, persons: Map<string, PersonInPeriod>, period: Period): void {
  for (const person of persons.values()) {
    counts.deltagare[person.kon] += 1;
    if (person.firstStart >= period.from) counts.nya[person.kon] += 1;
  }
}

/** The denominator of each percentage row (DOMAIN.md; confirmed by every published 2020 percentage). */
export const PERCENT_DENOMINATOR: Record<PercentRad, 'avslutade' | 'positiv'> = {
  positiv: 'avslutade',
  arbete: 'positiv',
  extratjanst: 'positiv',
  studier: 'positiv',
  fortsatt_rehab: 'positiv',
  saknar_arbetsformaga: 'positiv',
  avbrott_halsa: 'avslutade',
  avbrott_ovrigt: 'avslutade',
};

function toRader(counts: Counts): BokslutRader {
  const kt = (c: { K: number; M: number }): KonCount => ({ K: c.K, M: c.M, T: c.K + c.M });
  const rader = {} as Record<string, KonCount | KonCountWithPercent>;
  for (const rad of COUNT_RADER) rader[rad] = kt(counts[rad]);
  for (const rad of PERCENT_RADER) {
    const row = kt(counts[rad]);
    const d = counts[PERCENT_DENOMINATOR[rad]];
    rader[rad] = { ...row, procent: percentHalfUp(row.T, d.K + d.M) };
  }
  return rader as BokslutRader;
}

/**
 * Computes the bokslut tables for a period: one per verksamhet with at least one participant in the period
 * (in the order of VERKSAMHETER), then `totalt`, the sum of the parts (persons are counted per verksamhet, so a
 * person in two verksamheter in the period counts in each, as in the printed Tabell 1–8).
 */
export function computeBokslut(participations: readonly Participation[], period: Period): BokslutReport {
  const per = new Map<Verksamhet, Counts>();
  const personsPer = new Map<Verksamhet, Map<string, PersonInPeriod>>();
  const total = emptyCounts();
  for (const p of participations) {
    if (!isActiveIn(p, period)) continue;
    const counts = per.get(p.verksamhet) ?? emptyCounts();
    per.set(p.verksamhet, counts);
    countAvslut(counts, p, period);
    countAvslut(total, p, period);
    const persons = personsPer.get(p.verksamhet) ?? new Map<string, PersonInPeriod>();
    personsPer.set(p.verksamhet, persons);
    const key = personOf(p);
    const seen = persons.get(key);
    if (!seen || p.startdatum < seen.firstStart) persons.set(key, { kon: p.kon, firstStart: p.startdatum });
  }
  for (const [v, persons] of personsPer) {
    countPersons(per.get(v)!, persons, period);
    countPersons(total, persons, period);
  }
  const tables: BokslutTable[] = VERKSAMHETER.filter((v) => per.has(v)).map((v) => ({
    verksamhet: v,
    rader: toRader(per.get(v)!),
  }));
  tables.push({ verksamhet: 'totalt', rader: toRader(total) });
  return { period, tables };
}

/** Smallest count an export that leaves the förbund may show; smaller cells (0 included) are written "<5". */
export const FINSAM_MIN_CELL = 5;

/** One row of the Uppföljning Finsam export: aggregate counts per insats, period and kön, masked. */
export interface FinsamRow {
  insats: Verksamhet;
  periodFrom: string;
  periodTo: string;
  kon: Kon;
  deltagare: number | '<5';
  nya: number | '<5';
  avslutade: number | '<5';
}

/** Masks a count below FINSAM_MIN_CELL as "<5". */
export function maskSmall(n: number): number | '<5' {
  return n < FINSAM_MIN_CELL ? '<5' : n;
}

/**
 * The Uppföljning Finsam rows for one period: per insats and kön (K, M), no totals (a total next to one masked
 * kön would give the masked count away by subtraction), every count below 5 masked.
 */
export function finsamRows(report: BokslutReport): FinsamRow[] {
  const rows: FinsamRow[] = [];
  for (const t of report.tables) {
    if (t.verksamhet === 'totalt') continue;
    for (const kon of KON) {
      rows.push({
        insats: t.verksamhet,
        periodFrom: report.period.from,
        periodTo: report.period.to,
        kon,
        deltagare: maskSmall(t.rader.deltagare[kon]),
        nya: maskSmall(t.rader.nya[kon]),
        avslutade: maskSmall(t.rader.avslutade[kon]),
      });
    }
  }
  return rows;
}

/**
 * The report in the CLI's JSON contract: `{ year, tables, indicators }` (plus the period for anything but a whole
 * year, and `excluded` when inconsistent cases were left out).
 */
export function toJsonContract(
  report: BokslutReport,
  year: number,
  tertial: Tertial | undefined,
  indicators: readonly IndicatorResult[],
  excluded: readonly RowProblem[] = [],
): Record<string, unknown> {
  const whole = report.period.from === `${year}-01-01` && report.period.to === `${year}-12-31`;
  return {
    year,
    ...(whole ? {} : { period: tertial ?? null, from: report.period.from, to: report.period.to }),
    tables: report.tables,
    indicators,
    ...(excluded.length ? { excluded: excluded.map((p) => ({ case: p.where, problem: p.message })) } : {}),
  };
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
