import { createRequire } from 'node:module';
import { swedishLintMessage, type LintFinding } from './bpmnLintMessages.js';

export type { LintFinding } from './bpmnLintMessages.js';

// bpmnlint, its node resolver and bpmn-moddle (under NodeNext) come without usable typings; the zeebe descriptor is JSON.
const require = createRequire(import.meta.url);
const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new (packages: object) => { fromXML(xml: string, type: string): Promise<unknown> } };
const { Linter } = require('bpmnlint') as { Linter: new (opts: { config: unknown; resolver: unknown }) => { lint(root: unknown): Promise<Record<string, RawReport[]>> } };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;
const zeebeDescriptor = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

interface RawReport { id?: string; message: string; category: LintFinding['category'] }

/**
 * The one lint configuration of the product: `npm run lint:bpmn`, `test/static` and the modeler's deploy use it.
 * The engine is 8.6.0 (docs/architecture.md), so the camunda-compat config is pinned to it.
 */
export const BPMNLINT_CONFIG = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-6'] } as const;

/** Result of linting one BPMN document. `errors` block a deployment, `warnings` do not. */
export interface LintResult {
  errors: LintFinding[];
  warnings: LintFinding[];
  /** Ids of the `bpmn:Process` elements in the document (empty when the XML did not parse). */
  processIds: string[];
}

/** Lints BPMN XML with BPMNLINT_CONFIG; unreadable XML becomes a single error finding. */
export async function lintBpmnXml(xml: string): Promise<LintResult> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  let rootElement: ModdleElement;
  try {
    ({ rootElement } = (await moddle.fromXML(xml, 'bpmn:Definitions')) as unknown as { rootElement: ModdleElement });
  } catch (err) {
    const detail = (err as Error).message;
    return { errors: [{ id: '', rule: 'xml', category: 'error', message: `XML-filen kunde inte läsas: ${detail}`, detail }], warnings: [], processIds: [] };
  }
  const byId = indexElements(rootElement);
  const linter = new Linter({ config: BPMNLINT_CONFIG, resolver: new NodeResolver() });
  const reports = await linter.lint(rootElement);
  const findings = Object.entries(reports).flatMap(([rule, list]) =>
    list.map((r): LintFinding => {
      const element = r.id ? byId.get(r.id) : undefined;
      return {
        id: r.id ?? '',
        rule,
        category: r.category,
        message: swedishLintMessage(rule, r.message, element ? { id: element.id, name: element.name } : r.id ? { id: r.id } : undefined),
        detail: r.message,
      };
    }),
  );
  const processIds = ((rootElement.rootElements ?? []) as ModdleElement[]).filter((e) => e.$type === 'bpmn:Process').map((e) => e.id);
  return {
    errors: findings.filter((f) => f.category === 'error' || f.category === 'rule-error'),
    warnings: findings.filter((f) => f.category === 'warn' || f.category === 'info'),
    processIds,
  };
}

interface ModdleElement { $type: string; id: string; name?: string; rootElements?: unknown[]; [key: string]: unknown }

/** Every element with an id, so findings can name the element by its (Swedish) label. */
function indexElements(root: ModdleElement): Map<string, ModdleElement> {
  const out = new Map<string, ModdleElement>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const el = node as ModdleElement;
    if (typeof el.$type !== 'string') return;
    if (typeof el.id === 'string') out.set(el.id, el);
    for (const key of ['rootElements', 'flowElements', 'artifacts', 'laneSets', 'lanes', 'participants']) visit(el[key]);
  };
  visit(root);
  return out;
}
