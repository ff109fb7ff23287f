// A tiny authoring aid that wrote the first versions of processes/*.bpmn (with BPMN DI on a grid). The .bpmn
// files are the source of truth: process owners edit them in the modeler; rerun this only to start over.
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Pos = [col: number, row: number];
type Kind = 'start' | 'end' | 'task' | 'xor' | 'and' | 'catch' | 'throw' | 'boundary' | 'subprocess';

interface Io { inputs?: Record<string, string>; outputs?: Record<string, string> }
interface Node {
  id: string;
  kind: Kind;
  name?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  xml: (inner: string) => string;
  ext: string[];
  body: string[];
  incoming: string[];
  outgoing: string[];
  parent?: string;
}

const GRID_X = 170;
const GRID_Y = 150;
const ORIGIN_X = 160;
const ORIGIN_Y = 120;

function ioXml(io: Io): string {
  const ins = Object.entries(io.inputs ?? {}).map(([t, s]) => `<zeebe:input source="${esc(s)}" target="${t}" />`);
  const outs = Object.entries(io.outputs ?? {}).map(([t, s]) => `<zeebe:output source="${esc(s)}" target="${t}" />`);
  return ins.length + outs.length ? `<zeebe:ioMapping>${[...ins, ...outs].join('')}</zeebe:ioMapping>` : '';
}

/** Builds one executable process with DI. Positions are grid cells [col,row] of the element's centre. */
export class ProcessBuilder {
  private nodes = new Map<string, Node>();
  private flows: { id: string; from: string; to: string; name?: string; condition?: string; via?: [number, number][] }[] = [];
  private messages = new Map<string, { id: string; name: string; key: string }>();
  private signals = new Map<string, { id: string; name: string }>();
  private boundaryCount = new Map<string, number>();
  private subOrigin: { x: number; y: number } | undefined;
  private currentParent: string | undefined;

  constructor(private readonly id: string, private readonly name: string) {}

  private centre([c, r]: Pos) {
    const o = this.subOrigin ?? { x: ORIGIN_X, y: ORIGIN_Y };
    return { cx: o.x + c * GRID_X, cy: o.y + r * GRID_Y };
  }

  private add(id: string, kind: Kind, pos: Pos, size: [number, number], name: string | undefined, xml: (inner: string) => string) {
    if (this.nodes.has(id)) throw new Error(`duplicate id ${id}`);
    const { cx, cy } = this.centre(pos);
    const n: Node = { id, kind, name, x: cx - size[0] / 2, y: cy - size[1] / 2, w: size[0], h: size[1], xml, ext: [], body: [], incoming: [], outgoing: [], parent: this.currentParent };
    this.nodes.set(id, n);
    return n;
  }

  message(name: string, correlationKey = '=caseId') {
    const id = `Message_${name}`;
    this.messages.set(id, { id, name, key: correlationKey });
    return id;
  }

  signal(name: string) {
    const id = `Signal_${name}`;
    this.signals.set(id, { id, name });
    return id;
  }

  start(id: string, name: string, pos: Pos, opts: { message?: string; signal?: string; interrupting?: boolean } = {}) {
    const def = opts.message ? `<bpmn:messageEventDefinition id="${id}_Def" messageRef="${this.message(opts.message)}" />` : opts.signal ? `<bpmn:signalEventDefinition id="${id}_Def" signalRef="${this.signal(opts.signal)}" />` : '';
    const inter = opts.interrupting === undefined ? '' : ` isInterrupting="${opts.interrupting}"`;
    const n = this.add(id, 'start', pos, [36, 36], name, (inner) => `<bpmn:startEvent id="${id}" name="${esc(name)}"${inter}>${inner}${def}</bpmn:startEvent>`);
    return n.id;
  }

  end(id: string, name: string, pos: Pos) {
    this.add(id, 'end', pos, [36, 36], name, (inner) => `<bpmn:endEvent id="${id}" name="${esc(name)}">${inner}</bpmn:endEvent>`);
    return id;
  }

  service(id: string, name: string, pos: Pos, type: string, opts: Io & { headers?: Record<string, string> } = {}) {
    const n = this.add(id, 'task', pos, [100, 80], name, (inner) => `<bpmn:serviceTask id="${id}" name="${esc(name)}">${inner}</bpmn:serviceTask>`);
    n.ext.push(`<zeebe:taskDefinition type="${type}" retries="5" />`);
    if (opts.headers) n.ext.push(`<zeebe:taskHeaders>${Object.entries(opts.headers).map(([k, v]) => `<zeebe:header key="${k}" value="${esc(v)}" />`).join('')}</zeebe:taskHeaders>`);
    const io = ioXml(opts);
    if (io) n.ext.push(io);
    return id;
  }

  /** A compute-due-date task: `rule` header, `from` (and group/until) inputs, dueDate/dueAt mapped to named variables. */
  dueDate(id: string, name: string, pos: Pos, rule: string, from: string, out: { date: string; at: string }, extra: Record<string, string> = {}) {
    return this.service(id, name, pos, 'compute-due-date', { headers: { rule }, inputs: { from, ...extra }, outputs: { [out.date]: '=dueDate', [out.at]: '=dueAt' } });
  }

