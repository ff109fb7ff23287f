import type { Verksamhet } from '../../src/domain/organisations.js';
import { beredningGroupFor, evaluateReferralCriteria, type ReferralFacts } from '../../src/domain/referralCriteria.js';

const base: ReferralFacts = {
  verksamhet: 'vuxentorget',
  targetGroup: 'sammansatt',
  age: 40,
  folkbokfordKommun: 'Umeå',
  informedOfAim: true,
  readyForChange: true,
  consent: {
    signedCopyGiven: true,
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    withdrawn: false,
    parties: ['af', 'fk'],
  },
  today: '2026-11-23',
};

describe('referral criteria', () => {
  test('when every criterion holds, then the criteria are met and an Umeå resident goes to the Umeå group of the torg (seed 003)', () => {
    expect(evaluateReferralCriteria(base)).toEqual({
      criteriaMet: true,
      rejectionReason: null,
      beredningGroup: 'umea-vuxen',
    });
    expect(
      evaluateReferralCriteria({ ...base, verksamhet: 'ungdomstorget', targetGroup: 'arbetssokande', age: 22 }),
    ).toEqual({ criteriaMet: true, rejectionReason: null, beredningGroup: 'umea-ungdom' });
  });

  test('Ungdomstorget and Vuxentorget have their own beredningsgrupper in Umeå: routed by verksamhet (seed 003)', () => {
    expect(beredningGroupFor('Umeå', 'ungdomstorget')).toBe('umea-ungdom');
    expect(beredningGroupFor('Umeå', 'vuxentorget')).toBe('umea-vuxen');
    expect(beredningGroupFor('Umeå', 'st-vannas')).toBeNull(); // no Umeå group prepares a kranskommun's samordningsteam
    expect(beredningGroupFor('Vännäs', 'st-vannas')).toBe('vannas');
    expect(beredningGroupFor('Vännäs', 'vuxentorget')).toBe('vannas'); // the hemkommun first (seed 000)
  });

  test.each([
    ['Nordmaling', 'nordmaling'],
    ['Vännäs', 'vannas'],
    ['Bjurholm', 'bjurholm'],
    ['Vindeln', 'vindeln'],
    ['Robertsfors', 'robertsfors'],
    ['Luleå', null],
  ])('when the person is folkbokförd in %s, then the beredning group is %s', (kommun, group) => {
    expect(beredningGroupFor(kommun, `st-${group ?? 'nordmaling'}` as Verksamhet)).toBe(group);
  });

  test.each([
    ['ungdomstorget', 'kaa', 16, true],
    ['ungdomstorget', 'kaa', 21, false],
    ['ungdomstorget', 'arbetssokande', 18, true],
    ['ungdomstorget', 'arbetssokande', 25, false],
    ['ungdomstorget', 'aktivitetsersattning', 29, true],
    ['vuxentorget', 'sammansatt', 24, false],
    ['vuxentorget', 'hikikomori', 65, true],
    ['vuxentorget', 'kaa', 30, false],
  ] as const)('when %s/%s is aktualiserad at %i years, then met is %s', (verksamhet, targetGroup, age, met) => {
    expect(evaluateReferralCriteria({ ...base, verksamhet, targetGroup, age }).criteriaMet).toBe(met);
  });

  test('when several criteria fail, then the reason names each of them in Swedish', () => {
    const r = evaluateReferralCriteria({
      ...base,
      informedOfAim: false,
      readyForChange: false,
      consent: { ...base.consent!, signedCopyGiven: false, validTo: '2026-11-01' },
    });
    expect(r.criteriaMet).toBe(false);
    expect(r.rejectionReason).toMatch(/informerats.*förändringsprocess.*kopia.*gäller inte/);
  });

  test('when there is no samtycke or it is withdrawn, then the case cannot reach beredning', () => {
    expect(evaluateReferralCriteria({ ...base, consent: undefined }).rejectionReason).toMatch(/samtycke saknas/i);
    expect(
      evaluateReferralCriteria({ ...base, consent: { ...base.consent!, withdrawn: true } }).rejectionReason,
    ).toMatch(/återkallat/);
  });

  test('when a samordningsteam gets a person from another kommun, then it is returned', () => {
    expect(
      evaluateReferralCriteria({ ...base, verksamhet: 'st-vindeln', targetGroup: 'vuxna', folkbokfordKommun: 'Vännäs' })
        .criteriaMet,
    ).toBe(false);
    expect(
      evaluateReferralCriteria({
        ...base,
        verksamhet: 'st-vindeln',
        targetGroup: 'vuxna',
        folkbokfordKommun: 'Vindeln',
      }),
    ).toMatchObject({ criteriaMet: true, beredningGroup: 'vindeln' });
  });
});
