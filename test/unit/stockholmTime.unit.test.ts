import { stockholmDateTimeOfWallClock, stockholmWallClock } from '../../src/domain/calendar.js';
import { type FormSchema, validateSubmission, valuesForBrowser } from '../../src/services/taskForms.js';
import { fieldTexts } from '../../src/ui/errorTexts.sv.js';

const form: FormSchema = {
  id: 'tz-test',
  type: 'default',
  components: [{ id: 'f1', key: 'meetingAt', type: 'datetime', subtype: 'datetime', validate: { required: true } }],
};

describe('times are Europe/Stockholm whatever the browser time zone', () => {
  test('when a browser in New York or Tokyo sends 10:00 with its own offset, then the server reads 10:00 in Stockholm (winter and summer time)', () => {
    expect(stockholmDateTimeOfWallClock('2026-12-29T10:00-05:00')).toBe('2026-12-29T10:00:00+01:00');
    expect(stockholmDateTimeOfWallClock('2026-12-29T10:00+09:00')).toBe('2026-12-29T10:00:00+01:00');
    expect(stockholmDateTimeOfWallClock('2027-06-15T10:00')).toBe('2027-06-15T10:00:00+02:00');
    expect(stockholmDateTimeOfWallClock('2026-12-29T25:00')).toBeUndefined();
    expect(stockholmDateTimeOfWallClock('igår')).toBeUndefined();
  });

  test('when a stored instant is shown in a form, then it is the Stockholm wall clock without an offset', () => {
    expect(stockholmWallClock(new Date('2026-12-29T09:00:00Z'))).toBe('2026-12-29T10:00');
    expect(stockholmWallClock(new Date('2027-06-15T08:00:00Z'))).toBe('2027-06-15T10:00');
    expect(valuesForBrowser(form, { meetingAt: '2026-12-29T10:00:00+01:00', other: 'x' })).toEqual({
      meetingAt: '2026-12-29T10:00',
      other: 'x',
    });
  });

  test("when a task form with a date-time is submitted, then the variable carries Stockholm's offset, and garbage is refused in Swedish", () => {
    expect(validateSubmission(form, { meetingAt: '2026-12-29T10:00-05:00' })).toEqual({
      ok: true,
      variables: { meetingAt: '2026-12-29T10:00:00+01:00' },
      errors: {},
    });
    const invalid = validateSubmission(form, { meetingAt: 'snart' });
    expect(invalid.ok).toBe(false);
    expect(fieldTexts(invalid.errors)).toEqual({ meetingAt: 'Ogiltigt värde.' });
  });
});
