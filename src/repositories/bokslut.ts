import type { Knex } from 'knex';
import type { RawParticipation } from '../domain/bokslut.js';

/**
 * Participations for the socialt bokslut: `cases` ⨝ `persons` where the participation has started
 * (docs/architecture.md, "Core tables"), limited to those that overlap the inclusive period.
 * Values come back as stored (not validated): the service validates them with the same rules as a CSV file.
 */
export async function participationsOverlapping(db: Knex, period: { from: string; to: string }): Promise<RawParticipation[]> {
  return db('cases as c')
    .join('persons as p', 'p.person_id', 'c.person_id')
    .whereNotNull('c.start_date')
    .where('c.start_date', '<=', period.to)
    .where((q) => q.whereNull('c.end_date').orWhere('c.end_date', '>=', period.from))
    .orderBy('c.case_id')
    .select<RawParticipation[]>(
      'c.case_id as deltagareId',
      'c.verksamhet as verksamhet',
      'p.kon as kon',
      // to_char keeps `date` as the calendar day whatever type parser or session time zone is in use.
      db.raw(`to_char(c.start_date, 'YYYY-MM-DD') as "startdatum"`),
      db.raw(`to_char(c.end_date, 'YYYY-MM-DD') as "slutdatum"`),
      'c.avslutsorsak as avslutsorsak',
    );
}
