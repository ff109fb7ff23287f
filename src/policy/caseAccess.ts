import { stockholmDateOf } from '../domain/calendar.js';
import type { SessionUser } from '../middleware/auth.js';
import { CASE_ROLES } from './routes.js';

/** The consent fields the access rule reads. */
export interface ConsentLike {
  parties: string[];
  valid_from: string;
  valid_to: string;
  withdrawn_at: Date | null;
}

/** The case fields the access rule reads. */
export interface CaseLike {
  referring_org: string;
  arendebarare_org: string | null;
}

/** Today in Stockholm as YYYY-MM-DD (consent dates are calendar dates). */

/** True when the samtycke is in force on `today` (not withdrawn, within its dates). */
export function consentInForce(c: ConsentLike | undefined, today = stockholmDateOf()): c is ConsentLike {
  return Boolean(c && !c.withdrawn_at && c.valid_from <= today && c.valid_to >= today);
}

/**
 * The sekretess rule for case content (OSL: data passes between the parties only on samtycke):
 * - only case roles (handläggare, samordnare); admin, styrgrupp, processägare and logggranskare never read a case;
 * - a party named in the samtycke while it is in force, or the ärendebärare while it is in force;
 * - the aktualiserande part (it registered the case itself and drives it until an ärendebärare is decided);
 * - skyddade personuppgifter: only the ärendebärare's organisation (before one is decided: the aktualiserande part).
 * A withdrawn or expired samtycke stops all sharing at once.
 */
export function canAccessCase(
  user: Pick<SessionUser, 'role' | 'orgCode'>,
  c: CaseLike,
  consent: ConsentLike | undefined,
  opts: { skyddad?: boolean; today?: string } = {},
): boolean {
  if (!(CASE_ROLES as readonly string[]).includes(user.role)) return false;
  if (opts.skyddad) return user.orgCode === (c.arendebarare_org ?? c.referring_org);
  if (c.referring_org === user.orgCode) return true;
  if (!consentInForce(consent, opts.today)) return false;
  return consent.parties.includes(user.orgCode) || c.arendebarare_org === user.orgCode;
}
