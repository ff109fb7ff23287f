import { type Kranskommun, KRANSKOMMUNER, type OrgCode, type Verksamhet } from './organisations.js';

/**
 * Who may aktualisera to which verksamhet (seed 001, "Vilka kan aktualisera till fördjupad samverkan?"), and where an
 * aktualisering of a person folkbokförd in a kranskommun goes first (seed 000). The one place these rules live.
 */

/** Seed 001's list for Arbetsmarknadstorgen; the kranskommunernas beredningsgrupper refer to the torg as well. */
const TORG_REFERRERS: readonly OrgCode[] = [
  'af',
  'fk',
  'region-psykiatri',
  'region-ungdomshalsan',
  'region-rados',
  'umea-fsd',
  'umea-kaa',
  'umea-hikikomori',
  ...KRANSKOMMUNER,
];

/** Vuxentorget's beredningsgrupp also has Viva and primärvården as parties (seed 000), so they refer there too. */
const VUXENTORGET_EXTRA: readonly OrgCode[] = ['umea-viva', 'region-primarvard'];

/** A kranskommun's samordningsteam: the state parties, the region and the kommun itself. */
const TEAM_REFERRERS: readonly OrgCode[] = [
  'af',
  'fk',
  'region-psykiatri',
  'region-primarvard',
  'region-rados',
  'region-ungdomshalsan',
];

export const isTorg = (v: Verksamhet): v is 'ungdomstorget' | 'vuxentorget' =>
  v === 'ungdomstorget' || v === 'vuxentorget';

/** True when a handläggare of `orgCode` may aktualisera a person to `verksamhet`. */
export function mayAktualiseraTo(orgCode: string, verksamhet: Verksamhet): boolean {
  if (verksamhet === 'ungdomstorget') return TORG_REFERRERS.includes(orgCode as OrgCode);
  if (verksamhet === 'vuxentorget')
    return TORG_REFERRERS.includes(orgCode as OrgCode) || VUXENTORGET_EXTRA.includes(orgCode as OrgCode);
  const kommun = verksamhet.slice('st-'.length);
  return orgCode === kommun || TEAM_REFERRERS.includes(orgCode as OrgCode);
}

/** The kranskommun code of a folkbokföringskommun as typed ('Vännäs' → 'vannas'); null for Umeå or elsewhere. */
export function kranskommunOf(kommun: string): Kranskommun | null {
  const k = kommun.trim().toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o');
  return (KRANSKOMMUNER as readonly string[]).includes(k) ? (k as Kranskommun) : null;
}

export interface Routing {
  /** Where the case is registered. */
  verksamhet: Verksamhet;
  /** The målgrupp within that verksamhet. */
  targetGroup: string;
  /** The torg the handläggare chose, when the case went to the hemkommun's samordningsteam instead; else null. */
  requestedVerksamhet: Verksamhet | null;
}

/**
 * A person folkbokförd in a kranskommun who is aktualiserad to a torg goes first to the hemkommun's beredningsgrupp
 * (seed 000): the case becomes that samordningsteam's case, with the samordningsteam's målgrupp for the torg (unga for
 * Ungdomstorget, vuxna for Vuxentorget). When the referrer is the hemkommun's own beredningsgrupp, that step has been
 * taken and the case goes to the torg.
 */
export function routeAktualisering(input: {
  verksamhet: Verksamhet;
  targetGroup: string;
  folkbokfordKommun: string;
  referringOrg: string;
}): Routing {
  const kommun = kranskommunOf(input.folkbokfordKommun);
  if (!isTorg(input.verksamhet) || !kommun || input.referringOrg === kommun)
    return { verksamhet: input.verksamhet, targetGroup: input.targetGroup, requestedVerksamhet: null };
  return {
    verksamhet: `st-${kommun}`,
    targetGroup: input.verksamhet === 'ungdomstorget' ? 'unga' : 'vuxna',
    requestedVerksamhet: input.verksamhet,
  };
}
