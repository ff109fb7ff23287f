import type { Knex } from 'knex';

import { addDays, stockholmDateOf } from '../domain/calendar.js';
import { RUNNING_CASE_STATUSES } from '../domain/caseStatus.js';
import { recordEvent } from '../repositories/cases.js';

/** How many days before valid_to a samtycke is flagged "löper ut snart". */
export const CONSENT_EXPIRY_WARNING_DAYS = 30;

/** Cases still running whose newest samtycke is in force and lapses within `days`: the "samtycke löper ut snart" list. */
export function casesWithConsentExpiringSoon(
  db: Knex,
  { today = stockholmDateOf(), days = CONSENT_EXPIRY_WARNING_DAYS } = {},
) {
  return db
    .select<
      {
        case_id: string;
        consent_id: string;
        valid_to: string;
        arendebarare_org: string | null;
        referring_org: string;
        expiry_flagged_at: Date | null;
      }[]
    >(
      'c.case_id',
      'con.consent_id',
      db.raw(`to_char(con.valid_to, 'YYYY-MM-DD') as valid_to`),
      'c.arendebarare_org',
      'c.referring_org',
      'con.expiry_flagged_at',
    )
    .from('cases as c')
    .joinRaw(
      'join lateral (select consent_id, valid_to, withdrawn_at, expiry_flagged_at from consents where case_id = c.case_id order by created_at desc limit 1) con on true',
    )
    .whereIn('c.status', RUNNING_CASE_STATUSES)
    .whereNull('con.withdrawn_at')
    .andWhere('con.valid_to', '>=', today)
    .andWhere('con.valid_to', '<=', addDays(today, days))
    .orderBy('con.valid_to');
}

/**
 * The daily check: raises the flag once per samtycke (consents.expiry_flagged_at) and writes it to the case
 * timeline, so the parties renew the samtycke before sharing has to stop. Returns the newly flagged case ids.
 */
export async function flagExpiringConsents(db: Knex, opts: { today?: string; days?: number } = {}): Promise<string[]> {
  const due = (await casesWithConsentExpiringSoon(db, opts)).filter((r) => !r.expiry_flagged_at);
  for (const r of due) {
    await db.transaction(async (trx) => {
      const n = await trx('consents')
        .where({ consent_id: r.consent_id })
        .whereNull('expiry_flagged_at')
        .update({ expiry_flagged_at: trx.fn.now() });
      if (n)
        await recordEvent(trx, {
          caseId: r.case_id,
          type: 'samtycke-loper-ut-snart',
          dedupeKey: r.consent_id,
          details: { validTo: r.valid_to },
        });
    });
  }
  return due.map((r) => r.case_id);
}
