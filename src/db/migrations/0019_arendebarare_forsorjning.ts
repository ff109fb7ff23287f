import type { Knex } from 'knex';

/**
 * The basis of the ärendebärare chosen at the planeringsträff:
 * - `cases.forsorjning`: the person's main försörjning (a code, e.g. `aktivitetsstod`), from which the ärendebärare is
 *   proposed;
 * - `cases.arendebarare_reason`: why another party than the proposed one bears the case (null when the proposal was
 *   chosen). Free text may name people, so it lives here (never as a process variable) and is cleared at gallring.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('forsorjning');
    t.text('arendebarare_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('arendebarare_reason');
    t.dropColumn('forsorjning');
  });
}
