import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

import { migrationSource } from './migrations/index.js';

// int8 (bigint) as string keeps 64-bit numbers exact; dates stay dates; `date` columns as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/** Creates a knex instance for PostgreSQL. */
export function createKnex(url: string, { poolMax = 10 }: { poolMax?: number } = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 15_000,
  });
}

/** Runs all migrations that have not run yet. */
export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
