import type { Knex } from 'knex';

/**
 * The task list and "Mina ärenden":
 * - partial case numbers (`0042` finds SV-2026-00042): a trigram index on tasks.case_id for `ilike '%…%'`
 *   (pg_trgm is a trusted extension: the database owner may create it);
 * - the verksamhet of a samverkan task comes from its case when the engine did not carry it (filled in for the
 *   rows written before the read model looked it up);
 * - the cases a handläggare's organisation answers for: cases by ärendebärare, routine cases by responsible
 *   organisation, only the ones still running.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');
  await knex.raw('create index if not exists tasks_case_id_trgm on tasks using gin (case_id gin_trgm_ops)');
  await knex.raw(
    `update tasks t set verksamhet = c.verksamhet from cases c where t.verksamhet is null and c.case_id = t.case_id`,
  );
  await knex.raw(
    `create index if not exists cases_arendebarare_running on cases (arendebarare_org) where status in ('aktualiserad', 'pa_beredning', 'pagaende')`,
  );
  await knex.raw(
    `create index if not exists routine_cases_responsible_running on routine_cases (responsible_org) where status = 'pagaende'`,
  );
}

/** Drops the indexes (the extension and the filled-in verksamheter stay: other objects may use them). */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists routine_cases_responsible_running');
  await knex.raw('drop index if exists cases_arendebarare_running');
  await knex.raw('drop index if exists tasks_case_id_trgm');
}
