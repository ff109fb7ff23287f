import {
  ageFromPersonnummer,
  ageOn,
  birthDateOf,
  isValidPersonnummer,
  parsePersonnummer,
  withCheckDigit,
} from '../../src/domain/personnummer.js';
import { testPersonnummer } from '../support/builders.js';

describe('personnummer and age', () => {
  test('a personnummer with a correct check digit is valid, one digit off is not', () => {
    const valid = withCheckDigit('19900101123');
    expect(isValidPersonnummer(valid)).toBe(true);
    const wrongDigit = `${valid.slice(0, 11)}${(Number(valid[11]) + 1) % 10}`;
    expect(isValidPersonnummer(wrongDigit)).toBe(false);
    expect(isValidPersonnummer(`${valid.slice(0, 8)}-${valid.slice(8)}`)).toBe(true);
  });

  test('only the twelve-digit form is accepted, so the century is never guessed', () => {
    const valid = withCheckDigit('19900101123');
    expect(isValidPersonnummer(valid.slice(2))).toBe(false);
    expect(parsePersonnummer('19901301123' + '4')).toBeNull(); // month 13
    expect(parsePersonnummer('19900230123' + '4')).toBeNull(); // 30 February
  });

  test('serial number 000 is never issued, so no check digit makes it valid', () => {
    expect(() => withCheckDigit('19880101000')).toThrow(/no check digit/);
    expect(isValidPersonnummer(withCheckDigit('19880101001'))).toBe(true);
  });

  test('the test builder makes a valid number on every call, also when its serials wrap around', () => {
    const made = Array.from({ length: 2000 }, () => testPersonnummer(1988));
    expect(made.filter((pnr) => !isValidPersonnummer(pnr))).toEqual([]);
  });

  test('a samordningsnummer (day + 60) is valid and its date of birth is the day minus 60 (seed 000)', () => {
    const sam = withCheckDigit('20080275123');
    expect(parsePersonnummer(sam)).toEqual({ digits: sam, birthDate: '2008-02-15', samordningsnummer: true });
    expect(birthDateOf(sam)).toBe('2008-02-15');
  });

  test('age is counted from the full date of birth on the day of the aktualisering (seed 000)', () => {
    expect(ageOn('2010-12-02', '2026-12-01')).toBe(15);
    expect(ageOn('2010-12-01', '2026-12-01')).toBe(16);
    expect(ageOn('1961-12-31', '2026-12-30')).toBe(64);
    expect(ageOn('1961-12-31', '2026-12-31')).toBe(65);
  });

  test('a person born on 29 February turns a year older on 1 March in a year without 29 February', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  test.each([16, 18, 20, 24, 25, 29, 65])(
    'at the band edge %i the age changes on the birthday, not on 1 January (seed 000, seed 001)',
    (edge) => {
      const born = withCheckDigit(`${2026 - edge}0615123`);
      expect(ageFromPersonnummer(born, '2026-06-14')).toBe(edge - 1);
      expect(ageFromPersonnummer(born, '2026-06-15')).toBe(edge);
      expect(ageFromPersonnummer(born, '2026-01-01')).toBe(edge - 1);
    },
  );

  test('the age of a samordningsnummer uses the real day of birth', () => {
    const sam = withCheckDigit('20080675123'); // born 15 June 2008
    expect(ageFromPersonnummer(sam, '2026-06-14')).toBe(17);
    expect(ageFromPersonnummer(sam, '2026-06-15')).toBe(18);
  });

  test('an invalid number has no age', () => {
    expect(() => ageFromPersonnummer('190001011234', '2026-01-01')).toThrow(/not a valid/);
  });
});
