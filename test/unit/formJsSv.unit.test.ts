import { FORM_JS_SV, swedishFormText } from '../../src/client/formJsSv.js';

describe('swedishFormText', () => {
  test('when form-js reports its own validation messages, then they come out in Swedish', () => {
    expect(swedishFormText('Field is required.')).toBe('Fältet måste fyllas i.');
    expect(swedishFormText('Field must have maximum value of 40.')).toBe('Värdet får vara högst 40.');
    expect(swedishFormText('Field must have minimum length of 5.')).toBe('Skriv minst 5 tecken.');
    expect(swedishFormText('Value is expected to have at most 2 decimal digits.')).toBe('Ange högst 2 decimaler.');
    expect(swedishFormText('Please select a valid value, the two nearest valid values are 0.5 and 1.')).toBe(
      'Välj ett giltigt värde; de två närmaste är 0.5 och 1.',
    );
  });

  test('when a built-in label has surrounding spaces, then the spaces stay and the text is Swedish', () => {
    expect(swedishFormText(' Add new ')).toBe(' Lägg till ');
    expect(swedishFormText('Expand all (3)')).toBe('Fäll ut alla (3)');
  });

  test("when the text is not one of form-js's own, then it is left alone", () => {
    expect(swedishFormText('Motivering')).toBeUndefined();
    expect(swedishFormText('   ')).toBeUndefined();
    expect(Object.values(FORM_JS_SV).every((sv) => swedishFormText(sv) === undefined)).toBe(true); // no loop in the observer
  });
});
