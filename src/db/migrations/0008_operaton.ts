import type { Knex } from 'knex';

/**
 * The move to Operaton: engine ids are strings (UUIDs), not the earlier engine's 64-bit keys, and user tasks are the engine's.
 * - Every column that holds an engine id becomes text (values written by the earlier engine stay readable as text).
 * - `tasks` becomes a read model of the engine's open and finished user tasks, fed by the launcher's task events
 *   and reconciled from the REST API; the engine stays the source of truth. Rows of the old job-worker tasks are
 *   dropped: their engine is gone.
 * - `deployed_forms` and `engine_resources` go: a task's form is the one deployed with its process definition (asked of
 *   the engine), and start-up deploys with the engine's duplicate filtering.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table job_ledger alter column job_key type text, alter column process_instance_key type text');
  for (const table of ['plans', 'meetings', 'follow_ups'])
    await knex.raw(`alter table ${table} alter column job_key type text`);
  for (const table of ['cases', 'routine_cases'])
    await knex.raw(`alter table ${table} alter column process_instance_key type text`);
  await knex.raw('alter table process_versions alter column process_definition_key type text');
  await knex.raw('alter table process_versions rename column process_definition_key to process_definition_id');

  await knex.schema.dropTable('tasks');
  await knex.schema.dropTableIfExists('deployed_forms');
  // Start-up deploys with the engine's duplicate filtering; hashes of our own are not needed.
  await knex.schema.dropTableIfExists('engine_resources');
  await knex.schema.createTable('tasks', (t) => {
    t.text('task_id').primary();
    t.text('process_instance_id').notNullable();
    t.text('process_definition_id').notNullable();
    t.string('bpmn_process_id').notNullable();
    t.integer('process_version').notNullable();
    t.string('element_id').notNullable();
    t.string('element_name');
    t.string('case_id');
    t.string('form_id');
    t.specificType('candidate_groups', 'text[]').notNullable().defaultTo('{}');
    t.string('assignee');
    t.timestamp('assigned_at', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.timestamp('follow_up_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('state').notNullable().defaultTo('open');
    t.string('completed_by');
    t.timestamp('completed_at', { useTz: true });
    t.boolean('escalated').notNullable().defaultTo(false);
    t.string('verksamhet');
    /** When the engine last told us about the task (event or reconciliation). */
    t.timestamp('synced_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `alter table tasks add constraint tasks_state_check check (state in ('open', 'completed', 'cancelled'))`,
  );
  // "Gruppens uppgifter": open tasks whose candidate groups overlap the user's groups (&&), most urgent first.
  await knex.raw(`create index tasks_open_candidate_groups on tasks using gin (candidate_groups) where state = 'open'`);
  await knex.raw(
    `create index tasks_open_due on tasks (due_at asc nulls last, created_at, task_id) where state = 'open'`,
  );
  // "Mina uppgifter" and the completed/cancelled history per user.
  await knex.raw(
    `create index tasks_assignee_state_due on tasks (assignee, state, due_at asc nulls last, created_at) where assignee is not null`,
  );
  await knex.raw(`create index tasks_case on tasks (case_id, created_at)`);
  await knex.raw(`create index tasks_process_instance on tasks (process_instance_id)`);
}

/** Not reversible: the earlier engine's keys and tasks are gone with it. */
export async function down(): Promise<void> {
  throw new Error('0008_operaton cannot be undone');
}
