import type { Knex } from 'knex';

/**
 * Aktualisering:
 * - `informed_of_consent`: the referring handläggare has told the person what a samtycke till samverkan means, its own
 *   confirmation beside the signed blankett (null for cases registered before it was asked, and for referrals that
 *   come from another routine).
 * - `requested_verksamhet`: the torg the handläggare chose when the person is folkbokförd in a kranskommun and the case
 *   therefore went first to the hemkommun's samordningsteam (null when the case is where it was sent).
 * Beredning: a nej needs a motivering; the rekommendation to another insats is often given but optional.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.boolean('informed_of_consent');
    t.text('requested_verksamhet');
  });
  await knex.raw('alter table beredning_decisions drop constraint beredning_no_motivated');
  await knex.raw(
    `alter table beredning_decisions add constraint beredning_no_motivated check (decision = 'ja' or coalesce(motivering, '') <> '')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table beredning_decisions drop constraint beredning_no_motivated');
  await knex.raw(
    `alter table beredning_decisions add constraint beredning_no_motivated check (decision = 'ja' or (coalesce(motivering,'') <> '' and coalesce(rekommendation,'') <> ''))`,
  );
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('informed_of_consent');
    t.dropColumn('requested_verksamhet');
  });
}
