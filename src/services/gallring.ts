import type { Knex } from 'knex';

import { stockholmDateOf } from '../domain/calendar.js';
import { ENDED_CASE_STATUSES, sqlStatusList } from '../domain/caseStatus.js';

/** What gallring replaces free text with (columns that must stay non-empty by constraint). */
export const GALLRAD = '[gallrad]';

/** One case due for gallring and what was (or, in a dry run, would be) removed. */
export interface GallringItem {
  caseId: string;
  kind: 'case' | 'routine';
  endDate: string;
  actions: string[];
  counts: Record<string, number>;
}

export interface GallringReport {
  dryRun: boolean;
  cutoff: string;
  items: GallringItem[];
  persons: number;
}

const minusYears = (iso: string, years: number) => `${Number(iso.slice(0, 4)) - years}${iso.slice(4)}`;

/**
 * The cases whose avslut lies `years` or more back: ended participations (avslutad: end_date; avslagen/returnerad:
 * the last event of the case) and ended routine cases (ended_on), not gallrade before.
 */
async function dueCases(
  db: Knex,
  cutoff: string,
): Promise<{ case_id: string; kind: 'case' | 'routine'; end_date: string }[]> {
  const { rows } = await db.raw<{ rows: { case_id: string; kind: 'case' | 'routine'; end_date: string }[] }>(
    `select c.case_id, 'case' as kind, to_char(coalesce(c.end_date, (select max(occurred_at)::date from case_events e where e.case_id = c.case_id), c.referred_at::date), 'YYYY-MM-DD') as end_date
       from cases c
      where c.gallrad_at is null and c.status in (${sqlStatusList(ENDED_CASE_STATUSES)})
        and coalesce(c.end_date, (select max(occurred_at)::date from case_events e where e.case_id = c.case_id), c.referred_at::date) <= ?::date
     union all
     select r.case_id, 'routine', to_char(r.ended_on, 'YYYY-MM-DD')
       from routine_cases r
      where r.ended_on is not null and r.ended_on <= ?::date
        and not exists (select 1 from gallring_log g where g.case_id = r.case_id and not g.dry_run)
     order by end_date, case_id`,
    [cutoff, cutoff],
  );
  return rows;
}

/** Removes the personal data of one case in `trx`; returns rows touched per table. Aggregates stay (see runGallring). */
async function gallraCase(
  trx: Knex.Transaction,
  c: { case_id: string; kind: 'case' | 'routine' },
): Promise<Record<string, number>> {
  const id = c.case_id;
  const counts: Record<string, number> = {};
  const count = async (name: string, q: Promise<number>) => {
    counts[name] = await q;
  };
  // free text written during the case (beredning motivation, plan step descriptions, mail text); the values typed into
  // task forms are process variables in the engine, whose history the engine removes after the same time (TTL)
  await count(
    'beredning_decisions',
    trx('beredning_decisions')
      .where({ case_id: id })
      .update({
        motivering: trx.raw(`case when motivering is null then null else '${GALLRAD}' end`),
        rekommendation: trx.raw(`case when rekommendation is null then null else '${GALLRAD}' end`),
      }),
  );
  await count(
    'plan_steps',
    trx('plan_steps')
      .whereIn('plan_id', trx('plans').select('plan_id').where({ case_id: id }))
      .update({ description: GALLRAD }),
  );
  await count(
    'outbox_messages',
    trx('outbox_messages').where({ case_id: id }).update({ body_text: GALLRAD, ics: null }),
  );
  await count('case_events', trx('case_events').where({ case_id: id }).update({ details: '{}' }));
  if (c.kind === 'case')
    await count(
      'cases',
      trx('cases').where({ case_id: id }).update({
        referring_user: GALLRAD,
        rejection_reason: null,
        needs_description: null,
        arendebarare_reason: null,
        gallrad_at: trx.fn.now(),
      }),
    );
  return counts;
}

/**
 * Gallring (socialtjänst rule, DOMAIN.md): `years` after avslut the personal data of a case is removed or
 * anonymised. What stays is what the socialt bokslut counts: verksamhet, målgrupp, kön, start and end dates,
 * avslutsorsak, the beredning decision (ja/nej) and the samtycke record (parties, dates). What goes: the
 * personnummer ciphertext and blind index, birth year and folkbokföring (once none of the person's cases is still
 * kept), free text (motivering, rekommendation, plan step descriptions, mail bodies) and the event details; the
 * engine's history of the case's instances (task form values among it) goes by its history time to live. Each case gets a gallring_log row; a dry run writes nothing and reports what it would do.
 * The audit log is append-only and is not touched (it holds pseudonymous case ids and staff user names only).
 */
export async function runGallring(
  db: Knex,
  opts: { years: number; dryRun: boolean; today?: string },
): Promise<GallringReport> {
  const cutoff = minusYears(opts.today ?? stockholmDateOf(), opts.years);
  const due = await dueCases(db, cutoff);
  const items: GallringItem[] = [];
  let persons = 0;
  for (const c of due) {
    const actions =
      c.kind === 'case'
        ? [
            'beredning_decisions.motivering',
            'beredning_decisions.rekommendation',
            'plan_steps.description',
            'outbox_messages.body_text',
            'case_events.details',
            'cases.referring_user',
            'cases.arendebarare_reason',
          ]
        : ['outbox_messages.body_text', 'case_events.details'];
    if (opts.dryRun) {
      items.push({ caseId: c.case_id, kind: c.kind, endDate: c.end_date, actions, counts: {} });
      continue;
    }
    await db.transaction(async (trx) => {
      const counts = await gallraCase(trx, c);
      await trx('gallring_log').insert({
        dry_run: false,
        case_id: c.case_id,
        end_date: c.end_date,
        actions,
        counts: JSON.stringify(counts),
      });
      items.push({ caseId: c.case_id, kind: c.kind, endDate: c.end_date, actions, counts });
    });
  }
  // persons: only when every case and routine case of the person is gallrad (a re-aktualisering keeps them);
  // in a dry run the due cases count as gallrade
  const dueIds = opts.dryRun ? due.map((d) => d.case_id) : [];
  const kept = `
    select person_id from cases where gallrad_at is null and not (case_id = any(?::text[]))
    union select person_id from routine_cases r where not (case_id = any(?::text[]))
      and not exists (select 1 from gallring_log g where g.case_id = r.case_id and not g.dry_run)`;
  const candidates = `
    select p.person_id from persons p
     where p.gallrad_at is null
       and (exists (select 1 from cases c where c.person_id = p.person_id) or exists (select 1 from routine_cases r where r.person_id = p.person_id))
       and p.person_id not in (${kept})`;
  if (opts.dryRun) {
    const { rows } = await db.raw<{ rows: unknown[] }>(candidates, [dueIds, dueIds]);
    persons = rows.length;
  } else {
    const { rowCount } = await db.raw<{ rowCount: number }>(
      `update persons set personnummer_enc = null, personnummer_hmac = null, birth_year = null, folkbokford_kommun = null, gallrad_at = now()
        where person_id in (${candidates})`,
      [dueIds, dueIds],
    );
    persons = rowCount;
  }
  return { dryRun: opts.dryRun, cutoff, items, persons };
}
