import { isIndividualStep, type SamverkansplanForIndividual, splitSteps } from '../../src/services/samverkansplan.js';
import { planContent, planDate } from '../../src/views/samverkansplan.js';

describe('samverkansplan for the individual', () => {
  test('when the plan has steps for the individual and for parties, then they are split and each ordered by date', () => {
    // given: steps as plan_steps stores them, the individual's marked by the party code the plan form gives
    const rows = [
      { step_no: 1, party: 'af', description: 'Jobbspår med matchning', due_date: '2027-03-01' },
      { step_no: 2, party: 'individen', description: 'Söka tre jobb i veckan', due_date: '2027-02-01' },
      { step_no: 3, party: 'region-psykiatri', description: 'Behandlingskontakt', due_date: '2027-01-15' },
      {
        step_no: 4,
        party: 'individen',
        description: 'Gå på informationsmötet',
        due_date: new Date('2027-01-10T00:00:00Z'),
      },
      { step_no: 5, party: 'fk', description: '   ', due_date: '2027-01-01' },
    ];
    // when
    const { ownSteps, partySteps } = splitSteps(rows);
    // then
    expect(ownSteps).toEqual([
      { description: 'Gå på informationsmötet', dueDate: '2027-01-10', party: null },
      { description: 'Söka tre jobb i veckan', dueDate: '2027-02-01', party: null },
    ]);
    expect(partySteps).toEqual([
      { description: 'Behandlingskontakt', dueDate: '2027-01-15', party: 'region-psykiatri' },
      { description: 'Jobbspår med matchning', dueDate: '2027-03-01', party: 'af' },
    ]);
  });

  test("when a step names an organisation, then it is not the individual's", () => {
    expect(isIndividualStep({ party: 'umea-fsd' })).toBe(false);
    expect(isIndividualStep({ party: 'individen' })).toBe(true);
  });

  test('when the plan is shown, then it has plain Swedish dates, the ärendebärare by name and the next uppföljning, and nothing else', () => {
    // given
    const plan: SamverkansplanForIndividual = {
      caseId: 'SV-2026-00042',
      version: 2,
      decidedOn: new Date('2026-11-30T09:00:00Z'),
      arendebarareOrg: 'umea-fsd',
      ownSteps: [{ description: 'Söka tre jobb i veckan', dueDate: '2027-02-01', party: null }],
      partySteps: [{ description: 'Jobbspår med matchning', dueDate: '2027-03-01', party: 'af' }],
      nextFollowUp: new Date('2027-01-31T23:30:00Z'), // 1 februari in Stockholm
    };
    // when
    const c = planContent(plan);
    // then
    expect(c.facts).toEqual([
      ['Ärende', 'SV-2026-00042'],
      ['Din kontakt (ärendebärare)', 'Umeå kommun, försörjningsstöd (slussen)'],
      ['Nästa uppföljning', '1 februari 2027'],
      ['Planen gjordes', '30 november 2026 (planens version 2)'],
    ]);
    expect(c.own).toEqual([{ what: 'Söka tre jobb i veckan', when: '1 februari 2027' }]);
    expect(c.parties).toEqual([{ who: 'Arbetsförmedlingen', what: 'Jobbspår med matchning', when: '1 mars 2027' }]);
    expect(planDate(null)).toBe('');
  });
});
