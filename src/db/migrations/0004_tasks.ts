import type { Knex } from 'knex';

/**
 * The task projection (job-worker user tasks; the 8.6 engine has no Tasklist), what the projection needs from
 * deployments (form keys → form ids, element names per process version), the session store of connect-pg-simple,
 * and the audit log of reads and changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tasks', (t) => {
    t.bigInteger('job_key').primary();
    t.bigInteger('process_instance_key').notNullable();
    t.bigInteger('process_definition_key');
    t.string('bpmn_process_id').notNullable();
    t.integer('process_version').notNullable();
    t.string('element_id').notNullable();
    t.string('element_name');
    t.string('case_id');
    t.string('form_id');
    t.string('form_key'); // the deployed form version linked at job creation (null: resolved from form_id)
    t.specificType('candidate_groups', 'text[]').notNullable().defaultTo('{}');
    t.string('assignee');
    t.timestamp('assigned_at', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('state').notNullable().defaultTo('open');
    t.string('completed_by');
    t.timestamp('completed_at', { useTz: true });
    t.boolean('escalated').notNullable().defaultTo(false);
    t.string('verksamhet');
    /** The values the form shows: only the variables the form's fields use (plus caseId), never whole documents. */
    t.jsonb('variables').notNullable().defaultTo('{}');
    t.timestamp('lease_renewed_at', { useTz: true });
  });
  await knex.raw(
    `alter table tasks add constraint tasks_state_check check (state in ('open', 'completing', 'completed', 'cancelled'))`,
  );
  // "Gruppens uppgifter": open tasks whose candidate groups overlap the user's groups (&&), most urgent first.
  await knex.raw(`create index tasks_open_candidate_groups on tasks using gin (candidate_groups) where state = 'open'`);
  await knex.raw(
    `create index tasks_open_due on tasks (due_at asc nulls last, created_at, job_key) where state = 'open'`,
  );
  // "Mina uppgifter" and the completed/cancelled history per user.
  await knex.raw(
    `create index tasks_assignee_state_due on tasks (assignee, state, due_at asc nulls last, created_at) where assignee is not null`,
  );
  await knex.raw(`create index tasks_case on tasks (case_id, created_at)`);
  await knex.raw(`create index tasks_process_instance on tasks (process_instance_key)`);

  await knex.schema.createTable('deployed_forms', (t) => {
    t.string('form_key').primary(); // the earlier engine's key of the deployed form version
    t.string('form_id').notNullable();
    t.integer('version').notNullable();
    t.string('resource_name').notNullable();
    t.jsonb('schema'); // the deployed form-js JSON, so a task renders the version it was created with
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('deployed_process_elements', (t) => {
    t.string('bpmn_process_id').notNullable();
    t.integer('version').notNullable();
    t.string('element_id').notNullable();
    t.string('element_name');
    t.string('element_type').notNullable();
    t.string('form_id');
    t.string('process_name');
    t.primary(['bpmn_process_id', 'version', 'element_id']);
  });
  await knex.raw(`create index deployed_forms_form_id on deployed_forms (form_id, version desc)`);

  // connect-pg-simple's schema (table name "sessions").
  await knex.raw(
    `create table sessions (sid varchar not null primary key, sess json not null, expire timestamp(6) not null)`,
  );
  await knex.raw(`create index sessions_expire on sessions (expire)`);

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('username').notNullable();
    t.string('org_code');
    t.string('action').notNullable(); // read | claim | unclaim | assign | complete | ...
    t.string('object_type').notNullable(); // task | case | ...
    t.string('object_id').notNullable();
    t.string('case_id');
  });
  await knex.raw(`create index audit_log_case on audit_log (case_id, at)`);
  await knex.raw(`create index audit_log_user on audit_log (username, at)`);
}

/** Drops the task projection, deployment metadata, sessions and audit log. */
export async function down(knex: Knex): Promise<void> {
  for (const t of ['audit_log', 'sessions', 'deployed_process_elements', 'deployed_forms', 'tasks'])
    await knex.schema.dropTableIfExists(t);
}
