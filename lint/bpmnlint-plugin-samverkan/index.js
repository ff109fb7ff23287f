// bpmnlint plugin with Samverkan's own rules (the product runs Operaton 1.0.3, i.e. the Camunda 7.24 dialect).
// One source for every place that lints: the server (src/services/bpmnLint.worker.mjs), `npm run lint:bpmn` and the
// browser modeler (modeler/src/lintPlugin.js). Plain CommonJS without dependencies, in bpmnlint's plugin layout, so a
// NodeResolver finds it too (`plugin:samverkan/recommended` once the folder is linked as bpmnlint-plugin-samverkan).
'use strict';

const rules = {
  'known-extensions': './rules/known-extensions',
  'no-leading-equals': './rules/no-leading-equals',
  'external-task-topic': './rules/external-task-topic',
  'no-task-output-mapping': './rules/no-task-output-mapping',
  'history-time-to-live': './rules/history-time-to-live',
  'user-task-candidate-groups': './rules/user-task-candidate-groups',
  'user-task-form': './rules/user-task-form',
};

module.exports = {
  configs: {
    recommended: {
      rules: {
        ...Object.fromEntries(Object.keys(rules).map((name) => [name, 'error'])),
        // Superseded by samverkan/history-time-to-live: camunda-compat only reports it as info ("or engine level"),
        // and our engine sets no default, so a model without it is refused at deploy (docs: ENGINE.md pitfall 7).
        'camunda-compat/history-time-to-live': 'off',
      },
    },
  },
  rules,
};
