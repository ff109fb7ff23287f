import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// @ts-ignore bpmn-moddle ships no typings for its root entry
import { BpmnModdle } from 'bpmn-moddle';
import type { Knex } from 'knex';

import type { Engine, HistoricActivity } from '../../src/engine/client.js';
import { PROCESSES_DIR, ROOT } from '../../src/paths.js';

/**
 * BPMN coverage of the process tests, read from the engine's history (history level full): no instrumentation, the
 * models deploy exactly as in production.
 *
 * Which instances count: those of this test run only (the test engine may be reused across runs). The test database
 * is fresh per run, so the instances are the ones whose business key is a case id of this database (`cases`,
 * `routine_cases`, including samverkan cases started by the KT2 signal); the testbed records them in the table
 * `bpmn_coverage_instances` (`recordRunInstances`) when a test file stops, and tests may add more (`recordInstance`).
 *
 * Flow nodes: the distinct activity ids in `GET /history/activity-instance` of those instances. A multi-instance
 * activity appears as `<id>#multiInstanceBody` (the body) plus one instance per element; both count as `<id>`.
 * Every kind of flow node in the models has activity instances of its own (activityType as seen on Operaton 1.0.3):
 * `startEvent`, `signalStartEvent` (samverkan-case from KT2), `messageStartEvent` (event subprocess starts),
 * `subProcess` (the event subprocess itself), `boundaryTimer`, `intermediateTimer`, `intermediateSignalThrow`,
 * `exclusiveGateway`, `serviceTask`, `userTask`, `multiInstanceBody`, `noneEndEvent`.
 *
 * Sequence flows are derived, not observed (the engine keeps no history of flows taken): a flow `s → t` counts as taken
 * in an instance when an activity instance of `s` that ended normally (not cancelled) has, as its successor, an
 * activity instance of `t`. The successor is the activity instance in the same parent scope (same
 * `parentActivityInstanceId`) that started first at or after the source ended, creation order (the time-based
 * activity instance id) breaking ties within the same millisecond. A token in a concurrent branch of the same scope that
 * starts in the very millisecond in which the source ends could be mistaken for its successor. Given the model's flows,
 * the successor is sought among the source's flow targets only (so a concurrent branch of a parallel gateway, or a
 * non-interrupting boundary event, is not taken for it), and a parallel gateway takes every outgoing flow whose
 * target has a later activity instance in the scope.
 */
const COVERAGE_DIR = path.join(ROOT, '.data', 'bpmn-coverage');
export const COVERAGE_TABLE = 'bpmn_coverage_instances';

type El = any;
const camundaModdle = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8'),
) as object;
const moddle = () => new BpmnModdle({ camunda: camundaModdle });

export interface ModelInventory {
  nodes: string[];
  flows: { id: string; source: string; target: string }[];
}

