// Worker thread of src/services/bpmnLint.ts. bpmnlint is CommonJS that require()s ESM-only packages (min-dash,
// bpmn-moddle); plain Node >= 20.19 does that, jest's module registry cannot. A worker always runs in plain Node,
// so the CLI, the app and every jest tier lint with exactly the same code.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');

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
    for (const key of ['rootElements', 'flowElements', 'artifacts', 'laneSets', 'lanes', 'participants']) visit(node[key]);
  };
  visit(root);
  return out;
}

parentPort.on('message', async ({ id, xml, config }) => {
  try {
    const moddle = new BpmnModdle({ zeebe });
    let rootElement;
    try {
      ({ rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions'));
    } catch (err) {
      parentPort.postMessage({ id, parseError: err.message });
      return;
    }
    const reports = await new Linter({ config, resolver: new NodeResolver() }).lint(rootElement);
    const processIds = (rootElement.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process').map((e) => e.id);
    const plain = Object.fromEntries(Object.entries(reports).map(([rule, list]) => [rule, list.map((r) => ({ id: r.id, message: r.message, category: r.category }))]));
    parentPort.postMessage({ id, reports: plain, names: names(rootElement), processIds });
  } catch (err) {
    parentPort.postMessage({ id, error: err.stack ?? String(err) });
  }
});
