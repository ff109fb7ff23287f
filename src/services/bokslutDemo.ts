import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Participation } from '../domain/bokslut.js';
import { generateParticipations, PublishedBokslutSchema } from '../domain/bokslutFixtures.js';
import type { Logger } from '../logger.js';
import { ROOT } from '../paths.js';
import { claimDemoLoad, findDemoLoad, updateDemoLoad } from '../repositories/bokslut.js';

/**
 * The demo year of the embedded stack: the 2020 participations that reproduce the published socialt bokslut
 * (seed 004, Tabell 1–3), stored into the app database once, in the background, so the bokslut page and its exports
 * show 2020 out of the box. This is the stored result of the year replay (the same rows the replay drives through
 * the real processes), not a replay: the cases are written as the processes leave an ended or running
 * participation, without process instances. Their persons carry only kön: 2020 lies more than five years back, so
 * the personal data would be gallrad anyway (docs/sakerhet.md).
 */

export const DEMO_YEAR_NAME = 'demo-2020';
/** The published 2020 figures the demo year reproduces. */
export const PUBLISHED_2020_FILE = path.join(ROOT, 'test', 'support', 'bokslut-2020-tabell-1-3.json');
const BATCH = 100;

/** Progress of the demo year loaded at start-up. */
export interface DemoProgress {
  status: 'running' | 'done' | 'failed';
  loaded: number;
  total: number;
}

/** The rows of the demo year (deterministic: the same ids and dates on every machine). */
export function demoYearRows(file = PUBLISHED_2020_FILE): Participation[] {
  return generateParticipations(PublishedBokslutSchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
}

/** A stable person id per demo case, so an interrupted load resumes without duplicates. */
function personIdOf(caseId: string): string {
  const h = createHash('sha256').update(`samverkan-demo-person:${caseId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Progress of the demo year, for the bokslut page; undefined when it was never started. */
export async function demoYearProgress(db: Knex, name = DEMO_YEAR_NAME): Promise<DemoProgress | undefined> {
  const row = await findDemoLoad(db, name);
  return row ? { status: row.status, loaded: row.loaded, total: row.total } : undefined;
}

async function insertBatch(db: Knex, rows: readonly Participation[]): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('persons')
      .insert(rows.map((p) => ({ person_id: personIdOf(p.deltagareId), kon: p.kon })))
      .onConflict('person_id')
      .ignore();
    await trx('cases')
      .insert(
        rows.map((p) => ({
          case_id: p.deltagareId,
          person_id: personIdOf(p.deltagareId),
          verksamhet: p.verksamhet,
          target_group: 'demo',
          referring_org: 'forbundet',
          referring_user: 'demo',
          informed_of_aim: true,
          ready_for_change: true,
          status: p.slutdatum ? 'avslutad' : 'pagaende',
          referred_at: `${p.startdatum}T08:00:00+01:00`,
          start_date: p.startdatum,
          end_date: p.slutdatum,
          avslutsorsak: p.avslutsorsak,
        })),
      )
      .onConflict('case_id')
      .ignore();
  });
}

/**
 * Loads the demo year once: a no-op when it is done (or another process is loading it); resumes a load that was
 * interrupted or failed. Progress goes to the table the bokslut page reads and to the log.
 */
export async function loadDemoYear(
  db: Knex,
  log: Logger,
  { rows = demoYearRows(), name = DEMO_YEAR_NAME }: { rows?: readonly Participation[]; name?: string } = {},
): Promise<'loaded' | 'skipped'> {
  const existing = await findDemoLoad(db, name);
  if (existing?.status === 'done') return 'skipped';
  // In the embedded stack one app process starts at a time, so a row left "running" is an interrupted load.
  if (existing?.status === 'running') await updateDemoLoad(db, name, { status: 'failed', error: 'interrupted' });
  if (!(await claimDemoLoad(db, name, rows.length))) return 'skipped';
  log.info({ total: rows.length }, 'demo year 2020: loading the socialt bokslut cases in the background');
  try {
    for (let i = 0; i < rows.length; i += BATCH) {
      await insertBatch(db, rows.slice(i, i + BATCH));
      const loaded = Math.min(i + BATCH, rows.length);
      await updateDemoLoad(db, name, { loaded });
      log.info({ loaded, total: rows.length }, `demo year 2020: ${loaded}/${rows.length} cases loaded`);
    }
    await updateDemoLoad(db, name, { status: 'done' });
    log.info('demo year 2020: done; the bokslut page shows 2020');
    return 'loaded';
  } catch (err) {
    await updateDemoLoad(db, name, { status: 'failed', error: (err as Error).message }).catch(() => undefined);
    throw err;
  }
}
