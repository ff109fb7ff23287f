// (e) Every executable process sets camunda:historyTimeToLive: Operaton refuses the deployment without it (our
// engine has no default; ENGINE.md pitfall 7), and history cleanup removes finished instances after that many days.
'use strict';

const { attr, is, isBlank } = require('../lib/model');

// Operaton accepts a number of days or an ISO 8601 duration in days.
const TTL = /^(\d+|P\d+D)$/;

module.exports = function historyTimeToLive() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Process') || !node.isExecutable) return;
    const ttl = attr(node, 'camunda:historyTimeToLive');
    if (isBlank(ttl)) {
      reporter.report(node.id, 'Process has no <camunda:historyTimeToLive>; the engine refuses to deploy it', {
        propertiesPanel: { entryIds: ['historyTimeToLive'] },
      });
    } else if (!TTL.test(String(ttl).trim())) {
      reporter.report(node.id, `<camunda:historyTimeToLive> "${ttl}" is neither a number of days nor P<n>D`, {
        propertiesPanel: { entryIds: ['historyTimeToLive'] },
      });
    }
  }
  return { check };
};
