import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';
// @ts-ignore bpmn-moddle ships no typings for its root entry
import { BpmnModdle } from 'bpmn-moddle';
import type { Engine } from '../../src/engine/client.js';
import { PROCESSES_DIR, ROOT } from '../../src/paths.js';

/**
 * BPMN coverage without a history API (8.6 has no secondary storage here): before a test deploys a model it adds an
 * execution listener of job type `track-element` to every flow node (start listeners; `end` where the engine only
 * allows that: start and boundary events). A test-only worker writes (process, element, instance) to bpmn_coverage.
 * Sequence flows are derived: a flow counts as taken when its target was entered after its source in the same
 * instance. The instrumentation exists only in the test deployment; the models in processes/ stay clean.
 */
export const TRACK_JOB_TYPE = 'track-element';
const COVERAGE_DIR = path.join(ROOT, '.data', 'bpmn-coverage');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;
const zeebeModdle = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('zeebe-bpmn-moddle/resources/zeebe.json'), 'utf8')) as object;
const moddle = () => new BpmnModdle({ zeebe: zeebeModdle });

/** Returns the model's XML with a track-element execution listener on every flow node. */
export async function instrument(xml: string): Promise<string> {
  const m = moddle();
  const { rootElement } = await m.fromXML(xml);
  const visit = (container: El) => {
    for (const el of (container.flowElements ?? []) as El[]) {
      if (el.$type === 'bpmn:SequenceFlow') continue;
      const eventType = el.$type === 'bpmn:StartEvent' || el.$type === 'bpmn:BoundaryEvent' ? 'end' : 'start';
      el.extensionElements ??= m.create('bpmn:ExtensionElements', { values: [] });
      el.extensionElements.values ??= [];
      el.extensionElements.values.push(m.create('zeebe:ExecutionListeners', { listeners: [m.create('zeebe:ExecutionListener', { eventType, type: TRACK_JOB_TYPE, retries: '3' })] }));
      if (el.$type === 'bpmn:SubProcess') visit(el);
    }
  };
  for (const p of (rootElement.rootElements as El[]).filter((e) => e.$type === 'bpmn:Process')) visit(p);
  const { xml: out } = await m.toXML(rootElement);
  return out;
}

/** Starts the worker that records visited elements. */
export async function startTracking(engine: Engine, db: Knex) {
  await db.raw(`create table if not exists bpmn_coverage (id bigserial primary key, bpmn_process_id text not null, element_id text not null, process_instance_key bigint not null, job_key bigint unique not null)`);
  const worker = engine.grpc.createWorker({
    taskType: TRACK_JOB_TYPE,
    maxJobsToActivate: 32,
    timeout: 30_000,
    fetchVariable: ['__noVariablesNeeded'] as never,
    loglevel: 'NONE',
    taskHandler: async (job) => {
      await db('bpmn_coverage')
        .insert({ bpmn_process_id: job.bpmnProcessId, element_id: job.elementId, process_instance_key: String(job.processInstanceKey), job_key: String(job.key) })
        .onConflict('job_key')
        .ignore();
      return job.complete();
    },
  });
  return { stop: () => worker.close(5_000).catch(() => undefined) };
}

interface ModelInventory { nodes: string[]; flows: { id: string; source: string; target: string }[] }

/** Flow nodes and sequence flows of every model in processes/. */
export async function inventory(): Promise<Record<string, ModelInventory>> {
  const out: Record<string, ModelInventory> = {};
  for (const file of readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn'))) {
    const { rootElement } = await moddle().fromXML(readFileSync(path.join(PROCESSES_DIR, file), 'utf8'));
    for (const p of (rootElement.rootElements as El[]).filter((e) => e.$type === 'bpmn:Process')) {
      const inv: ModelInventory = { nodes: [], flows: [] };
      const visit = (c: El) => {
        for (const el of (c.flowElements ?? []) as El[]) {
          if (el.$type === 'bpmn:SequenceFlow') inv.flows.push({ id: el.id, source: el.sourceRef.id, target: el.targetRef.id });
          else {
            inv.nodes.push(el.id);
            if (el.$type === 'bpmn:SubProcess') visit(el);
          }
        }
      };
      visit(p);
      out[p.id] = inv;
    }
  }
  return out;
}

export interface CoverageReport { [processId: string]: { nodes: number; nodesCovered: number; flows: number; flowsCovered: number; missingNodes: string[]; missingFlows: string[] } }

/** Computes coverage from the bpmn_coverage rows and writes it to .data/bpmn-coverage/<database>.json. */
export async function writeCoverage(db: Knex): Promise<CoverageReport> {
  const rows = await db('bpmn_coverage').orderBy('id').select<{ id: string; bpmn_process_id: string; element_id: string; process_instance_key: string }[]>('*');
  const models = await inventory();
  const report: CoverageReport = {};
  for (const [pid, inv] of Object.entries(models)) {
    const mine = rows.filter((r) => r.bpmn_process_id === pid);
    const nodes = new Set(mine.map((r) => r.element_id));
    const firstSeen = new Map<string, number>(); // instance|element → first visit order
    const lastSeen = new Map<string, number>();
    for (const r of mine) {
      const k = `${r.process_instance_key}|${r.element_id}`;
      if (!firstSeen.has(k)) firstSeen.set(k, Number(r.id));
      lastSeen.set(k, Number(r.id));
    }
    const instances = new Set(mine.map((r) => r.process_instance_key));
    const taken = inv.flows.filter((f) => [...instances].some((i) => {
      const s = firstSeen.get(`${i}|${f.source}`);
      const t = lastSeen.get(`${i}|${f.target}`);
      return s !== undefined && t !== undefined && t > s;
    }));
    report[pid] = {
      nodes: inv.nodes.length,
      nodesCovered: inv.nodes.filter((n) => nodes.has(n)).length,
      flows: inv.flows.length,
      flowsCovered: taken.length,
      missingNodes: inv.nodes.filter((n) => !nodes.has(n)),
      missingFlows: inv.flows.filter((f) => !taken.includes(f)).map((f) => f.id),
    };
  }
  mkdirSync(COVERAGE_DIR, { recursive: true });
  writeFileSync(path.join(COVERAGE_DIR, `${process.env.TEST_DATABASE ?? 'run'}.json`), JSON.stringify({ at: new Date().toISOString(), report }, null, 2));
  return report;
}

/** A printable table of the report. */
export function formatCoverage(report: CoverageReport): string {
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0').padStart(6) + ' %';
  const lines = ['BPMN coverage (flow nodes / sequence flows):'];
  for (const [pid, r] of Object.entries(report)) {
    lines.push(`  ${pid.padEnd(24)} nodes ${pct(r.nodesCovered, r.nodes)} (${r.nodesCovered}/${r.nodes})   flows ${pct(r.flowsCovered, r.flows)} (${r.flowsCovered}/${r.flows})`);
    if (r.nodesCovered === 0) continue;
    if (r.missingNodes.length) lines.push(`    not reached: ${r.missingNodes.join(', ')}`);
    if (r.missingFlows.length) lines.push(`    flows not taken: ${r.missingFlows.join(', ')}`);
  }
  return lines.join('\n');
}
