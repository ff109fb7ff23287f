import type { Knex } from 'knex';

/**
 * Transactional outbox for e-mail and in-app notifications. A worker writes both in the job's transaction, keyed
 * by `<job key>:<username>` so a redelivered job adds nothing; the outbox sender delivers unsent rows afterwards.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_messages', (t) => {
    t.bigIncrements('id').primary();
    t.string('idempotency_key').notNullable().unique();
    t.string('recipient_username').notNullable();
    t.string('recipient_email'); // null when the user has no address: kept for the record, never delivered
    t.string('subject').notNullable();
    t.text('body_text').notNullable();
    t.text('ics'); // RFC 5545 attachment for meeting invitations
    t.string('case_id');
    t.string('template').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
    t.index(['case_id']);
    t.index(['recipient_username']);
  });
  // The sender's work queue: unsent rows by due time.
  await knex.raw('create index outbox_messages_unsent_idx on outbox_messages (next_attempt_at) where sent_at is null');
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id').primary();
    t.string('idempotency_key').notNullable().unique();
    t.string('username').notNullable().references('users.username').onDelete('CASCADE');
    t.string('case_id');
    t.string('template').notNullable();
    t.string('title').notNullable();
    t.string('link');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.index(['username', 'read_at']);
  });
}

/** Drops the outbox and notification tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notifications');
  await knex.schema.dropTableIfExists('outbox_messages');
}
