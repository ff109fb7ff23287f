import type { Knex } from 'knex';

/**
 * Security and data protection:
 * - audit_log gets the client IP and a details column, and becomes append-only: a trigger refuses UPDATE, DELETE
 *   and TRUNCATE whoever runs them (the owner included), and PUBLIC loses those rights. Where the app connects with
 *   its own role that does not own the table, also run `revoke update, delete, truncate on audit_log from <app role>`
 *   (docs/sakerhet.md).
 * - gallring: persons lose their personal data (personnummer ciphertext, blind index, birth year, folkbokföring)
 *   five years after avslut, so those columns become nullable; `gallrad_at` marks what was done and gallring_log
 *   records each run.
 * - consent expiry: the daily check marks when a "samtycke löper ut snart" flag was raised, so it is raised once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.text('ip');
    t.jsonb('details').notNullable().defaultTo('{}');
  });
  await knex.raw(`create index if not exists audit_log_at on audit_log (at)`);
  await knex.raw(`
    create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$`);
  await knex.raw(
    `create trigger audit_log_no_update_delete before update or delete on audit_log for each row execute function audit_log_append_only()`,
  );
  await knex.raw(
    `create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`,
  );
  await knex.raw(`revoke update, delete, truncate on audit_log from public`);

  await knex.raw(
    `alter table persons alter column personnummer_enc drop not null, alter column personnummer_hmac drop not null, alter column birth_year drop not null, alter column folkbokford_kommun drop not null`,
  );
  await knex.schema.alterTable('persons', (t) => {
    t.timestamp('gallrad_at', { useTz: true });
  });
  await knex.schema.alterTable('cases', (t) => {
    t.timestamp('gallrad_at', { useTz: true });
  });
  await knex.schema.alterTable('consents', (t) => {
    t.timestamp('expiry_flagged_at', { useTz: true });
  });
  await knex.schema.createTable('gallring_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('run_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.boolean('dry_run').notNullable();
    t.text('case_id').notNullable();
    t.date('end_date');
    t.specificType('actions', 'text[]').notNullable(); // what was removed, e.g. persons.personnummer_enc
    t.jsonb('counts').notNullable().defaultTo('{}'); // rows touched per table
  });
  await knex.raw(`create index gallring_log_case on gallring_log (case_id)`);
}

/** Drops the gallring and consent-expiry columns and the append-only trigger (development only). */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('gallring_log');
  await knex.schema.alterTable('consents', (t) => t.dropColumn('expiry_flagged_at'));
  await knex.schema.alterTable('cases', (t) => t.dropColumn('gallrad_at'));
  await knex.schema.alterTable('persons', (t) => t.dropColumn('gallrad_at'));
  await knex.raw(`drop trigger if exists audit_log_no_truncate on audit_log`);
  await knex.raw(`drop trigger if exists audit_log_no_update_delete on audit_log`);
  await knex.raw(`drop function if exists audit_log_append_only()`);
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('details');
    t.dropColumn('ip');
  });
}
