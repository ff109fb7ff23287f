import { randomUUID } from 'node:crypto';

import type { Knex } from 'knex';

import type { Participation } from '../../src/domain/bokslut.js';

/** Whether the core tables of migration 0002 exist in this database. */
export async function hasCaseTables(db: Knex): Promise<boolean> {
  return (await db.schema.hasTable('cases')) && (await db.schema.hasTable('persons'));
}

interface Column {
  column_name: string;
  data_type: string;
}

/** Required columns (not null, no default) of a table, so fillers keep up with schema changes the bokslut ignores. */
async function requiredColumns(db: Knex, table: string): Promise<Column[]> {
  const res = await db.raw<{ rows: Column[] }>(
    `select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ? and is_nullable = 'NO' and column_default is null`,
    [table],
  );
  return res.rows;
}

function filler(col: Column, key: string): unknown {
  switch (col.data_type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'smallint':
    case 'bigint':
    case 'numeric':
      return 1990;
    case 'uuid':
      return randomUUID();
    case 'date':
      return '2000-01-01';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return new Date();
    case 'ARRAY':
      return [];
    default:
      return `${col.column_name}-${key}`; // text: unique per row for unique columns (e.g. a blind index)
  }
}

/**
 * Inserts participations as persons + cases (one person per participation), the way the processes leave them:
 * `start_date` set, ended ones with `end_date`, `avslutsorsak` and status `avslutad`. Columns the bokslut does
 * not read get placeholder values.
 */
export async function insertParticipations(
  db: Knex,
  rows: readonly Participation[],
  { status }: { status?: (p: Participation) => string } = {},
): Promise<void> {
  const [personCols, caseCols] = await Promise.all([requiredColumns(db, 'persons'), requiredColumns(db, 'cases')]);
  const hasStatus = await db.schema.hasColumn('cases', 'status');
  const persons: Record<string, unknown>[] = [];
  const cases: Record<string, unknown>[] = [];
  for (const p of rows) {
    const person: Record<string, unknown> = { person_id: randomUUID(), kon: p.kon };
    for (const c of personCols) if (!(c.column_name in person)) person[c.column_name] = filler(c, p.deltagareId);
    const kase: Record<string, unknown> = {
      case_id: p.deltagareId,
      person_id: person.person_id,
      verksamhet: p.verksamhet,
      start_date: p.startdatum,
      end_date: p.slutdatum,
      avslutsorsak: p.avslutsorsak,
      ...(hasStatus ? { status: status?.(p) ?? (p.slutdatum ? 'avslutad' : 'pagaende') } : {}),
    };
    for (const c of caseCols) if (!(c.column_name in kase)) kase[c.column_name] = filler(c, p.deltagareId);
    persons.push(person);
    cases.push(kase);
  }
  await db.transaction(async (trx) => {
    await trx.batchInsert('persons', persons, 500);
    await trx.batchInsert('cases', cases, 500);
  });
}

/** Removes the cases (and their persons) with these ids. */
export async function deleteParticipations(db: Knex, caseIds: readonly string[]): Promise<void> {
  await db.transaction(async (trx) => {
    const personIds = await trx('cases').whereIn('case_id', caseIds).pluck('person_id');
    await trx('cases').whereIn('case_id', caseIds).del();
    await trx('persons').whereIn('person_id', personIds).del();
  });
}