/** Flow nodes and sequence flows of every model in processes/ (subprocesses included). */
export async function inventory(): Promise<Record<string, ModelInventory>> {
  const out: Record<string, ModelInventory> = {};
  for (const file of readdirSync(PROCESSES_DIR)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()) {
    const { rootElement } = await moddle().fromXML(readFileSync(path.join(PROCESSES_DIR, file), 'utf8'));
    for (const p of (rootElement.rootElements as El[]).filter((e) => e.$type === 'bpmn:Process')) {
      const inv: ModelInventory = { nodes: [], flows: [] };
      const visit = (c: El) => {
        for (const el of (c.flowElements ?? []) as El[]) {
          if (el.$type === 'bpmn:SequenceFlow')
            inv.flows.push({ id: el.id, source: el.sourceRef.id, target: el.targetRef.id });
          else if (
            el.$type !== 'bpmn:DataObject' &&
            el.$type !== 'bpmn:DataObjectReference' &&
            el.$type !== 'bpmn:DataStoreReference'
          ) {
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

/** Creates the table of this run's instances (in the per-run test database). */
export async function ensureCoverageTable(db: Knex): Promise<void> {
  await db.raw(
    `create table if not exists ${COVERAGE_TABLE} (process_instance_id text primary key, process_definition_key text not null, business_key text, recorded_at timestamptz not null default now())`,
  );
}

/** Records an instance a test started (one that no case row names). */
export async function recordInstance(
  db: Knex,
  processInstanceId: string,
  processDefinitionKey: string,
  businessKey: string | null = null,
): Promise<void> {
  await ensureCoverageTable(db);
  await db(COVERAGE_TABLE)
    .insert({
      process_instance_id: processInstanceId,
      process_definition_key: processDefinitionKey,
      business_key: businessKey,
    })
    .onConflict('process_instance_id')
    .ignore();
}

/**
 * Records every instance of this run: the engine's historic instances whose business key is a case id of this test
 * database (the instance ids in the case rows first; case rows without one are looked up by business key).
 */
export async function recordRunInstances(engine: Engine, db: Knex): Promise<number> {
  await ensureCoverageTable(db);
  const rows = [
    ...(await db('cases').select<{ case_id: string; process_instance_key: string | null }[]>(
      'case_id',
      'process_instance_key',
    )),
    ...(await db('routine_cases').select<{ case_id: string; process_instance_key: string | null }[]>(
      'case_id',
      'process_instance_key',
    )),
  ];
  const recorded = await db(COVERAGE_TABLE).select<{ process_instance_id: string; business_key: string | null }[]>(
    'process_instance_id',
    'business_key',
  );
  const known = new Set(recorded.map((r) => String(r.process_instance_id)));
  const knownKeys = new Set(recorded.flatMap((r) => (r.business_key ? [r.business_key] : [])));
  const ids = rows.flatMap((r) =>
    r.process_instance_key && !known.has(String(r.process_instance_key)) ? [String(r.process_instance_key)] : [],
  );
  const found = ids.length ? await engine.historicProcessInstances({ processInstanceIds: ids }) : [];
  for (const r of rows.filter((x) => !x.process_instance_key && !knownKeys.has(x.case_id)))
    found.push(...(await engine.historicProcessInstances({ processInstanceBusinessKey: r.case_id })));
  for (const hpi of found) {
    if (known.has(hpi.id)) continue;
    await recordInstance(db, hpi.id, hpi.processDefinitionKey, hpi.businessKey);
    known.add(hpi.id);
  }
  return known.size;
}

/** The element id of an activity instance (`X#multiInstanceBody` → `X`). */
export const elementIdOf = (a: Pick<HistoricActivity, 'activityId'>) => a.activityId.replace(/#multiInstanceBody$/, '');

/** Creation order of a time-based (v1) UUID in an activity instance id (`Element:uuid`), or undefined. */
function creationOrder(activityInstanceId: string): bigint | undefined {
  const m = /([0-9a-f]{8})-([0-9a-f]{4})-1([0-9a-f]{3})-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(activityInstanceId);
  if (!m) return undefined;
  return (BigInt(`0x${m[3]}`) << 48n) | (BigInt(`0x${m[2]}`) << 32n) | BigInt(`0x${m[1]}`);
}

/** The sequence flows (source|target) taken in one instance's history, by the successor rule described above. */
export function takenTransitions(
  history: HistoricActivity[],
  flows?: readonly { source: string; target: string }[],
): Set<string> {
  const targetsOf = new Map<string, Set<string>>();
  for (const f of flows ?? []) targetsOf.set(f.source, (targetsOf.get(f.source) ?? new Set()).add(f.target));
  const byParent = new Map<string, (HistoricActivity & { t: number; seq: bigint | undefined })[]>();
  for (const a of history) {
    const key = a.parentActivityInstanceId ?? '';
    const list = byParent.get(key) ?? [];
    list.push({ ...a, t: Date.parse(a.startTime), seq: creationOrder(a.id) });
    byParent.set(key, list);
  }
  const taken = new Set<string>();
  for (const list of byParent.values()) {
    list.sort(
      (x, y) =>
        x.t - y.t || (x.seq !== undefined && y.seq !== undefined ? (x.seq < y.seq ? -1 : x.seq > y.seq ? 1 : 0) : 0),
    );
    for (const [i, a] of list.entries()) {
      if (!a.endTime || a.canceled) continue;
      const end = Date.parse(a.endTime);
      const later = list.slice(i + 1).filter((b) => b.t >= end);
      const targets = targetsOf.get(elementIdOf(a));
      const candidates = targets ? later.filter((b) => targets.has(elementIdOf(b))) : later;
      const successors =
        a.activityType === 'parallelGateway'
          ? [...new Set(candidates.map((b) => elementIdOf(b)))]
          : candidates.slice(0, 1).map((b) => elementIdOf(b));
      for (const successor of successors) taken.add(`${elementIdOf(a)}|${successor}`);
    }
  }
  return taken;
}

export interface ProcessCoverage {
  nodes: number;
  nodesCovered: number;
  flows: number;
  flowsCovered: number;
  instances: number;
  missingNodes: string[];
  missingFlows: string[];
}
export interface CoverageReport {
  [processId: string]: ProcessCoverage;
}

/** Coverage of the models in processes/ over the recorded instances of this run. */
export async function coverageReport(engine: Engine, db: Knex): Promise<CoverageReport> {
  await ensureCoverageTable(db);
  const recorded = await db(COVERAGE_TABLE).select<{ process_instance_id: string; process_definition_key: string }[]>(
    'process_instance_id',
    'process_definition_key',
  );
  const models = await inventory();
  const report: CoverageReport = {};
  for (const [pid, inv] of Object.entries(models)) {
    const nodes = new Set<string>();
    const transitions = new Set<string>();
    const mine = recorded.filter((r) => r.process_definition_key === pid);
    for (const r of mine) {
      const history = await engine.activityHistory({ processInstanceId: r.process_instance_id });
      for (const a of history) nodes.add(elementIdOf(a));
      for (const t of takenTransitions(history, inv.flows)) transitions.add(t);
    }
    const taken = inv.flows.filter((f) => transitions.has(`${f.source}|${f.target}`));
    report[pid] = {
      nodes: inv.nodes.length,
      nodesCovered: inv.nodes.filter((n) => nodes.has(n)).length,
      flows: inv.flows.length,
      flowsCovered: taken.length,
      instances: mine.length,
      missingNodes: inv.nodes.filter((n) => !nodes.has(n)),
      missingFlows: inv.flows.filter((f) => !taken.includes(f)).map((f) => f.id),
    };
  }
  return report;
}

/** Records this run's instances, computes the cumulative coverage and writes it to .data/bpmn-coverage/<database>.json. */
export async function writeCoverage(engine: Engine, db: Knex): Promise<CoverageReport> {
  await recordRunInstances(engine, db);
  const report = await coverageReport(engine, db);
  mkdirSync(COVERAGE_DIR, { recursive: true });
  writeFileSync(
    path.join(COVERAGE_DIR, `${process.env.TEST_DATABASE ?? 'run'}.json`),
    JSON.stringify({ at: new Date().toISOString(), report }, null, 2),
  );
  return report;
}

/** A printable table of the report. */
export function formatCoverage(report: CoverageReport): string {
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0').padStart(6) + ' %';
  const lines = ['BPMN coverage from the engine history (flow nodes / sequence flows):'];
  for (const [pid, r] of Object.entries(report)) {
    lines.push(
      `  ${pid.padEnd(24)} nodes ${pct(r.nodesCovered, r.nodes)} (${r.nodesCovered}/${r.nodes})   flows ${pct(r.flowsCovered, r.flows)} (${r.flowsCovered}/${r.flows})   instances ${r.instances}`,
    );
    if (r.nodesCovered === 0) continue;
    if (r.missingNodes.length) lines.push(`    not reached: ${r.missingNodes.join(', ')}`);
    if (r.missingFlows.length) lines.push(`    flows not taken: ${r.missingFlows.join(', ')}`);
  }
  return lines.join('\n');
}
