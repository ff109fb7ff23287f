import { KRANSKOMMUNER } from './organisations.js';

/**
 * Ärendebärare = the party that bears the person's economy: "Ärendebärare (ytterst ansvarig i ärendet) är oftast den
 * som bär ekonomin för individen" (seed 000), "Den organisation som har huvudansvar över ekonomi tar också
 * ärendebäraransvaret" (seed 001), "Den myndighet som har det juridiska ansvaret över olika ekonomiska stöd har också
 * ärendebärandansvaret" (seed 003). When no other party bears it, socialtjänsten does: "vara ärendebärare när annan
 * försörjning saknas" (seed 002).
 */
export const FORSORJNING = [
  'aktivitetsstod',
  'etableringsersattning',
  'sjukpenning',
  'aktivitetsersattning',
  'sjukersattning',
  'forsorjningsstod',
  'ingen',
] as const;
export type Forsorjning = (typeof FORSORJNING)[number];

const STATE_PARTY: Partial<Record<Forsorjning, 'af' | 'fk'>> = {
  aktivitetsstod: 'af',
  etableringsersattning: 'af',
  sjukpenning: 'fk',
  aktivitetsersattning: 'fk',
  sjukersattning: 'fk',
};

/**
 * The proposed ärendebärare (an org code) for the person's main försörjning and folkbokföringskommun: AF for
 * aktivitetsstöd and etableringsersättning, FK for sjukpenning, aktivitetsersättning and sjukersättning; försörjningsstöd,
 * or no försörjning at all, gives the hemkommun's socialtjänst (Umeå: försörjningsstöd, a kranskommun: the kommun).
 * Null when the kommun is outside the region and no state party bears the economy.
 */
export function proposedArendebarare(forsorjning: Forsorjning, folkbokfordKommun: string): string | null {
  const state = STATE_PARTY[forsorjning];
  if (state) return state;
  const k = folkbokfordKommun.trim().toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o');
  if (k === 'umea') return 'umea-fsd';
  return (KRANSKOMMUNER as readonly string[]).includes(k) ? k : null;
}

/** Why a choice of ärendebärare is refused, as a code the UI names (`src/ui/arendebarareTexts.sv.ts`). */
export type ArendebarareChoiceError = 'arendebarare.reasonRequired';

/** True for a known försörjning code. */
export const isForsorjning = (v: unknown): v is Forsorjning => (FORSORJNING as readonly unknown[]).includes(v);

/** A chosen ärendebärare other than the proposal needs a reason; returns the refusal's code when it is missing. */
export function arendebarareChoiceError(
  proposed: string | null,
  chosen: string,
  reason: string | null | undefined,
): ArendebarareChoiceError | null {
  if (proposed === null || chosen === proposed) return null;
  return reason?.trim() ? null : 'arendebarare.reasonRequired';
}
