import type { Knex } from 'knex';
import { recordEvent } from '../repositories/cases.js';
import { stockholmToday } from '../policy/caseAccess.js';

/** How many days before valid_to a samtycke is flagged "löper ut snart". */
export const CONSENT_EXPIRY_WARNING_DAYS = 30;

const plusDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** True when a samtycke in force lapses within the warning window (the case view and task list show a flag). */
export function consentExpiresSoon(c: { valid_to: string; withdrawn_at: Date | null } | undefined, today = stockholmToday(), days = CONSENT_EXPIRY_WARNING_DAYS): boolean {
  return Boolean(c && !c.withdrawn_at && c.valid_to >= today && c.valid_to <= plusDays(today, days));
}

/** Cases still running whose newest samtycke is in force and lapses within `days`: the "samtycke löper ut snart" list. */
export function casesWithConsentExpiringSoon(db: Knex, { today = stockholmToday(), days = CONSENT_EXPIRY_WARNING_DAYS } = {}) {
  return db
    .select<{ case_id: string; consent_id: string; valid_to: string; arendebarare_org: string | null; referring_org: string; expiry_flagged_at: Date | null }[]>(
      'c.case_id',
      'con.consent_id',
      db.raw(`to_char(con.valid_to, 'YYYY-MM-DD') as valid_to`),
      'c.arendebarare_org',
      'c.referring_org',
      'con.expiry_flagged_at',
    )
    .from('cases as c')
    .joinRaw('join lateral (select consent_id, valid_to, withdrawn_at, expiry_flagged_at from consents where case_id = c.case_id order by created_at desc limit 1) con on true')
    .whereIn('c.status', ['aktualiserad', 'pa_beredning', 'pagaende'])
    .whereNull('con.withdrawn_at')
    .andWhere('con.valid_to', '>=', today)
    .andWhere('con.valid_to', '<=', plusDays(today, days))
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
      const n = await trx('consents').where({ consent_id: r.consent_id }).whereNull('expiry_flagged_at').update({ expiry_flagged_at: trx.fn.now() });
      if (n) await recordEvent(trx, { caseId: r.case_id, type: 'samtycke-loper-ut-snart', dedupeKey: r.consent_id, details: { validTo: r.valid_to } });
    });
  }
  return due.map((r) => r.case_id);
}
