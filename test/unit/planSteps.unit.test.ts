import { partiesWithoutStep } from '../../src/domain/planSteps.js';

describe('samverkansplan steps', () => {
  test('the ärendebärare is warned about each party under the samtycke that has no step in the plan (seed 001)', () => {
    const steps = [{ party: 'af' }, { party: 'individ' }, { party: 'af' }];
    expect(partiesWithoutStep(['af', 'umea-fsd', 'region-psykiatri'], steps)).toEqual(['umea-fsd', 'region-psykiatri']);
    expect(partiesWithoutStep(['af'], steps)).toEqual([]);
  });
});
