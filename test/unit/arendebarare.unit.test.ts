import {
  arendebarareChoiceError,
  FORSORJNING,
  isForsorjning,
  proposedArendebarare,
} from '../../src/domain/arendebarare.js';
import { arendebarareSv } from '../../src/ui/arendebarareTexts.sv.js';
import { userText } from '../../src/ui/errorTexts.sv.js';

describe('ärendebärare from the person’s försörjning', () => {
  test('the ärendebärare proposed is the party that bears the person’s economy: AF for aktivitetsstöd, FK for sjukpenning and aktivitetsersättning (seeds 000, 001, 003)', () => {
    expect(proposedArendebarare('aktivitetsstod', 'Umeå')).toBe('af');
    expect(proposedArendebarare('etableringsersattning', 'Vännäs')).toBe('af');
    expect(proposedArendebarare('sjukpenning', 'Umeå')).toBe('fk');
    expect(proposedArendebarare('aktivitetsersattning', 'Nordmaling')).toBe('fk');
    expect(proposedArendebarare('forsorjningsstod', 'Umeå')).toBe('umea-fsd');
    expect(proposedArendebarare('forsorjningsstod', 'Robertsfors')).toBe('robertsfors');
  });

  test('when no other party bears the economy, socialtjänsten of the hemkommun is the ärendebärare (seed 002: "när annan försörjning saknas")', () => {
    expect(proposedArendebarare('ingen', 'Umeå')).toBe('umea-fsd');
    expect(proposedArendebarare('ingen', 'Bjurholm')).toBe('bjurholm');
    expect(proposedArendebarare('ingen', 'Stockholm')).toBeNull();
  });

  test('changing the proposed ärendebärare needs a reason (seeds 000, 001: "oftast" the one bearing the economy)', () => {
    expect(arendebarareChoiceError('fk', 'fk', null)).toBeNull();
    expect(arendebarareChoiceError('fk', 'af', '  ')).toBe('arendebarare.reasonRequired');
    expect(arendebarareChoiceError('umea-fsd', 'af', undefined)).toBe('arendebarare.reasonRequired');
    expect(
      arendebarareChoiceError('fk', 'af', 'FK:s handläggare är föräldraledig; AF tar ansvaret till mars.'),
    ).toBeNull();
    expect(arendebarareChoiceError(null, 'af', null)).toBeNull();
  });

  test('the refusal is a code that the UI names in Swedish, and every försörjning has a Swedish name', () => {
    expect(userText({ code: 'arendebarare.reasonRequired' })).toBe(
      'Ange varför ärendebäraren är en annan part än den som bär personens försörjning.',
    );
    for (const f of FORSORJNING) expect(arendebarareSv.forsorjningar[f]).toMatch(/\S/);
    expect(isForsorjning('sjukpenning')).toBe(true);
    expect(isForsorjning('lön')).toBe(false);
    expect(isForsorjning(undefined)).toBe(false);
  });
});
