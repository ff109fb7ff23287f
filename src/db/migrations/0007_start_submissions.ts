import type { Knex } from 'knex';

/**
 * Start forms (aktualisering, inventering, inskrivning) carry a hidden idempotency key: the first submission
 * claims it here, a double submit finds the row and is sent to the case already created.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('start_submissions', (t) => {
    t.text('idempotency_key').primary();
    t.text('kind').notNullable(); // aktualisering | inventering | etablering
    t.text('username').notNullable();
    t.text('case_id'); // null while the submission is being processed
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('start_submissions');
}