  notify(id: string, name: string, pos: Pos, template: string, inputs: Record<string, string>) {
    return this.service(id, name, pos, 'send-notification', { headers: { template }, inputs });
  }

  user(id: string, name: string, pos: Pos, opts: Io & { form: string; groups: string; due?: string; multiInstance?: { collection: string; element: string } }) {
    const n = this.add(id, 'task', pos, [100, 80], name, (inner) => `<bpmn:userTask id="${id}" name="${esc(name)}">${inner}</bpmn:userTask>`);
    n.ext.push(`<zeebe:formDefinition formId="${opts.form}" />`);
    n.ext.push(`<zeebe:assignmentDefinition candidateGroups="${esc(opts.groups)}" />`);
    if (opts.due) n.ext.push(`<zeebe:taskSchedule dueDate="${esc(opts.due)}" />`);
    const io = ioXml(opts);
    if (io) n.ext.push(io);
    if (opts.multiInstance) {
      n.body.push(`<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${esc(opts.multiInstance.collection)}" inputElement="${opts.multiInstance.element}" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`);
    }
    return id;
  }

  xor(id: string, name: string | undefined, pos: Pos) {
    this.add(id, 'xor', pos, [50, 50], name, (inner) => `<bpmn:exclusiveGateway id="${id}"${name ? ` name="${esc(name)}"` : ''}${this.defaults.get(id) ? ` default="${this.defaults.get(id)}"` : ''}>${inner}</bpmn:exclusiveGateway>`);
    return id;
  }
  private defaults = new Map<string, string>();

