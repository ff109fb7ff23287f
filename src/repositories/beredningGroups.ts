import type { Knex } from 'knex';

/** A beredning group's meeting settings as an admin keeps them in the table beredning_groups. */
export interface BeredningGroupRow {
  code: string;
  name: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  intervalWeeks: number;
  /** 'YYYY-MM-DD' (date columns are read as strings, see src/db/knex.ts). */
  anchorDate: string;
  candidateGroup: string;
}

/** One beredning group by code, or undefined. */
export async function findBeredningGroup(db: Knex, code: string): Promise<BeredningGroupRow | undefined> {
  const row = await db('beredning_groups').where({ code }).first<
    | {
        code: string;
        name: string;
        weekday: number;
        interval_weeks: number;
        anchor_date: string;
        candidate_group: string;
      }
    | undefined
  >();
  return (
    row && {
      code: row.code,
      name: row.name,
      weekday: row.weekday,
      intervalWeeks: row.interval_weeks,
      anchorDate: row.anchor_date,
      candidateGroup: row.candidate_group,
    }
  );
}
