import { loadForm, validateSubmission } from '../../src/services/taskForms.js';

/** A complete KT2 aktualisering to Vuxentorget as the form submits it, but without the samtycke confirmation. */
const referral = {
  kt2HeldOn: '2027-12-01',
  nyaBehov: true,
  referToTorget: true,
  referralVerksamhet: 'vuxentorget',
  referralTargetGroup: 'etablering',
  informedOfAim: true,
  readyForChange: true,
  consentParties: ['af', 'umea-fsd'],
  consentValidTo: '2029-06-30',
  consentSignedCopyGiven: true,
};

describe('KT2 form: an aktualisering to Arbetsmarknadstorget asks "informerad om vad ett samtycke till samverkan innebär" like the aktualisering (seed 000, seed 003)', () => {
  const form = loadForm('kt2-uppfoljning')!;

  test('when KT2 aktualiserar without the confirmation, then the form is refused on that field and nothing is written', () => {
    const v = validateSubmission(form, { ...referral, informedOfConsent: false });
    expect(v.ok).toBe(false);
    expect(Object.keys(v.errors)).toEqual(['informedOfConsent']);
  });

  test('when KT2 aktualiserar with the confirmation, then it is written as a process variable for the new case', () => {
    const v = validateSubmission(form, { ...referral, informedOfConsent: true });
    expect(v.ok).toBe(true);
    expect(v.variables.informedOfConsent).toBe(true);
  });

  test('when KT2 does not aktualisera, then the confirmation is neither asked nor written', () => {
    const v = validateSubmission(form, { kt2HeldOn: '2027-12-01', nyaBehov: false, referToTorget: false });
    expect(v.ok).toBe(true);
    expect(v.variables).not.toHaveProperty('informedOfConsent');
  });
});
