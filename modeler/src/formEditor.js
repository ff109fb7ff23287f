// form-js editor for forms/*.form; forms changed here are deployed together with the process.
import { FormEditor } from '@bpmn-io/form-js-editor';
import { schemaVersion } from '@bpmn-io/form-js-viewer';

import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/dragula.css';

/** An empty form in repository format (`forms/<id>.form`). */
export function newFormSchema(formId) {
  return { $schema: 'https://unpkg.com/@bpmn-io/form-json-schema/resources/schema.json', id: formId, type: 'default', components: [], schemaVersion };
}

/** Creates a form editor in `container`; `onChange(schema)` fires after each edit. */
export function createFormEditor({ container, onChange }) {
  const editor = new FormEditor({ container });
  editor.on('changed', () => onChange(editor.saveSchema()));
  return {
    editor,
    async open(schema) {
      await editor.importSchema(schema);
    },
    schema: () => editor.saveSchema(),
  };
}
