// Helpers shared by the rules: type checks, attribute access and a walk over what a BPMN element owns.
'use strict';

const SIMPLE_TYPES = ['String', 'Boolean', 'Integer', 'Real'];

/** True when `el` is a moddle element of `type` (or a subtype). Generic (unknown-namespace) elements never are. */
function is(el, type) {
  return !!el && typeof el.$instanceOf === 'function' && el.$instanceOf(type);
}

function isAny(el, types) {
  return types.some((t) => is(el, t));
}

/** An attribute by its qualified name (`camunda:topic`), or undefined where the element type does not know it. */
function attr(el, name) {
  try {
    return el.get(name);
  } catch {
    return undefined;
  }
}

const isBlank = (v) => typeof v !== 'string' || v.trim() === '';

/** Non-executable processes are documentation: every rule skips them (and what they contain). */
const isNonExecutableProcess = (el) => is(el, 'bpmn:Process') && !el.isExecutable;

/**
 * Elements findings are reported on: what a process owner can select in the modeler (flow elements, participants)
 * and root elements (processes, messages, signals). Anything else belongs to its nearest owner; event definitions
 * too, although BPMN makes them root elements (they can be global).
 */
const isOwner = (el) =>
  isAny(el, ['bpmn:FlowElement', 'bpmn:RootElement', 'bpmn:Participant']) && !is(el, 'bpmn:EventDefinition');

/** The extension elements of `el` of a given type (e.g. `camunda:InputOutput`). */
function extensions(el, type) {
  return ((el.extensionElements && el.extensionElements.values) || []).filter((v) => is(v, type));
}

/** Generic elements are those of a namespace the moddle does not know (another engine's extension elements). */
const isGeneric = (el) => !!(el.$descriptor && el.$descriptor.isGeneric);

/**
 * Calls `visit(el, path)` for `owner` and for every element it contains that is not itself an owner (attributes'
 * holders: expressions, event definitions, loop characteristics, extension elements and their children). Nested
 * flow elements are skipped: bpmnlint visits them on their own. `visit` returning false skips that subtree.
 */
function forEachOwned(owner, visit) {
  const seen = new Set();
  const walk = (el, path) => {
    if (!el || typeof el !== 'object' || seen.has(el)) return;
    seen.add(el);
    if (visit(el, path) === false) return;
    if (isGeneric(el)) {
      (el.$children || []).forEach((c, i) => walk(c, [...path, `$children[${i}]`]));
      return;
    }
    const props = (el.$descriptor && el.$descriptor.properties) || [];
    for (const p of props) {
      if (p.isReference || p.isAttr || SIMPLE_TYPES.includes(p.type)) continue;
      const value = el[p.name];
      if (value === undefined || value === null) continue;
      const children = p.isMany ? value : [value];
      children.forEach((child, i) => {
        if (isOwner(child)) return;
        walk(child, [...path, p.isMany ? `${p.name}[${i}]` : p.name]);
      });
    }
  };
  walk(owner, []);
}

/** The simple-typed (attribute and body) values set on `el`, with their qualified names. */
function simpleValues(el) {
  const props = (el.$descriptor && el.$descriptor.properties) || [];
  const out = [];
  for (const p of props) {
    if (p.isReference || !SIMPLE_TYPES.includes(p.type)) continue;
    const value = el[p.name];
    if (value === undefined || value === null) continue;
    out.push({ name: p.ns && p.ns.name ? p.ns.name : p.name, prefix: p.ns && p.ns.prefix, value, isBody: !!p.isBody });
  }
  return out;
}

/** The namespace URI a prefix is declared with on `el` or an ancestor (`xmlns:<prefix>`). */
function namespaceUri(el, prefix) {
  for (let node = el; node; node = node.$parent) {
    const uri = node.$attrs && node.$attrs[`xmlns:${prefix}`];
    if (uri) return uri;
  }
  return undefined;
}

/** True when the task or event is implemented as an external task (`camunda:type="external"`). */
function isExternalTask(el) {
  if (attr(el, 'camunda:type') === 'external') return true;
  return (
    is(el, 'bpmn:Event') &&
    (el.eventDefinitions || []).some(
      (d) => is(d, 'bpmn:MessageEventDefinition') && attr(d, 'camunda:type') === 'external',
    )
  );
}

module.exports = {
  attr,
  extensions,
  forEachOwned,
  is,
  isAny,
  isBlank,
  isExternalTask,
  isGeneric,
  isNonExecutableProcess,
  isOwner,
  namespaceUri,
  simpleValues,
};
