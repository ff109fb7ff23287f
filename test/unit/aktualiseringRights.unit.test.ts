import { mayAktualiseraTo, routeAktualisering } from '../../src/domain/aktualiseringRights.js';
import { evaluateReferralCriteria, type ReferralFacts } from '../../src/domain/referralCriteria.js';

const base: ReferralFacts = {
  verksamhet: 'vuxentorget',
  targetGroup: 'sammansatt',
  age: 40,
  folkbokfordKommun: 'Umeå',
  referringOrg: 'af',
  informedOfAim: true,
  readyForChange: true,
  informedOfConsent: true,
  consent: { signedCopyGiven: true, validFrom: '2026-01-01', validTo: '2027-12-31', withdrawn: false, parties: ['af'] },
  today: '2026-12-01',
};

describe('aktualisering rights and routing', () => {
  test.each([
    ['af', 'ungdomstorget', true],
    ['fk', 'vuxentorget', true],
    ['region-psykiatri', 'ungdomstorget', true],
    ['region-ungdomshalsan', 'ungdomstorget', true],
    ['region-rados', 'ungdomstorget', true],
    ['umea-fsd', 'ungdomstorget', true],
    ['umea-kaa', 'ungdomstorget', true],
    ['umea-hikikomori', 'vuxentorget', true],
    ['vannas', 'ungdomstorget', true],
    ['robertsfors', 'vuxentorget', true],
    ['umea-viva', 'ungdomstorget', false],
    ['region-primarvard', 'ungdomstorget', false],
    ['forbundet', 'vuxentorget', false],
  ] as const)(
    "who may aktualisera to which verksamhet follows seed 001's list: %s to %s is %s (seed 001)",
    (org, verksamhet, allowed) => {
      expect(mayAktualiseraTo(org, verksamhet)).toBe(allowed);
    },
  );

  test("Viva and primärvården, parties of Vuxentorget's beredningsgrupp, may aktualisera to Vuxentorget (seed 000)", () => {
    expect(mayAktualiseraTo('umea-viva', 'vuxentorget')).toBe(true);
    expect(mayAktualiseraTo('region-primarvard', 'vuxentorget')).toBe(true);
  });

  test('a kranskommun samordningsteam takes aktualiseringar from the parties and its own kommun, not from another kommun', () => {
    expect(mayAktualiseraTo('vindeln', 'st-vindeln')).toBe(true);
    expect(mayAktualiseraTo('af', 'st-vindeln')).toBe(true);
    expect(mayAktualiseraTo('vannas', 'st-vindeln')).toBe(false);
    expect(mayAktualiseraTo('umea-fsd', 'st-vindeln')).toBe(false);
  });

  test('a kranskommun resident aktualiserad to a torg goes first to the hemkommun samordningsteam (seed 000)', () => {
    expect(
      routeAktualisering({
        verksamhet: 'vuxentorget',
        targetGroup: 'sammansatt',
        folkbokfordKommun: 'Vännäs',
        referringOrg: 'af',
      }),
    ).toEqual({ verksamhet: 'st-vannas', targetGroup: 'vuxna', requestedVerksamhet: 'vuxentorget' });
    expect(
      routeAktualisering({
        verksamhet: 'ungdomstorget',
        targetGroup: 'kaa',
        folkbokfordKommun: 'Bjurholm',
        referringOrg: 'fk',
      }),
    ).toEqual({ verksamhet: 'st-bjurholm', targetGroup: 'unga', requestedVerksamhet: 'ungdomstorget' });
    expect(
      routeAktualisering({
        verksamhet: 'vuxentorget',
        targetGroup: 'sammansatt',
        folkbokfordKommun: 'Umeå',
        referringOrg: 'af',
      }),
    ).toEqual({ verksamhet: 'vuxentorget', targetGroup: 'sammansatt', requestedVerksamhet: null });
  });

  test('the kranskommun beredningsgrupp is a referrer to the torg: its case stays with the torg and is prepared in Umeå (seed 001)', () => {
    expect(
      routeAktualisering({
        verksamhet: 'vuxentorget',
        targetGroup: 'sammansatt',
        folkbokfordKommun: 'Vännäs',
        referringOrg: 'vannas',
      }).verksamhet,
    ).toBe('vuxentorget');
    expect(evaluateReferralCriteria({ ...base, folkbokfordKommun: 'Vännäs', referringOrg: 'vannas' })).toMatchObject({
      criteriaMet: true,
      beredningGroup: 'umea-vuxen',
    });
    expect(
      evaluateReferralCriteria({
        ...base,
        verksamhet: 'ungdomstorget',
        targetGroup: 'kaa',
        age: 17,
        folkbokfordKommun: 'Bjurholm',
        referringOrg: 'bjurholm',
      }),
    ).toMatchObject({ criteriaMet: true, beredningGroup: 'umea-ungdom' });
  });

  test('a torg case of a kranskommun resident that did not pass the hemkommun is returned with the reason, never rerouted silently (seed 000)', () => {
    const r = evaluateReferralCriteria({ ...base, folkbokfordKommun: 'Vindeln', referringOrg: 'af' });
    expect(r.criteriaMet).toBe(false);
    expect(r.rejectionReason).toMatch(/aktualiseras först till hemkommunens beredningsgrupp \(vindeln\)/);
  });

  test('not informed of what a samtycke till samverkan means fails the criteria on its own (seed 000)', () => {
    const r = evaluateReferralCriteria({ ...base, informedOfConsent: false });
    expect(r).toMatchObject({ criteriaMet: false });
    expect(r.rejectionReason).toBe('Personen har inte informerats om vad ett samtycke till samverkan innebär.');
  });

  test('an unknown age (no date of birth) fails the age band instead of passing it', () => {
    expect(evaluateReferralCriteria({ ...base, age: null }).rejectionReason).toBe(
      'Åldern kan inte räknas fram ur personnumret.',
    );
  });
});
