// (b) No expression starting with `=`: the FEEL marker of another engine's dialect. Operaton reads `=x` as the literal text "=x"
// (candidate group "=g", condition error at runtime), so the mistake only shows when a case reaches the element.
// Operaton expressions are JUEL `${…}` or FEEL scripts/conditions (`language="feel"`) written without `=`.
'use strict';

const { forEachOwned, is, isNonExecutableProcess, isOwner, simpleValues } = require('../lib/model');

/** bpmn: attributes that hold an expression in Operaton (camunda: attributes are all checked). */
const BPMN_EXPRESSION_ATTRS = {
  'bpmn:CallActivity': ['calledElement'],
  'bpmn:Message': ['name'],
  'bpmn:Signal': ['name'],
};

/** Values of `el` that Operaton evaluates (or that come from another engine's model, where they were expressions). */
function expressionValues(el) {
  const values = simpleValues(el);
  if (is(el, 'bpmn:Expression')) return values.filter((v) => v.isBody);
  if (typeof el.$type === 'string' && el.$type.startsWith('camunda:')) return values;
  const bpmnAttrs = Object.entries(BPMN_EXPRESSION_ATTRS)
    .filter(([type]) => is(el, type))
    .flatMap(([, names]) => names);
  return values.filter((v) => v.prefix === 'camunda' || bpmnAttrs.includes(v.name.replace(/^bpmn:/, '')));
}

/** Where the value is, for developers: `camunda:candidateGroups`, `conditionExpression`, `camunda:inputParameter "x"`. */
function describe(el, v, path) {
  if (!v.isBody) return `<${v.name}>`;
  for (let node = el; node && !isOwner(node); node = node.$parent) {
    if (typeof node.name === 'string' && node.$type.startsWith('camunda:')) return `<${node.$type}> "${node.name}"`;
  }
  return `<${path[path.length - 1] || el.$type}>`;
}

module.exports = function noLeadingEquals() {
  function check(node, reporter) {
    if (isNonExecutableProcess(node)) return false;
    if (!isOwner(node)) return;
    forEachOwned(node, (el, path) => {
      // camunda:properties are literal headers (template, rule, output.<key> renames), not expressions.
      if (is(el, 'camunda:Properties')) return false;
      for (const v of expressionValues(el)) {
        if (typeof v.value !== 'string' || !v.value.trimStart().startsWith('=')) continue;
        reporter.report(
          node.id,
          `${describe(el, v, path)} starts with '=' (Camunda 8 FEEL syntax); write JUEL \${…} or a FEEL script without '='`,
        );
      }
      return undefined;
    });
  }
  return { check };
};
