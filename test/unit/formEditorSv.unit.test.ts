import { swedishEditorText } from '../../modeler/src/formEditorSv.js';
import { FIELD_NAMES_SV, FORM_EDITOR_SV } from '../../modeler/src/formTranslations.sv.js';
import { formJsEditorLibraryTexts } from '../e2e/support/libraryTexts.js';

describe('swedishEditorText (the form-js editor of the modeler)', () => {
  test('when the installed form-js editor shows one of its built-in texts, then there is a Swedish text for it', () => {
    // given: the editor's English texts, read from the installed library
    const english = formJsEditorLibraryTexts();
    expect(english).toEqual(expect.arrayContaining(['Search components', 'Field label', 'Required', 'Text field']));
    // then: each is a field name (given to the editor as the field's config) or translated as it renders
    const missing = english.filter((t) => FIELD_NAMES_SV[t] === undefined && swedishEditorText(t) === undefined);
    expect(missing).toEqual([]);
  });

  test('when the editor builds a title from a field name, then it comes out in Swedish', () => {
    expect(swedishEditorText('Create a Textfält element')).toBe('Skapa textfält');
    expect(swedishEditorText('Create an HTML element')).toBe('Skapa HTML');
    expect(swedishEditorText('Remove Kryssruta')).toBe('Ta bort kryssruta');
    expect(swedishEditorText('List contains 3 items')).toBe('Listan har 3 rader');
    expect(swedishEditorText(' Validation ')).toBe(' Validering ');
    // the preview's own texts come from the viewer's translation
    expect(swedishEditorText('Select')).toBe('Välj');
  });

  test("when a text is not one of the editor's own, then it is left alone, and Swedish is never translated again", () => {
    expect(swedishEditorText('Uppföljningen hölls')).toBeUndefined();
    expect(swedishEditorText('Remove the old plan')).toBeUndefined();
    expect(swedishEditorText('  ')).toBeUndefined();
    // the observer rewrites what it translated: a translation must be a fixed point
    const again = Object.values(FORM_EDITOR_SV).filter((sv) => (swedishEditorText(sv) ?? sv) !== sv);
    expect(again).toEqual([]);
  });
});
