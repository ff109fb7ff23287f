// Test data builders shared by every tier. Personnummer come from the product's own module (src/domain/personnummer.ts),
// so the tests and the app agree on what a valid number is.
import { withCheckDigit } from '../../src/domain/personnummer.js';

// Serials count up from a random start, so numbers made in one test file never repeat (999 per date of birth) and
// runs against a kept engine or database rarely meet an earlier run's person. Serial 000 is never issued, so it is
// not a valid personnummer; serials run 001–999.
let nextSerial = Math.floor(Math.random() * 999);

/** A valid made-up personnummer (ÅÅÅÅMMDDNNNC, no separator) born on `year`-`month`-`day`; a new serial each call. */
export function testPersonnummer(year: number, { month = 1, day = 1 }: { month?: number; day?: number } = {}): string {
  const serial = String(1 + (nextSerial++ % 999)).padStart(3, '0');
  return withCheckDigit(`${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${serial}`);
}
