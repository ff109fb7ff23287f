import type { Knex } from 'knex';

/**
 * Beredning and aktualisering:
 * - `beredning_decisions.recommended_parties`: at a ja, the parties under the samtycke that the beredningsgrupp names
 *   for the collaboration; they get the kartläggning tasks (null for decisions made before the group named them).
 * - `cases.needs_description`: the referring handläggare's description of the person's needs, shown on the beredning
 *   agenda. Free text may name people, so it lives here (never as a process variable) and is cleared at gallring.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('beredning_decisions', (t) => {
    t.specificType('recommended_parties', 'text[]');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.text('needs_description');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('needs_description');
  });
  await knex.schema.alterTable('beredning_decisions', (t) => {
    t.dropColumn('recommended_parties');
  });
}
