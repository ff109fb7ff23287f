// (c) Service and send tasks (and message events implemented as external tasks) are external tasks with a topic:
// workers/<topic>.ts fetch them by topic. The engine runs none of our code (no Java delegates, connectors, or
// script engines besides FEEL), so any other implementation cannot work.
'use strict';

const { attr, is, isAny, isBlank, isNonExecutableProcess } = require('../lib/model');

const TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'];

module.exports = function externalTaskTopic() {
  function check(node, reporter) {
    if (isNonExecutableProcess(node)) return false;
    if (is(node, 'bpmn:Event')) {
      for (const def of node.eventDefinitions || []) {
        if (
          is(def, 'bpmn:MessageEventDefinition') &&
          attr(def, 'camunda:type') === 'external' &&
          isBlank(attr(def, 'camunda:topic'))
        ) {
          reporter.report(node.id, 'External task has no <camunda:topic>', {
            propertiesPanel: { entryIds: ['externalTopic'] },
          });
        }
      }
      return;
    }
    if (!isAny(node, TASKS)) return;
    if (attr(node, 'camunda:type') === 'external') {
      if (isBlank(attr(node, 'camunda:topic')))
        reporter.report(node.id, 'External task has no <camunda:topic>', {
          propertiesPanel: { entryIds: ['externalTopic'] },
        });
      return;
    }
    if (is(node, 'bpmn:BusinessRuleTask') && !isBlank(attr(node, 'camunda:decisionRef'))) return; // a DMN decision
    reporter.report(node.id, 'Must be an external task (camunda:type="external") with a <camunda:topic>', {
      propertiesPanel: { entryIds: ['implementationType'] },
    });
  }
  return { check };
};
