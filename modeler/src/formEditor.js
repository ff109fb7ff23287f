// form-js editor for forms/*.form; a form changed here is deployed with the next deployed process that links it
// (camunda:formRef, binding "deployment": each process version carries its own forms).
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/dragula.css';

import { FormEditor } from '@bpmn-io/form-js-editor';
import { schemaVersion } from '@bpmn-io/form-js-viewer';

import { keepFormEditorSwedish, swedishFormEditorModule } from './formEditorSv.js';

/** An empty form in repository format (`forms/<id>.form`), for the engine the models target (Camunda Platform 7.24). */
export function newFormSchema(formId) {
  return {
    $schema: 'https://unpkg.com/@bpmn-io/form-json-schema/resources/schema.json',
    id: formId,
    type: 'default',
    schemaVersion,
    executionPlatform: 'Camunda Platform',
    executionPlatformVersion: '7.24.0',
    exporter: { name: 'Samverkan', version: '1.0' },
    components: [],
  };
}

/** Creates a form editor in `container` (in Swedish); `onChange(schema)` fires after each edit. */
export function createFormEditor({ container, onChange }) {
  keepFormEditorSwedish(container);
  const editor = new FormEditor({ container, additionalModules: [swedishFormEditorModule] });
  editor.on('changed', () => onChange(editor.saveSchema()));
  return {
    editor,
    async open(schema) {
      await editor.importSchema(schema);
    },
    schema: () => editor.saveSchema(),
  };
}
