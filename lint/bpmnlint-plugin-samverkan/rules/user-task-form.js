// (f) Every user task links a form-js form deployed with the process: camunda:formRef="<form id>" with
// camunda:formRefBinding="deployment" (the task list reads it from GET /task/{id}/deployed-form). Other bindings
// pick whatever form version is newest; embedded or app forms (camunda:formKey) are not shown by our task list.
'use strict';

const { attr, is, isBlank, isNonExecutableProcess } = require('../lib/model');

module.exports = function userTaskForm() {
  function check(node, reporter) {
    if (isNonExecutableProcess(node)) return false;
    if (!is(node, 'bpmn:UserTask')) return;
    const formRef = attr(node, 'camunda:formRef');
    if (isBlank(formRef)) {
      const formKey = attr(node, 'camunda:formKey');
      const hint = isBlank(formKey) ? '' : ` (found camunda:formKey "${formKey}", which the task list cannot show)`;
      reporter.report(
        node.id,
        `User task links no form: set <camunda:formRef> to a form id with formRefBinding "deployment"${hint}`,
        { propertiesPanel: { entryIds: ['formType'] } },
      );
      return;
    }
    const binding = attr(node, 'camunda:formRefBinding');
    if (binding !== 'deployment') {
      reporter.report(
        node.id,
        `<camunda:formRefBinding> is "${binding ?? 'latest'}"; it must be "deployment" (the form deployed with the process)`,
        { propertiesPanel: { entryIds: ['formRefBinding'] } },
      );
    }
  }
  return { check };
};
