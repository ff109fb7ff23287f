// (d) No camunda:outputParameter on user tasks and external tasks: Operaton runs output mappings when the task is
// cancelled too (interrupting boundary event, message, instance cancellation), where `${x}` of an unset variable
// fails the cancellation (ENGINE.md pitfall 2). Workers write their outputs themselves (names in camunda:properties).
'use strict';

const { extensions, is, isExternalTask, isAny, isNonExecutableProcess } = require('../lib/model');

module.exports = function noTaskOutputMapping() {
  function check(node, reporter) {
    if (isNonExecutableProcess(node)) return false;
    if (!(
      isAny(node, ['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask']) ||
      (is(node, 'bpmn:FlowNode') && isExternalTask(node))
    ))
      return;
    const outputs = extensions(node, 'camunda:InputOutput').flatMap((io) => io.outputParameters || []);
    if (outputs.length) {
      const names = outputs.map((o) => o.name).join(', ');
      reporter.report(
        node.id,
        `Output mapping (camunda:outputParameter ${names}) on a user or external task runs on cancellation too; let the worker or the form set the variable`,
      );
    }
  }
  return { check };
};
