import type { Knex } from 'knex';

const SPLIT = [
  {
    code: 'umea-ungdom',
    name: 'Beredningsgruppen Ungdomstorget (Umeå)',
    weekday: 2,
    interval_weeks: 1,
    anchor_date: '2026-01-06',
  },
  {
    code: 'umea-vuxen',
    name: 'Beredningsgruppen Vuxentorget (Umeå)',
    weekday: 4,
    interval_weeks: 1,
    anchor_date: '2026-01-08',
  },
];

/**
 * Ungdomstorget and Vuxentorget get their own weekly beredning groups in Umeå, replacing the single `umea` group
 * for new cases. The old row stays (agendas and decisions made before refer to it) under a name that says so, and
 * its members become members of both new groups so that nobody loses the agenda they prepared. The torg target
 * group that the handläggare chose is kept beside `requested_verksamhet` for the hand-over to the torg.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('groups')
    .insert(SPLIT.map((g) => ({ code: `beredning-${g.code}`, name: g.name })))
    .onConflict('code')
    .ignore();
  await knex('beredning_groups')
    .insert(SPLIT.map((g) => ({ ...g, candidate_group: `beredning-${g.code}` })))
    .onConflict('code')
    .ignore();
  await knex('beredning_groups')
    .where({ code: 'umea' })
    .update({ name: 'Beredningsgruppen Umeå (gemensam, före uppdelningen på torgen)' });
  for (const g of SPLIT) {
    await knex.raw(
      `insert into group_members (group_code, username) select ?, username from group_members where group_code = 'beredning-umea' on conflict do nothing`,
      [`beredning-${g.code}`],
    );
  }
  await knex.schema.alterTable('cases', (t) => {
    t.text('requested_target_group'); // the torg's målgrupp when the case went to the hemkommun's samordningsteam
  });
}

/** Drops the column and the new groups where nothing refers to them yet. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('requested_target_group');
  });
  for (const g of SPLIT) {
    const used = await knex('beredning_agenda').where({ group_code: g.code }).first();
    if (used) continue;
    await knex('beredning_groups').where({ code: g.code }).del();
    await knex('groups')
      .where({ code: `beredning-${g.code}` })
      .del();
  }
  await knex('beredning_groups').where({ code: 'umea' }).update({ name: 'Beredningsgruppen Umeå' });
}
