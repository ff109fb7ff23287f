// Test data builders shared by every tier. Personnummer come from the product's own module (src/domain/personnummer.ts),
// so the tests and the app agree on what a valid number is.
import { randomUUID } from 'node:crypto';

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

const isoDaysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The fields of an aktualisering start form as a handläggare fills it in for a referral that meets every criterion: a
 * woman born 1990, folkbokförd in Umeå, in the sammansatt group, with a samtycke for AF from today for 200 days. A new
 * idempotency key and personnummer each call.
 */
export function aktualiseringFormFields(csrf: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    _csrf: csrf,
    idempotencyKey: randomUUID(),
    personnummer: testPersonnummer(1990),
    kon: 'K',
    folkbokfordKommun: 'Umeå',
    targetGroup: 'sammansatt',
    informedOfAim: 'on',
    readyForChange: 'on',
    parties: 'af',
    dataCategories: 'kartlaggning',
    validFrom: isoDaysFromToday(0),
    validTo: isoDaysFromToday(200),
    textVersion: '2026-1',
    informedOfConsent: 'on',
    signedCopyGiven: 'on',
    ...overrides,
  };
}
