// Worker thread of src/services/bpmnLint.ts. bpmnlint is CommonJS that require()s ESM-only packages (min-dash,
// bpmn-moddle); plain Node >= 20.19 does that, jest's module registry cannot. A worker always runs in plain Node,
// so the CLI, the app and every jest tier lint with exactly the same code. (@camunda/linting, which the browser
// uses, still cannot be imported by plain Node at 3.57: its ESM imports have no file extensions.)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');

// The project's own rules (lint/bpmnlint-plugin-samverkan) are resolved from the folder, so they need no npm link;
// everything else (bpmnlint, camunda-compat) through node resolution from this file.
const SAMVERKAN_DIR = fileURLToPath(new URL('../../lint/bpmnlint-plugin-samverkan', import.meta.url));
const samverkan = require(SAMVERKAN_DIR);
const nodeResolver = new NodeResolver({ require });
const resolver = {
  resolveRule(pkg, name) {
    if (pkg !== 'bpmnlint-plugin-samverkan') return nodeResolver.resolveRule(pkg, name);
    if (!samverkan.rules[name]) throw new Error(`unknown rule <samverkan/${name}>`);
    return require(path.join(SAMVERKAN_DIR, samverkan.rules[name]));
  },
  resolveConfig(pkg, name) {
    if (pkg !== 'bpmnlint-plugin-samverkan') return nodeResolver.resolveConfig(pkg, name);
    if (!samverkan.configs[name]) throw new Error(`unknown config <samverkan/${name}>`);
    return samverkan.configs[name];
  },
};

/** Every element with an id (flow elements, lanes, participants), so findings can name the element by its label. */
function names(root) {
  const out = {};
  const seen = new Set();
  const visit = (node) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node.$type !== 'string') return;
    if (typeof node.id === 'string') out[node.id] = node.name ?? null;
    for (const key of ['rootElements', 'flowElements', 'artifacts', 'laneSets', 'lanes', 'participants'])
      visit(node[key]);
  };
  visit(root);
  return out;
}

/**
 * A fresh bpmnlint Linter per run: a Linter keeps the rule instances it resolved, and some rules keep state in them
 * (no-duplicate-sequence-flows remembers every flow it saw), so a reused one reports flows of earlier models.
 */
const linterFor = (config) => new Linter({ config, resolver });

parentPort.on('message', async ({ id, xml, config, resolveOnly }) => {
  try {
    if (resolveOnly) {
      const rules = await linterFor(config).resolveRules(config);
      parentPort.postMessage({ id, rules: rules.map((r) => ({ name: r.name, category: r.category })) });
      return;
    }
    const moddle = new BpmnModdle({ camunda });
    let rootElement;
    try {
      ({ rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions'));
    } catch (err) {
      parentPort.postMessage({ id, parseError: err.message });
      return;
    }
    const reports = await linterFor(config).lint(rootElement);
    const processIds = (rootElement.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process').map((e) => e.id);
    const plain = Object.fromEntries(
      Object.entries(reports).map(([rule, list]) => [
        rule,
        list.map((r) => ({ id: r.id, message: r.message, category: r.category })),
      ]),
    );
    parentPort.postMessage({ id, reports: plain, names: names(rootElement), processIds });
  } catch (err) {
    parentPort.postMessage({ id, error: err.stack ?? String(err) });
  }
});
