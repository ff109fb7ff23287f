import { kartlaggningPartiesOf } from '../../src/domain/kartlaggningParties.js';

describe('kartläggning parties after a ja in the beredning', () => {
  const consent = ['af', 'umea-fsd', 'region-psykiatri'];

  test('the parties the beredningsgrupp recommends become the kartläggning parties, each once in the samtycke order (seed 003: "rekommenderar vilket samarbete som behövs")', () => {
    expect(kartlaggningPartiesOf(consent, ['region-psykiatri', 'af', 'af'])).toEqual({
      ok: true,
      parties: ['af', 'region-psykiatri'],
    });
  });

  test('a party outside the samtycke cannot be recommended, and a ja names at least one party (seed 003, samtycke seed 000)', () => {
    expect(kartlaggningPartiesOf(consent, ['af', 'fk'])).toEqual({ ok: false, outside: ['fk'] });
    expect(kartlaggningPartiesOf(consent, [])).toEqual({ ok: false, empty: true });
  });

  test('a decision recorded before the group named parties keeps all the parties under the samtycke (seed 003)', () => {
    expect(kartlaggningPartiesOf(consent, null)).toEqual({ ok: true, parties: consent });
    expect(kartlaggningPartiesOf(consent, undefined)).toEqual({ ok: true, parties: consent });
  });
});
