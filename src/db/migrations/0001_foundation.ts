import type { Knex } from 'knex';

/** Organisations, users, groups, beredning groups, engine resource hashes and the job ledger. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisations', (t) => {
    t.string('code').primary();
    t.string('name').notNullable();
    t.string('authority').notNullable(); // af | fk | kommun | region | forbund
  });
  await knex.schema.createTable('users', (t) => {
    t.string('username').primary();
    t.string('display_name').notNullable();
    t.string('org_code').notNullable().references('organisations.code');
    t.string('role').notNullable(); // handlaggare | samordnare | processagare | styrgrupp | forbundskansli | admin | logggranskare
    t.string('email');
    t.string('password_hash'); // embedded login only; null for OIDC users
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('groups', (t) => {
    t.string('code').primary(); // candidate group id used in BPMN
    t.string('name').notNullable();
  });
  await knex.schema.createTable('group_members', (t) => {
    t.string('group_code').notNullable().references('groups.code').onDelete('CASCADE');
    t.string('username').notNullable().references('users.username').onDelete('CASCADE');
    t.primary(['group_code', 'username']);
  });
  await knex.schema.createTable('beredning_groups', (t) => {
    t.string('code').primary(); // umea | nordmaling | vannas | bjurholm | vindeln | robertsfors
    t.string('name').notNullable();
    t.integer('weekday').notNullable(); // ISO weekday 1 = Monday
    t.integer('interval_weeks').notNullable(); // 1 weekly, 2 every other week
    t.date('anchor_date').notNullable(); // a meeting date; biweekly series are counted from it
    t.string('candidate_group').notNullable().references('groups.code');
  });
  await knex.schema.createTable('engine_resources', (t) => {
    t.string('name').primary(); // file name in processes/ or forms/
    t.string('sha256').notNullable();
    t.string('deployment_key');
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // At-least-once delivery: a job's effects and its output are committed together, keyed by job key,
  // so a redelivered job finds its row and completes again without a second effect.
  await knex.schema.createTable('job_ledger', (t) => {
    t.bigInteger('job_key').primary();
    t.string('job_type').notNullable();
    t.bigInteger('process_instance_key');
    t.jsonb('output').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

/** Drops the foundation tables. */
export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'job_ledger',
    'engine_resources',
    'beredning_groups',
    'group_members',
    'groups',
    'users',
    'organisations',
  ]) {
    await knex.schema.dropTableIfExists(t);
  }
}
