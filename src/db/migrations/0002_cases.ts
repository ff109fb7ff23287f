import type { Knex } from 'knex';

/**
 * Persons, cases (participations), consents and everything the routines record: beredning agenda and decisions,
 * plans with steps per party, meetings, uppföljningar, the case timeline, and the cases of the etablering and
 * arbetsprövning routines. No journal text anywhere; personnummer only encrypted (src/services/crypto.ts).
 * Every write a worker makes is keyed (job key or business key) by a unique constraint, so a redelivered job
 * cannot duplicate a row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('persons', (t) => {
    t.uuid('person_id').primary();
    t.text('personnummer_enc').notNullable(); // AES-256-GCM, never in clear text, never in process variables
    t.text('personnummer_hmac').notNullable().unique(); // blind index: finds the same person again without decrypting
    t.text('kon').notNullable();
    t.integer('birth_year').notNullable();
    t.text('folkbokford_kommun').notNullable();
    t.boolean('skyddad').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table persons add constraint persons_kon_check check (kon in ('K','M'))`);

  await knex.raw(`create sequence case_number_seq`);
  await knex.schema.createTable('cases', (t) => {
    t.text('case_id').primary(); // pseudonymous, e.g. SV-2026-00042
    t.uuid('person_id').notNullable().references('persons.person_id');
    t.text('verksamhet').notNullable();
    t.text('target_group').notNullable(); // målgrupp within the verksamhet, e.g. kaa, arbetssokande, sammansatt
    t.text('beredning_group'); // set by the criteria check
    t.text('referring_org').notNullable();
    t.text('referring_user').notNullable();
    t.boolean('informed_of_aim').notNullable();
    t.boolean('ready_for_change').notNullable();
    t.text('arendebarare_org');
    t.text('status').notNullable().defaultTo('aktualiserad');
    t.text('rejection_reason'); // criteria not met: returned to the sender
    t.bigInteger('process_instance_key');
    t.text('previous_case_id').references('cases.case_id');
    t.text('source_case_id'); // an etablering case whose KT2 aktualiserade this case
    t.timestamp('referred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.date('start_date'); // beredning ja: the participation starts
    t.date('end_date');
    t.text('avslutsorsak');
    t.text('closure_reason'); // e.g. 'samtycke återkallat'
  });
  await knex.raw(
    `alter table cases add constraint cases_verksamhet_check check (verksamhet in ('ungdomstorget','vuxentorget','st-nordmaling','st-vannas','st-bjurholm','st-vindeln','st-robertsfors'))`,
  );
  await knex.raw(
    `alter table cases add constraint cases_avslutsorsak_check check (avslutsorsak is null or avslutsorsak in ('arbete','extratjanst','studier','fortsatt_rehab','saknar_arbetsformaga','avbrott_halsa','avbrott_ovrigt'))`,
  );
  await knex.raw(
    `alter table cases add constraint cases_status_check check (status in ('aktualiserad','returnerad','pa_beredning','avslagen','pagaende','avslutad'))`,
  );
  // exactly one avslutsorsak, with an end date, on every ended participation
  await knex.raw(
    `alter table cases add constraint cases_closed_has_reason check (status <> 'avslutad' or (avslutsorsak is not null and end_date is not null))`,
  );
  await knex.raw(
    `create unique index cases_source_case_unique on cases (source_case_id) where source_case_id is not null`,
  );

  await knex.schema.createTable('consents', (t) => {
    t.uuid('consent_id').primary();
    t.text('case_id').notNullable().references('cases.case_id');
    t.specificType('parties', 'text[]').notNullable();
    t.specificType('data_categories', 'text[]').notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to').notNullable();
    t.boolean('signed_copy_given').notNullable();
    t.text('text_version').notNullable();
    t.timestamp('withdrawn_at', { useTz: true });
    t.text('withdrawn_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });

  await knex.schema.createTable('beredning_agenda', (t) => {
    t.bigIncrements('agenda_id');
    t.text('case_id').notNullable().references('cases.case_id');
    t.text('group_code').notNullable().references('beredning_groups.code');
    t.date('meeting_date').notNullable();
    t.timestamp('placed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'meeting_date']);
  });
  await knex.schema.createTable('beredning_decisions', (t) => {
    t.bigIncrements('decision_id');
    t.text('case_id').notNullable().unique().references('cases.case_id'); // one decision per participation
    t.text('group_code').notNullable();
    t.date('meeting_date').notNullable();
    t.text('decision').notNullable();
    t.text('motivering');
    t.text('rekommendation');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `alter table beredning_decisions add constraint beredning_decision_check check (decision in ('ja','nej'))`,
  );
  // a no needs a clear motivation and a recommendation (seed 000)
  await knex.raw(
    `alter table beredning_decisions add constraint beredning_no_motivated check (decision = 'ja' or (coalesce(motivering,'') <> '' and coalesce(rekommendation,'') <> ''))`,
  );

  await knex.schema.createTable('plans', (t) => {
    t.bigIncrements('plan_id');
    t.text('case_id').notNullable().references('cases.case_id');
    t.integer('version').notNullable();
    t.text('arendebarare_org').notNullable();
    t.text('inriktning').notNullable();
    t.bigInteger('job_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'version']);
  });
  await knex.raw(
    `alter table plans add constraint plans_inriktning_check check (inriktning in ('arbetsinriktade','studieinriktade','arbetslivsinriktade','tidiga_insatser','ej_arbetslinjen'))`,
  );
  await knex.schema.createTable('plan_steps', (t) => {
    t.bigInteger('plan_id').notNullable().references('plans.plan_id').onDelete('CASCADE');
    t.integer('step_no').notNullable();
    t.text('party').notNullable();
    t.text('description').notNullable(); // what the step is (an insats), never journal content
    t.date('due_date').notNullable();
    t.primary(['plan_id', 'step_no']);
  });

  await knex.schema.createTable('meetings', (t) => {
    t.bigIncrements('meeting_id');
    t.text('case_id').notNullable(); // a case or a routine case
    t.text('meeting_type').notNullable();
    t.text('status').notNullable(); // kallad | hallen
    t.timestamp('meeting_at', { useTz: true });
    t.date('held_on');
    t.specificType('participants', 'text[]').notNullable().defaultTo('{}'); // organisation codes
    t.bigInteger('job_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });
  await knex.raw(
    `alter table meetings add constraint meetings_type_check check (meeting_type in ('planeringstraff','flerpartsmote','kt1-inskrivning','kt1-halsa','kt2','kt3','kt-extra','informationsmote','uppstartstraff','uppfoljningstraff-1','uppfoljningstraff-2'))`,
  );
  await knex.raw(`alter table meetings add constraint meetings_status_check check (status in ('kallad','hallen'))`);

  await knex.schema.createTable('follow_ups', (t) => {
    t.bigIncrements('follow_up_id');
    t.text('case_id').notNullable().references('cases.case_id');
    t.date('held_on').notNullable();
    t.text('outcome').notNullable();
    t.bigInteger('job_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `alter table follow_ups add constraint follow_ups_outcome_check check (outcome in ('enligt_plan','avvikelse','avslut'))`,
  );

  // Cases of the two routines that are not participations in the samverkan (they never count in the socialt bokslut).
  await knex.raw(`create sequence routine_case_number_seq`);
  await knex.schema.createTable('routine_cases', (t) => {
    t.text('case_id').primary(); // ET-2026-00001 (etablering) | AP-2026-00001 (arbetsprövning)
    t.uuid('person_id').notNullable().references('persons.person_id');
    t.text('routine').notNullable();
    t.text('responsible_org').notNullable();
    t.text('status').notNullable().defaultTo('pagaende');
    t.bigInteger('process_instance_key');
    t.date('opened_on').notNullable();
    t.date('programme_end_date'); // etablering
    t.text('af_answer'); // arbetsprövning: aktiv_planering | arenor_for_provning
    t.date('af_answered_on');
    t.date('trial_start_date');
    t.integer('days_to_start'); // inventering → start, target 14
    t.boolean('start_late');
    t.text('outcome');
    t.date('ended_on');
  });
  await knex.raw(
    `alter table routine_cases add constraint routine_cases_routine_check check (routine in ('etablering','arbetsprovning'))`,
  );

  await knex.schema.createTable('case_events', (t) => {
    t.bigIncrements('event_id');
    t.text('case_id').notNullable();
    t.text('event_type').notNullable();
    t.text('dedupe_key').notNullable(); // job key or business key
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor'); // username or 'system'
    t.jsonb('details').notNullable().defaultTo('{}'); // ids, codes and dates only
    t.unique(['case_id', 'event_type', 'dedupe_key']);
    t.index(['case_id', 'occurred_at']);
  });
}

/** Drops the case tables. */
export async function down(knex: Knex): Promise<void> {
  for (const t of [
    'case_events',
    'routine_cases',
    'follow_ups',
    'meetings',
    'plan_steps',
    'plans',
    'beredning_decisions',
    'beredning_agenda',
    'consents',
    'cases',
    'persons',
  ]) {
    await knex.schema.dropTableIfExists(t);
  }
  await knex.raw('drop sequence if exists routine_case_number_seq');
  await knex.raw('drop sequence if exists case_number_seq');
}
