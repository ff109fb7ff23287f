import type { Knex } from 'knex';

import type { RawParticipation } from '../domain/bokslut.js';
import type { IndicatorEntry } from '../domain/bokslutIndicators.js';

/**
 * Participations for the socialt bokslut: `cases` ⨝ `persons` where the participation has started
 * (docs/architecture.md, "Core tables"), limited to those that overlap the inclusive period.
 * Values come back as stored (not validated): the service validates them with the same rules as a CSV file.
 */
export async function participationsOverlapping(
  db: Knex,
  period: { from: string; to: string },
): Promise<RawParticipation[]> {
  return db('cases as c')
    .join('persons as p', 'p.person_id', 'c.person_id')
    .whereNotNull('c.start_date')
    .where('c.start_date', '<=', period.to)
    .where((q) => q.whereNull('c.end_date').orWhere('c.end_date', '>=', period.from))
    .orderBy('c.case_id')
    .select<RawParticipation[]>(
      'c.case_id as deltagareId',
      db.raw(`c.person_id::text as "personKey"`),
      'c.verksamhet as verksamhet',
      'p.kon as kon',
      // to_char keeps `date` as the calendar day whatever type parser or session time zone is in use.
      db.raw(`to_char(c.start_date, 'YYYY-MM-DD') as "startdatum"`),
      db.raw(`to_char(c.end_date, 'YYYY-MM-DD') as "slutdatum"`),
      'c.avslutsorsak as avslutsorsak',
    );
}

/** The start date of a case as `YYYY-MM-DD` (null when the participation has not started or the case is unknown). */
export async function caseStartDate(db: Knex, caseId: string): Promise<string | null> {
  const row = await db('cases')
    .where({ case_id: caseId })
    .first<{ start_date: string | null } | undefined>(db.raw(`to_char(start_date, 'YYYY-MM-DD') as start_date`));
  return row?.start_date ?? null;
}

interface EntryRow {
  indicator_id: string;
  subgroup: string;
  numerator: number | null;
  denominator: number | null;
  value: string | null;
}

/** The entered indicator results of one period. */
export async function indicatorEntries(db: Knex, year: number, period: string): Promise<IndicatorEntry[]> {
  const rows = await db('bokslut_indicator_results')
    .where({ year, period })
    .orderBy(['indicator_id', 'subgroup'])
    .select<EntryRow[]>('indicator_id', 'subgroup', 'numerator', 'denominator', 'value');
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    subgroup: r.subgroup,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.value === null ? null : Number(r.value),
  }));
}

/** Replaces the entered results of one period in one transaction (an empty entry removes its row). */
export async function replaceIndicatorEntries(
  db: Knex,
  year: number,
  period: string,
  entries: readonly IndicatorEntry[],
  enteredBy: string,
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('bokslut_indicator_results').where({ year, period }).del();
    const rows = entries
      .filter((e) => e.numerator !== null || e.denominator !== null || e.value !== null)
      .map((e) => ({
        year,
        period,
        indicator_id: e.indicatorId,
        subgroup: e.subgroup,
        numerator: e.numerator,
        denominator: e.denominator,
        value: e.value,
        entered_by: enteredBy,
      }));
    if (rows.length) await trx.batchInsert('bokslut_indicator_results', rows, 200);
  });
}

export interface DemoLoadRow {
  name: string;
  status: 'running' | 'done' | 'failed';
  loaded: number;
  total: number;
  error: string | null;
}

export async function findDemoLoad(db: Knex, name: string): Promise<DemoLoadRow | undefined> {
  return db('bokslut_demo_loads')
    .where({ name })
    .first<DemoLoadRow | undefined>('name', 'status', 'loaded', 'total', 'error');
}

/** Claims a demo load: true when this call created the row (or took over a failed one), false when it exists. */
export async function claimDemoLoad(db: Knex, name: string, total: number): Promise<boolean> {
  const res = await db.raw<{ rowCount: number }>(
    `insert into bokslut_demo_loads (name, status, loaded, total) values (?, 'running', 0, ?)
     on conflict (name) do update set status = 'running', loaded = 0, total = excluded.total, error = null, started_at = now(), finished_at = null
       where bokslut_demo_loads.status = 'failed'`,
    [name, total],
  );
  return res.rowCount === 1;
}

export async function updateDemoLoad(
  db: Knex,
  name: string,
  patch: Partial<Pick<DemoLoadRow, 'status' | 'loaded' | 'error'>>,
): Promise<void> {
  await db('bokslut_demo_loads')
    .where({ name })
    .update({ ...patch, ...(patch.status && patch.status !== 'running' ? { finished_at: db.fn.now() } : {}) });
}