  timerCatch(id: string, name: string, pos: Pos, timeDate: string) {
    this.add(id, 'catch', pos, [36, 36], name, (inner) => `<bpmn:intermediateCatchEvent id="${id}" name="${esc(name)}">${inner}<bpmn:timerEventDefinition id="${id}_Def"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(timeDate)}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
    return id;
  }

  signalThrow(id: string, name: string, pos: Pos, signal: string, inputs: Record<string, string>) {
    const ref = this.signal(signal);
    const n = this.add(id, 'throw', pos, [36, 36], name, (inner) => `<bpmn:intermediateThrowEvent id="${id}" name="${esc(name)}">${inner}<bpmn:signalEventDefinition id="${id}_Def" signalRef="${ref}" /></bpmn:intermediateThrowEvent>`);
    n.ext.push(ioXml({ inputs }));
    return id;
  }

  /** A timer boundary event on the bottom edge of `host`; non-interrupting unless said otherwise. */
  boundaryTimer(id: string, name: string, host: string, timeDate: string, { interrupting = false } = {}) {
    const h = this.nodes.get(host)!;
    const k = this.boundaryCount.get(host) ?? 0;
    this.boundaryCount.set(host, k + 1);
    const cx = h.x + 30 + k * 40;
    const cy = h.y + h.h;
    const n: Node = {
      id, kind: 'boundary', name, x: cx - 18, y: cy - 18, w: 36, h: 36, ext: [], body: [], incoming: [], outgoing: [], parent: h.parent,
      xml: (inner) => `<bpmn:boundaryEvent id="${id}" name="${esc(name)}" cancelActivity="${interrupting}" attachedToRef="${host}">${inner}<bpmn:timerEventDefinition id="${id}_Def"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(timeDate)}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
    };
    this.nodes.set(id, n);
    return id;
  }

  /** An event subprocess laid out in its own grid; `build` adds its nodes with positions relative to `origin`. */
  eventSubprocess(id: string, name: string, bounds: { col: number; row: number; cols: number; rows: number }, build: () => void) {
    const { cx, cy } = this.centre([bounds.col, bounds.row]);
    const x = cx - GRID_X / 2;
    const y = cy - GRID_Y / 2;
    const w = bounds.cols * GRID_X;
    const h = bounds.rows * GRID_Y;
    const n: Node = { id, kind: 'subprocess', name, x, y, w, h, ext: [], body: [], incoming: [], outgoing: [], xml: () => '' };
    this.nodes.set(id, n);
    this.subOrigin = { x: x + GRID_X / 2, y: y + GRID_Y / 2 };
    this.currentParent = id;
    build();
    this.subOrigin = undefined;
    this.currentParent = undefined;
  }

  flow(id: string, from: string, to: string, opts: { name?: string; condition?: string; isDefault?: boolean; via?: [number, number][] } = {}) {
    const f = { id, from, to, ...opts };
    this.flows.push(f);
    this.nodes.get(from)!.outgoing.push(id);
    this.nodes.get(to)!.incoming.push(id);
    if (opts.isDefault) this.defaults.set(from, id);
    return id;
  }

  /** Connects a chain of nodes with flows named SequenceFlow_<From>To<To> (unnamed, unconditional). */
  chain(...ids: string[]) {
    for (let i = 0; i + 1 < ids.length; i++) {
      const short = (s: string) => s.replace(/^[A-Za-z]+_/, '');
      this.flow(`SequenceFlow_${short(ids[i]!)}To${short(ids[i + 1]!)}`, ids[i]!, ids[i + 1]!);
    }
  }

  private waypoints(f: { from: string; to: string; via?: [number, number][] }): [number, number][] {
    const s = this.nodes.get(f.from)!;
    const t = this.nodes.get(f.to)!;
    const scx = s.x + s.w / 2, scy = s.y + s.h / 2, tcx = t.x + t.w / 2, tcy = t.y + t.h / 2;
    if (f.via) {
      const first = f.via[0]!;
      const last = f.via[f.via.length - 1]!;
      const start: [number, number] = first[0] === scx ? [scx, first[1] > scy ? s.y + s.h : s.y] : [first[0] > scx ? s.x + s.w : s.x, scy];
      const end: [number, number] = last[0] === tcx ? [tcx, last[1] > tcy ? t.y + t.h : t.y] : [last[0] > tcx ? t.x + t.w : t.x, tcy];
      return [start, ...f.via, end];
    }
    if (s.kind === 'boundary') return [[scx, s.y + s.h], [scx, tcy], [t.x, tcy]].filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]) as [number, number][];
    if (Math.abs(scy - tcy) < 1) return tcx > scx ? [[s.x + s.w, scy], [t.x, tcy]] : [[s.x, scy], [t.x + t.w, tcy]];
    if (tcx > scx) {
      // leave a gateway from its top/bottom corner; other nodes from the right, then turn at the target column
      if (s.kind === 'xor' || s.kind === 'and') return [[scx, tcy > scy ? s.y + s.h : s.y], [scx, tcy], [t.x, tcy]];
      return [[s.x + s.w, scy], [tcx, scy], [tcx, tcy > scy ? t.y : t.y + t.h]];
    }
    // backwards: go below both and come back up
    const low = Math.max(s.y + s.h, t.y + t.h) + 40;
    return [[scx, s.y + s.h], [scx, low], [tcx, low], [tcx, t.y + t.h]];
  }

  /** Serialises definitions, process and diagram. */
  toXml(): string {
    const out: string[] = [];
    const children = (parent: string | undefined) => [...this.nodes.values()].filter((n) => n.parent === parent && n.kind !== 'subprocess');
    const elementXml = (n: Node) => {
      const ext = n.ext.length ? `<bpmn:extensionElements>${n.ext.join('')}</bpmn:extensionElements>` : '';
      const io = [...n.incoming.map((f) => `<bpmn:incoming>${f}</bpmn:incoming>`), ...n.outgoing.map((f) => `<bpmn:outgoing>${f}</bpmn:outgoing>`)].join('');
      return n.xml(ext + io + n.body.join(''));
    };
    const flowXml = (f: (typeof this.flows)[number]) =>
      `<bpmn:sequenceFlow id="${f.id}"${f.name ? ` name="${esc(f.name)}"` : ''} sourceRef="${f.from}" targetRef="${f.to}">${f.condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`;
    const parentOf = (f: { from: string }) => this.nodes.get(f.from)!.parent;
    const body: string[] = [];
    for (const n of children(undefined)) body.push(elementXml(n));
    for (const f of this.flows.filter((f) => !parentOf(f))) body.push(flowXml(f));
    for (const sp of [...this.nodes.values()].filter((n) => n.kind === 'subprocess')) {
      body.push(`<bpmn:subProcess id="${sp.id}" name="${esc(sp.name!)}" triggeredByEvent="true">${children(sp.id).map(elementXml).join('')}${this.flows.filter((f) => parentOf(f) === sp.id).map(flowXml).join('')}</bpmn:subProcess>`);
    }
    const pascal = this.id.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
    out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(`<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${pascal}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Samverkan" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">`);
    out.push(`  <bpmn:process id="${this.id}" name="${esc(this.name)}" isExecutable="true">`);
    for (const b of body) out.push(`    ${b}`);
    out.push('  </bpmn:process>');
    for (const m of this.messages.values()) out.push(`  <bpmn:message id="${m.id}" name="${m.name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${esc(m.key)}" /></bpmn:extensionElements></bpmn:message>`);
    for (const s of this.signals.values()) out.push(`  <bpmn:signal id="${s.id}" name="${s.name}" />`);
    out.push(`  <bpmndi:BPMNDiagram id="BPMNDiagram_${pascal}">`);
    out.push(`    <bpmndi:BPMNPlane id="BPMNPlane_${pascal}" bpmnElement="${this.id}">`);
    const shapes = [...this.nodes.values()].sort((a, b) => (a.kind === 'subprocess' ? -1 : 0) - (b.kind === 'subprocess' ? -1 : 0));
    for (const n of shapes) {
      const extra = n.kind === 'subprocess' ? ' isExpanded="true"' : n.kind === 'xor' ? ' isMarkerVisible="true"' : '';
      out.push(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${extra}><dc:Bounds x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" /></bpmndi:BPMNShape>`);
    }
    for (const f of this.flows) {
      out.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${this.waypoints(f).map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`);
    }
    out.push('    </bpmndi:BPMNPlane>');
    out.push('  </bpmndi:BPMNDiagram>');
    out.push('</bpmn:definitions>');
    return out.join('\n') + '\n';
  }
}
