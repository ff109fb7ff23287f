// (a) Only namespaces Operaton reads or the tools write: BPMN and its diagram interchange, XMLSchema-instance,
// camunda: (the Camunda 7 dialect), modeler: (execution platform) and bpmn.io. Operaton ignores every other extension
// element or attribute silently (another engine's dialect), so a task would lose its job type, assignment or mapping
// without any error at deploy time.
'use strict';

const {
  forEachOwned,
  isGeneric,
  isNonExecutableProcess,
  isOwner,
  namespaceUri,
  simpleValues,
} = require('../lib/model');

const XML_URI = 'http://www.w3.org/XML/1998/namespace';
const XSI_URI = 'http://www.w3.org/2001/XMLSchema-instance';

const KNOWN_NAMESPACES = new Set([
  'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
  XSI_URI,
  'http://camunda.org/schema/1.0/bpmn',
  'http://camunda.org/schema/modeler/1.0',
  'http://bpmn.io/schema/bpmn',
  XML_URI, // bound by XML itself to the `xml` prefix (xml:lang, xml:space), never declared
]);

const prefixOf = (qualifiedName) =>
  String(qualifiedName).includes(':') ? String(qualifiedName).split(':')[0] : undefined;

/** The namespace of a package the moddle knows by its prefix, e.g. `camunda` → the camunda URI. */
function packageUri(el, prefix) {
  const pkg = el.$model && typeof el.$model.getPackage === 'function' ? el.$model.getPackage(prefix) : undefined;
  return pkg && pkg.uri;
}

/**
 * The namespace a prefix of an attribute name on `el` stands for. The reader renames prefixes: a namespace the moddle
 * knows gets its package's prefix and XMLSchema-instance `xsi`, whatever the document wrote (a foreign namespace
 * declared with a taken prefix becomes `ns0`, … and stays unresolved). Other prefixes are the document's own.
 */
function prefixUri(el, prefix) {
  if (prefix === 'xml') return XML_URI;
  if (prefix === 'xsi') return XSI_URI;
  return packageUri(el, prefix) || namespaceUri(el, prefix);
}

const message = (name, uri) =>
  `Extension <${name}> belongs to namespace ${uri || '(unresolved)'}, which Operaton does not read; use the camunda: equivalent`;

module.exports = function knownExtensions() {
  function check(node, reporter) {
    if (isNonExecutableProcess(node)) return false;
    if (!isOwner(node)) return;
    forEachOwned(node, (el) => {
      const descriptorNs = (el.$descriptor && el.$descriptor.ns) || {};
      // An element of a namespace the moddle does not know: generic, with the URI it was read with.
      if (isGeneric(el)) {
        const uri = descriptorNs.uri || prefixUri(el, descriptorNs.prefix || prefixOf(el.$type));
        if (!KNOWN_NAMESPACES.has(uri)) {
          reporter.report(node.id, message(el.$type, uri));
          return false;
        }
        return undefined;
      }
      // An element of a package the moddle knows, but not one of ours (a foreign moddle is registered).
      if (descriptorNs.prefix) {
        const uri = packageUri(el, descriptorNs.prefix);
        if (!KNOWN_NAMESPACES.has(uri)) {
          reporter.report(node.id, message(el.$type, uri));
          return false;
        }
      }
      // Attributes the moddle does not know, by their prefix; `xmlns` declarations and unprefixed names are fine.
      for (const name of Object.keys(el.$attrs || {})) {
        const prefix = prefixOf(name);
        if (!prefix || prefix === 'xmlns') continue;
        const uri = prefixUri(el, prefix);
        if (!KNOWN_NAMESPACES.has(uri)) reporter.report(node.id, message(name, uri));
      }
      // Attributes the moddle knows from a foreign package (only when such a moddle is registered).
      for (const v of simpleValues(el)) {
        if (!v.prefix) continue;
        const uri = packageUri(el, v.prefix);
        if (!KNOWN_NAMESPACES.has(uri)) reporter.report(node.id, message(v.name, uri));
      }
      return undefined;
    });
  }
  return { check };
};
