import personnummerModule from 'personnummer';

// The package is CommonJS (`module.exports = Personnummer`) with types that declare an ES default export; depending on
// the loader the class is the module itself or its `default`.
const Personnummer = ((personnummerModule as unknown as { default?: unknown }).default ??
  personnummerModule) as typeof personnummerModule.default;
type Personnummer = InstanceType<typeof Personnummer>;

/**
 * Personnummer and samordningsnummer: validation, date of birth and age, in one place. Parsing and the check digit
 * come from the `personnummer` package (MIT); this module adds what the routines need on top of it: only the
 * twelve-digit form (ÅÅÅÅMMDDNNNN, so the century is never guessed), the date of birth as a civil date, and the age
 * on a given day (the package's own age is counted on the machine's clock, not on the day of the aktualisering).
 */

export interface ParsedPersonnummer {
  /** The twelve digits without separator, e.g. '199001011239'. */
  digits: string;
  /** Date of birth 'YYYY-MM-DD' (for a samordningsnummer the day minus 60). */
  birthDate: string;
  samordningsnummer: boolean;
}

/** Separators a person may type between the date and the last four digits, and spaces. */
const SEPARATORS = /[\s+-]/g;

/** Parses a personnummer or samordningsnummer written with twelve digits; null when it is not a valid one. */
export function parsePersonnummer(input: string): ParsedPersonnummer | null {
  const digits = input.replace(SEPARATORS, '');
  if (!/^\d{12}$/.test(digits)) return null;
  let p: Personnummer;
  try {
    p = Personnummer.parse(digits, { allowCoordinationNumber: true, allowInterimNumber: false });
  } catch {
    return null;
  }
  // The package parses the century from the twelve digits; make sure nothing was reinterpreted.
  if (`${p.century}${p.year}${p.month}${p.day}${p.num}${p.check}` !== digits) return null;
  const samordningsnummer = p.isCoordinationNumber();
  const day = Number(p.day) - (samordningsnummer ? 60 : 0);
  return { digits, birthDate: `${p.century}${p.year}-${p.month}-${String(day).padStart(2, '0')}`, samordningsnummer };
}

/**
 * The date of birth in twelve digits whose date part is a real date (for a samordningsnummer the day minus 60), without
 * looking at the check digit: for numbers already validated when they were typed and stored. Null when it is no date.
 */
export function birthDateOf(twelveDigits: string): string | null {
  const digits = twelveDigits.replace(SEPARATORS, '');
  if (!/^\d{12}$/.test(digits)) return null;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  let day = Number(digits.slice(6, 8));
  if (day > 60) day -= 60;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${String(day).padStart(2, '0')}`;
}

/** True for a valid twelve-digit personnummer or samordningsnummer (date and check digit). */
export const isValidPersonnummer = (input: string): boolean => parsePersonnummer(input) !== null;

/**
 * Age in whole years on `onDate` ('YYYY-MM-DD') of a person born on `birthDate`: the birthday must have been reached
 * that day. A person born on 29 February becomes a year older on 1 March in a year without 29 February.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const birthdayReached = m > bm || (m === bm && d >= bd);
  return y - by - (birthdayReached ? 0 : 1);
}

/** Age on `onDate` from a personnummer or samordningsnummer; throws when the number is not valid. */
export function ageFromPersonnummer(input: string, onDate: string): number {
  const p = parsePersonnummer(input);
  if (!p) throw new Error('not a valid twelve-digit personnummer or samordningsnummer');
  return ageOn(p.birthDate, onDate);
}

/** Completes eleven digits (ÅÅÅÅMMDDNNN) with the check digit that makes them a valid number; for made-up demo data. */
export function withCheckDigit(elevenDigits: string): string {
  for (let d = 0; d <= 9; d++) if (isValidPersonnummer(`${elevenDigits}${d}`)) return `${elevenDigits}${d}`;
  throw new Error(`no check digit makes ${elevenDigits.length} digits a valid personnummer`);
}
