import type { Knex } from 'knex';

/**
 * `beredning_decisions.torg_should_take`: at a nej for a kranskommun resident who was aktualiserad to a torg, the
 * hemkommun beredningsgrupp's own judgement whether the torg should take the case; only then is the hand-over to the
 * torg offered. Null for every other decision (a ja, a case with no torg asked for, decisions made before).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('beredning_decisions', (t) => {
    t.boolean('torg_should_take');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('beredning_decisions', (t) => {
    t.dropColumn('torg_should_take');
  });
}
