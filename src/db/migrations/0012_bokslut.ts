import type { Knex } from 'knex';

/**
 * The socialt bokslut's own data: survey and statistics results per period that the förbundskansli enters for the
 * indicators that do not come from the cases (seed 004, målområde 1–5), and the progress of loading a demo year.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bokslut_indicator_results', (t) => {
    t.integer('year').notNullable();
    t.text('period').notNullable(); // ar | T1 | T2 | T3
    t.text('indicator_id').notNullable();
    t.text('subgroup').notNullable().defaultTo(''); // '' | K | M | a member kommun
    t.integer('numerator');
    t.integer('denominator');
    t.decimal('value', 6, 1); // a change in procentenheter (helårsekvivalenter)
    t.text('entered_by').notNullable();
    t.timestamp('entered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['year', 'period', 'indicator_id', 'subgroup']);
  });
  await knex.raw(
    `alter table bokslut_indicator_results add constraint bokslut_indicator_results_period_check check (period in ('ar','T1','T2','T3'))`,
  );
  await knex.raw(
    `alter table bokslut_indicator_results add constraint bokslut_indicator_results_counts_check check (
       (numerator is null or numerator >= 0) and (denominator is null or denominator >= 0)
       and (numerator is null or denominator is null or numerator <= denominator))`,
  );

  await knex.schema.createTable('bokslut_demo_loads', (t) => {
    t.text('name').primary(); // e.g. demo-2020
    t.text('status').notNullable(); // running | done | failed
    t.integer('loaded').notNullable().defaultTo(0);
    t.integer('total').notNullable().defaultTo(0);
    t.text('error');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
  await knex.raw(
    `alter table bokslut_demo_loads add constraint bokslut_demo_loads_status_check check (status in ('running','done','failed'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bokslut_demo_loads');
  await knex.schema.dropTableIfExists('bokslut_indicator_results');
}
