import { Conflict, Forbidden, ValidationFailed } from '../../src/errors.js';
import { type FormSchema, validateSubmission } from '../../src/services/taskForms.js';
import { fieldTexts, userMessageOf } from '../../src/ui/errorTexts.sv.js';

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
    const own = new ValidationFailed('bad input', { field: { code: 'field.invalid' } }, 'Rätta fälten.');
    const none = new Conflict('task t is gone');
    // then
    expect(userMessageOf(own)).toBe('Rätta fälten.');
    expect(own.userCode).toBeUndefined();
    expect(userMessageOf(none)).toBeUndefined();
  });

  test('when a task form is filled in wrongly, then each field error is a code that reads in Swedish with the limit of the form', () => {
    // given
    const form: FormSchema = {
      id: 'limits',
      components: [
        { id: 'c1', key: 'summary', type: 'textfield', validate: { required: true, minLength: 10 } },
        { id: 'c2', key: 'hours', type: 'number', validate: { max: 40 } },
        { id: 'c3', key: 'mail', type: 'textfield', validate: { validationType: 'email' } },
        { id: 'c4', key: 'reason', type: 'textarea', validate: { required: true } },
      ],
    };
    // when
    const result = validateSubmission(form, { summary: 'kort', hours: 41, mail: 'inte en adress' });
    // then
    expect(result.errors).toEqual({
      summary: { code: 'field.minLength', arg: '10' },
      hours: { code: 'field.max', arg: '40' },
      mail: { code: 'field.email' },
      reason: { code: 'field.required' },
    });
    expect(fieldTexts(result.errors)).toEqual({
      summary: 'Skriv minst 10 tecken.',
      hours: 'Värdet får vara högst 40.',
      mail: 'Ange en giltig e-postadress.',
      reason: 'Fältet måste fyllas i.',
    });
  });
});
