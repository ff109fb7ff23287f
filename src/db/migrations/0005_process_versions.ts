import type { Knex } from 'knex';

/** Version history of the processes deployed from the modeler: who, when, why, and the exact XML. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('process_versions', (t) => {
    t.string('bpmn_process_id').notNullable();
    t.integer('version').notNullable(); // assigned by the engine
    t.bigInteger('process_definition_key').notNullable().unique();
    t.text('xml').notNullable(); // as deployed, repository format (exported to processes/<id>.bpmn)
    t.string('deployed_by').notNullable(); // username
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('comment');
    t.primary(['bpmn_process_id', 'version']);
  });
}

/** Drops the version history. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('process_versions');
}
