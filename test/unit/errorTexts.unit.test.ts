import { Conflict, Forbidden, ValidationFailed } from '../../src/errors.js';
import { userMessageOf } from '../../src/ui/errorTexts.sv.js';

describe('user messages of errors', () => {
  test('when a service gives a code, then the user sees the Swedish text of that code', () => {
    // given
    const refused = new Forbidden('u may not withdraw the consent of SV-1', { code: 'consent.withdrawNotAllowed' });
    const busy = new Conflict('extra meeting request k in progress', { code: 'extraMeeting.inProgress' });
    // then
    expect(userMessageOf(refused)).toBe('Bara handläggare hos en part i samtycket kan återkalla det.');
    expect(userMessageOf(busy)).toBe('Begäran behandlas redan. Ladda om sidan om en stund.');
    expect(refused.message).toBe('u may not withdraw the consent of SV-1');
  });

  test('when an error carries its own Swedish text or none, then that text is shown or the edge falls back', () => {
    // given
    const own = new ValidationFailed('bad input', { field: 'Fel' }, 'Rätta fälten.');
    const none = new Conflict('task t is gone');
    // then
    expect(userMessageOf(own)).toBe('Rätta fälten.');
    expect(own.userCode).toBeUndefined();
    expect(userMessageOf(none)).toBeUndefined();
  });
});
