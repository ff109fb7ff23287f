// (f) Every user task names the groups that may take it (camunda:candidateGroups): the task list shows a task to
// the members of its candidate groups, so a task without them is invisible to everyone.
'use strict';

const { attr, is, isBlank, isNonExecutableProcess } = require('../lib/model');

module.exports = function userTaskCandidateGroups() {
  function check(node, reporter) {
    if (isNonExecutableProcess(node)) return false;
    if (!is(node, 'bpmn:UserTask')) return;
    if (isBlank(attr(node, 'camunda:candidateGroups'))) {
      reporter.report(node.id, 'User task has no <camunda:candidateGroups>', {
        propertiesPanel: { entryIds: ['candidateGroups'] },
      });
    }
  }
  return { check };
};
