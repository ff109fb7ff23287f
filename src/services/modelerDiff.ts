// Semantic diff of two BPMN models: which elements were added, removed or changed (and in which attributes), and
// which only moved on the diagram. Elements are matched by id, as the engine and the modeler identify them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// @ts-ignore bpmn-moddle ships no typings for its root entry (ts-ignore, not expect-error: a shared d.ts may add them)
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camundaSchema = JSON.parse(
  readFileSync(require.resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8'),
) as object;

/** One element of a model as the diff names it. */
export interface DiffElement {
  id: string;
  /** BPMN type without prefix, e.g. `UserTask`. */
  type: string;
  name: string | null;
}

/** An attribute that differs; values are the attribute as text (a nested structure as compact JSON), null = unset. */
export interface AttributeChange {
  attribute: string;
  before: string | null;
  after: string | null;
}

export interface SemanticDiff {
  added: DiffElement[];
  removed: DiffElement[];
  changed: (DiffElement & { changes: AttributeChange[] })[];
  /** Elements whose semantics are the same but whose shape or path moved on the diagram. */
  moved: DiffElement[];
  /** True when nothing differs, the diagram layout included. */
  identical: boolean;
}

interface ModdleObject {
  $type: string;
  $attrs?: Record<string, unknown>;
  $descriptor?: {
    properties: { name: string; ns: { name: string }; isReference?: boolean; isMany?: boolean; isAttr?: boolean }[];
  };
  id?: string;
  name?: string;
  bpmnElement?: { id?: string };
  [key: string]: unknown;
}

const isObject = (v: unknown): v is ModdleObject =>
  typeof v === 'object' && v !== null && typeof (v as ModdleObject).$type === 'string';
const isDi = (t: string) => t.startsWith('bpmndi:') || t.startsWith('dc:') || t.startsWith('di:');

/** A canonical, id-free rendering of a value nested in an element (extension elements, conditions, timers…). */
function canonical(value: unknown, skip: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = { $type: value.$type };
  for (const p of value.$descriptor?.properties ?? []) {
    if (skip.includes(p.name)) continue;
    const v = value[p.name];
    if (v === undefined || (Array.isArray(v) && !v.length)) continue;
    out[p.name] = p.isReference ? refId(v) : canonical(v);
  }
  for (const [k, v] of Object.entries(value.$attrs ?? {})) out[k] = v;
  return out;
}

const refId = (v: unknown): unknown => (Array.isArray(v) ? v.map(refId) : isObject(v) ? (v.id ?? v.$type) : v);

interface Collected {
  semantic: Map<string, { el: DiffElement; attrs: Map<string, string> }>;
  di: Map<string, string>;
}

/** Every element with an id, with its attributes flattened (nested elements with ids are elements of their own). */
function collect(root: ModdleObject): Collected {
  const semantic: Collected['semantic'] = new Map();
  const di: Collected['di'] = new Map();
  const visit = (node: ModdleObject) => {
    if (isDi(node.$type)) {
      if (node.$type === 'bpmndi:BPMNShape' || node.$type === 'bpmndi:BPMNEdge') {
        const target = node.bpmnElement?.id;
        if (target) di.set(target, JSON.stringify(canonical(node, ['id', 'bpmnElement'])));
      }
      for (const p of node.$descriptor?.properties ?? []) {
        const v = node[p.name];
        if (p.isReference) continue;
        for (const child of Array.isArray(v) ? v : [v]) if (isObject(child)) visit(child);
      }
      return;
    }
    const attrs = new Map<string, string>();
    for (const p of node.$descriptor?.properties ?? []) {
      if (p.name === 'id') continue;
      const v = node[p.name];
      if (v === undefined || v === null || (Array.isArray(v) && !v.length)) continue;
      if (p.isReference) {
        attrs.set(p.name, JSON.stringify(refId(v)));
        continue;
      }
      const children = Array.isArray(v) ? v : [v];
      const withIds = children.filter((c) => isObject(c) && typeof c.id === 'string' && !isDi(c.$type));
      for (const c of children) if (isObject(c) && (withIds.includes(c) || isDi(c.$type))) visit(c);
      const rest = children.filter((c) => !withIds.includes(c) && !(isObject(c) && isDi(c.$type)));
      if (!rest.length) continue;
      attrs.set(p.name, typeof v === 'string' ? v : JSON.stringify(canonical(Array.isArray(v) ? rest : rest[0])));
    }
    for (const [k, v] of Object.entries(node.$attrs ?? {})) if (!k.startsWith('xmlns')) attrs.set(k, String(v));
    if (typeof node.id === 'string') {
      semantic.set(node.id, {
        el: {
          id: node.id,
          type: node.$type.replace(/^[a-z]+:/, ''),
          name: typeof node.name === 'string' && node.name ? node.name : null,
        },
        attrs,
      });
    }
  };
  visit(root);
  return { semantic, di };
}

async function parse(xml: string): Promise<ModdleObject> {
  const moddle = new (
    BpmnModdle as new (p: object) => { fromXML(xml: string): Promise<{ rootElement: ModdleObject }> }
  )({ camunda: camundaSchema });
  return (await moddle.fromXML(xml)).rootElement;
}

// Bookkeeping of the modeler that says nothing about the process.
const IGNORED_ATTRIBUTES = new Set([
  'exporter',
  'exporterVersion',
  'modeler:executionPlatform',
  'modeler:executionPlatformVersion',
]);

/** Elements added, removed, changed and moved from BPMN XML `before` to `after`. */
export async function semanticDiff(before: string, after: string): Promise<SemanticDiff> {
  const [a, b] = await Promise.all([parse(before), parse(after)]).then(([x, y]) => [collect(x), collect(y)] as const);
  const added: DiffElement[] = [];
  const removed: DiffElement[] = [];
  const changed: SemanticDiff['changed'] = [];
  const moved: DiffElement[] = [];
  for (const [id, now] of b.semantic) {
    const was = a.semantic.get(id);
    if (!was) {
      added.push(now.el);
      continue;
    }
    const changes: AttributeChange[] = [];
    for (const key of new Set([...was.attrs.keys(), ...now.attrs.keys()])) {
      if (IGNORED_ATTRIBUTES.has(key)) continue;
      const x = was.attrs.get(key) ?? null;
      const y = now.attrs.get(key) ?? null;
      if (x !== y) changes.push({ attribute: key, before: x, after: y });
    }
    if (was.el.type !== now.el.type) changes.unshift({ attribute: 'type', before: was.el.type, after: now.el.type });
    if (changes.length) changed.push({ ...now.el, changes });
    else if ((a.di.get(id) ?? null) !== (b.di.get(id) ?? null)) moved.push(now.el);
  }
  for (const [id, was] of a.semantic) if (!b.semantic.has(id)) removed.push(was.el);
  return {
    added,
    removed,
    changed,
    moved,
    identical: !added.length && !removed.length && !changed.length && !moved.length,
  };
}

/** The number of flow nodes (tasks, events, gateways…) in a model: 0 means there is nothing to run. */
export async function flowNodeCount(xml: string): Promise<number> {
  const { semantic } = collect(await parse(xml));
  const FLOW = /(Task|Event|Gateway|SubProcess|CallActivity|Transaction)$/;
  return [...semantic.values()].filter((e) => FLOW.test(e.el.type)).length;
}
