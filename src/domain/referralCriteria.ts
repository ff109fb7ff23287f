import { isTorg } from './aktualiseringRights.js';
import { KRANSKOMMUNER, TORG_BEREDNING_GROUP, type Verksamhet } from './organisations.js';

/**
 * Målgrupper (target groups) per verksamhet with their age bands (seeds 000 and 001). The samordningsteam in the
 * kranskommuner serve both young people and adults, so their band is the union 16–65.
 */
export const TARGET_GROUPS = {
  ungdomstorget: {
    kaa: [16, 20], // kommunala aktivitetsansvaret
    arbetssokande: [18, 24], // arbetssökande, försörjningsstöd, sjukpenning/sjukskrivna
    aktivitetsersattning: [19, 29],
  },
  vuxentorget: {
    sammansatt: [25, 65], // arbetssökande med sammansatt problematik
    sjukpenning: [25, 65],
    forsorjningsstod_0_klassad: [25, 65],
    tidigare_sjukskriven: [25, 65],
    hikikomori: [25, 65],
    etablering: [25, 65],
  },
  samordningsteam: {
    unga: [16, 29],
    vuxna: [25, 65],
  },
} as const satisfies Record<string, Record<string, readonly [number, number]>>;

export const TARGET_GROUP_CODES = [...new Set(Object.values(TARGET_GROUPS).flatMap((g) => Object.keys(g)))] as string[];

export interface ReferralFacts {
  verksamhet: Verksamhet;
  targetGroup: string;
  /** Age in whole years on the day of the aktualisering, from the full date of birth (`domain/personnummer`); null when unknown. */
  age: number | null;
  folkbokfordKommun: string;
  /** The referring party: a kranskommun's beredningsgrupp refers its residents on to the torg. */
  referringOrg?: string;
  informedOfAim: boolean;
  readyForChange: boolean;
  /** Informed of what a samtycke till samverkan means (seed 000); null when the case was registered without the question. */
  informedOfConsent?: boolean | null;
  consent:
    { signedCopyGiven: boolean; validFrom: string; validTo: string; withdrawn: boolean; parties: string[] } | undefined;
  /** Today as YYYY-MM-DD. */
  today: string;
}

/** The stored samtycke (its `consents` row) as the criteria read it; undefined when the case has none. */
export function consentFactsOf(
  row:
    | {
        signed_copy_given: boolean;
        valid_from: string;
        valid_to: string;
        withdrawn_at: Date | null;
        parties: string[];
      }
    | undefined,
): ReferralFacts['consent'] {
  return (
    row && {
      signedCopyGiven: row.signed_copy_given,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      withdrawn: row.withdrawn_at !== null,
      parties: row.parties,
    }
  );
}

export interface CriteriaResult {
  criteriaMet: boolean;
  /** Swedish, shown to the aktualiserande handläggare; null when met. */
  rejectionReason: string | null;
  /** umea-ungdom, umea-vuxen or a kranskommun; null when the person is not folkbokförd in the region or no group prepares the verksamhet. */
  beredningGroup: string | null;
}

const bandsOf = (verksamhet: Verksamhet): Record<string, readonly [number, number]> =>
  verksamhet === 'ungdomstorget'
    ? TARGET_GROUPS.ungdomstorget
    : verksamhet === 'vuxentorget'
      ? TARGET_GROUPS.vuxentorget
      : TARGET_GROUPS.samordningsteam;

/** The hemkommun of a folkbokföringskommun as a group code: `umea`, a kranskommun, or null outside the region. */
export function hemkommunOf(kommun: string): string | null {
  const k = kommun.trim().toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o');
  if (k === 'umea') return 'umea';
  return (KRANSKOMMUNER as readonly string[]).includes(k) ? k : null;
}

/**
 * The beredning group that prepares an aktualisering: a torg case is prepared by that torg's group in Umeå
 * (Ungdomstorget → umea-ungdom, Vuxentorget → umea-vuxen, seed 003); a kranskommun resident's case first by the
 * hemkommun's own group. Null outside the region, and for an Umeå resident at a kranskommun's samordningsteam.
 */
export function beredningGroupFor(kommun: string, verksamhet: Verksamhet): string | null {
  const home = hemkommunOf(kommun);
  if (!home) return null;
  if (isTorg(verksamhet))
    return home === 'umea' ? TORG_BEREDNING_GROUP[verksamhet as keyof typeof TORG_BEREDNING_GROUP] : home;
  return home === 'umea' ? null : home;
}

/**
 * Checks the aktualisering against the criteria of seeds 000/001: target group and age band, folkbokföring,
 * informed of the aim, ready for change, a signed and valid samtycke with a copy given. All failed criteria are
 * listed in the reason. A failure is an expected result (returned to the sender), not an error.
 */
export function evaluateReferralCriteria(f: ReferralFacts): CriteriaResult {
  const reasons: string[] = [];
  const band = bandsOf(f.verksamhet)[f.targetGroup];
  if (!band) reasons.push(`målgruppen ${f.targetGroup} finns inte för ${f.verksamhet}`);
  else if (f.age === null) reasons.push('åldern kan inte räknas fram ur personnumret');
  else if (f.age < band[0] || f.age > band[1])
    reasons.push(`åldern ${f.age} år ligger utanför målgruppens ålder ${band[0]}–${band[1]} år`);
  const home = hemkommunOf(f.folkbokfordKommun);
  // A torg case of a kranskommun resident referred by the hemkommun's own beredningsgrupp is prepared in Umeå.
  const torgGroup = isTorg(f.verksamhet)
    ? TORG_BEREDNING_GROUP[f.verksamhet as keyof typeof TORG_BEREDNING_GROUP]
    : null;
  const group =
    torgGroup && home && home !== 'umea' && f.referringOrg === home
      ? torgGroup
      : beredningGroupFor(f.folkbokfordKommun, f.verksamhet);
  if (!home) reasons.push('personen är inte folkbokförd i Umeå eller någon av kranskommunerna');
  else if (f.verksamhet.startsWith('st-') && f.verksamhet !== `st-${home}`)
    reasons.push(`personen är folkbokförd i en annan kommun än samordningsteamets (${home})`);
  else if (torgGroup && group !== torgGroup)
    reasons.push(
      `personen är folkbokförd i en kranskommun och aktualiseras först till hemkommunens beredningsgrupp (${home})`,
    );
  if (!f.informedOfAim)
    reasons.push('personen har inte informerats om att målet är arbete, studier eller annan behovsanpassad lösning');
  if (!f.readyForChange) reasons.push('personen är inte bedömd beredd på en förändringsprocess');
  if (f.informedOfConsent === false)
    reasons.push('personen har inte informerats om vad ett samtycke till samverkan innebär');
  if (!f.consent) reasons.push('samtycke saknas');
  else {
    if (f.consent.withdrawn) reasons.push('samtycket är återkallat');
    if (!f.consent.signedCopyGiven) reasons.push('personen har inte fått en kopia av det undertecknade samtycket');
    if (f.consent.validTo < f.today || f.consent.validFrom > f.today) reasons.push('samtycket gäller inte i dag');
    if (f.consent.parties.length === 0) reasons.push('samtycket omfattar inga parter');
  }
  if (reasons.length === 0) return { criteriaMet: true, rejectionReason: null, beredningGroup: group };
  const text = reasons.join('; ');
  return {
    criteriaMet: false,
    rejectionReason: text.charAt(0).toUpperCase() + text.slice(1) + '.',
    beredningGroup: group,
  };
}
