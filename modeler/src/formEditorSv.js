// The form-js editor in Swedish. form-js has no translation service (its texts are fixed English strings in its
// components), so this uses the editor's extension points where it has them and a scoped text replacement for the rest:
// - the form field types are registered again with Swedish names and Swedish default labels (palette entries, the
//   properties panel header, the remove button and new fields all take them from there);
// - a properties provider that runs after the editor's own gives the properties panel groups Swedish labels;
// - everything else (the palette's header, search and group titles, the empty canvas, the entries' labels,
//   descriptions, tooltips and validation messages, the form preview's own texts) has no extension point: a
//   MutationObserver limited to the editor's container replaces exactly the libraries' known English texts (text
//   nodes and placeholder/title/aria-label/alt attributes) as they render. Texts the processägare wrote (field labels,
//   descriptions, text views, the selected field's name) are never touched.
import { keepTextsTranslated, swedishFormText } from '../../src/client/formJsSv.ts';
import { FIELD_NAMES_SV, FORM_EDITOR_PATTERNS, FORM_EDITOR_SV } from './formTranslations.sv.js';

/** Swedish of one of the editor's (or the preview's) built-in texts, or undefined when it is not one of them. */
export function swedishEditorText(text) {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const fixed = FORM_EDITOR_SV[trimmed];
  if (fixed !== undefined) return text.replace(trimmed, fixed);
  const viewer = swedishFormText(text);
  if (viewer !== undefined) return viewer;
  for (const [re, sv] of FORM_EDITOR_PATTERNS) {
    const m = re.exec(trimmed);
    if (m) return text.replace(trimmed, sv(...m.slice(1)));
  }
  return undefined;
}

/** A field type with a Swedish name and, for a new field, a Swedish default label. */
function swedishField(field) {
  const { config } = field;
  const english = config.name ?? config.label;
  const name = FIELD_NAMES_SV[english];
  if (!name) return field;
  const create = (options = {}) => {
    const created = config.create ? config.create(options) : { ...options };
    if (options.label === undefined && created.label === english) created.label = name;
    return created;
  };
  const wrapped = (props) => field(props);
  wrapped.config = {
    ...config,
    ...(config.name !== undefined ? { name } : {}),
    ...(config.label !== undefined ? { label: name } : {}),
    create,
  };
  return wrapped;
}

function SwedishFormFields(formFields) {
  for (const [type, field] of Object.entries(formFields._formFields)) {
    if (type !== 'default') formFields.register(type, swedishField(field));
  }
}
SwedishFormFields.$inject = ['formFields'];

function SwedishGroupLabels(propertiesPanel) {
  propertiesPanel.registerProvider(
    {
      getGroups: () => (groups) =>
        groups.map((group) => {
          const label = typeof group.label === 'string' ? FORM_EDITOR_SV[group.label] : undefined;
          return label ? { ...group, label } : group;
        }),
    },
    // lower than the editor's own provider (1000): runs after it, on the groups it built
    100,
  );
}
SwedishGroupLabels.$inject = ['propertiesPanel'];

/** Additional module for the FormEditor: Swedish field names and properties panel group labels. */
export const swedishFormEditorModule = {
  __init__: ['swedishFormFields', 'swedishGroupLabels'],
  swedishFormFields: ['type', SwedishFormFields],
  swedishGroupLabels: ['type', SwedishGroupLabels],
};

// Texts the processägare wrote, rendered by the form preview and the properties panel header.
const USER_CONTENT = [
  '.fjs-form-field-label',
  '.fjs-form-field-description',
  '.fjs-form-field-text',
  '.fjs-form-field-html',
  '.fjs-button',
  '.bio-properties-panel-header-label',
].join(', ');

/** Keeps the built-in texts of the form editor under `root` in Swedish, also those rendered later. */
export const keepFormEditorSwedish = (root) => keepTextsTranslated(root, swedishEditorText, { skip: USER_CONTENT });
