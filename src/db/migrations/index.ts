import type { Knex } from 'knex';

import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_cases.js';
import * as m0003 from './0003_notifications.js';
import * as m0004 from './0004_tasks.js';
import * as m0005 from './0005_process_versions.js';
import * as m0006 from './0006_security.js';
import * as m0007 from './0007_start_submissions.js';
import * as m0008 from './0008_operaton.js';
import * as m0010 from './0010_aktualisering.js';
import * as m0012 from './0012_bokslut.js';
import * as m0014 from './0014_tasklist_search.js';
import * as m0017 from './0017_beredning_parties_needs.js';
import * as m0018 from './0018_torg_beredning_groups.js';
import * as m0019 from './0019_arendebarare_forsorjning.js';
import * as m0020 from './0020_torg_should_take.js';

/**
 * Migrations are listed here explicitly (not discovered on disk) so they run the same under tsx, jest and a build.
 * Append new ones at the end; never reorder or rename an applied one.
 */
const migrations: Record<string, Knex.Migration> = {
  '0001_foundation': m0001,
  '0002_cases': m0002,
  '0003_notifications': m0003,
  '0004_tasks': m0004,
  '0005_process_versions': m0005,
  '0006_security': m0006,
  '0007_start_submissions': m0007,
  '0008_operaton': m0008,
  '0010_aktualisering': m0010,
  '0012_bokslut': m0012,
  '0014_tasklist_search': m0014,
  '0017_beredning_parties_needs': m0017,
  '0018_torg_beredning_groups': m0018,
  '0019_arendebarare_forsorjning': m0019,
  '0020_torg_should_take': m0020,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
