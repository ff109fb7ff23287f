import { Worker } from 'node:worker_threads';
import { swedishLintMessage, type LintFinding } from './bpmnLintMessages.js';

export type { LintFinding } from './bpmnLintMessages.js';

/**
 * The one lint configuration of the product: `npm run lint:bpmn`, `test/static` and the modeler's deploy use it.
 * The engine is 8.6.0 (docs/architecture.md), so the camunda-compat config is pinned to it.
 */
export const BPMNLINT_CONFIG = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-6'] };

/** Result of linting one BPMN document. `errors` block a deployment, `warnings` do not. */
export interface LintResult {
  errors: LintFinding[];
  warnings: LintFinding[];
  /** Ids of the `bpmn:Process` elements in the document (empty when the XML did not parse). */
  processIds: string[];
}

interface RawReport { id?: string; message: string; category: LintFinding['category'] }
type WorkerReply = { id: number } & (
  | { reports: Record<string, RawReport[]>; names: Record<string, string | null>; processIds: string[] }
  | { parseError: string }
  | { error: string }
);

// One lazily started worker (see bpmnLint.worker.mjs for why); unref'd so it never keeps a process alive.
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();

function lintWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./bpmnLint.worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (reply: WorkerReply) => {
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });
  const fail = (err: Error) => {
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`bpmnlint worker exited with code ${code}`)));
  worker = w;
  return w;
}

/** Lints BPMN XML with BPMNLINT_CONFIG; unreadable XML becomes a single error finding. */
export async function lintBpmnXml(xml: string): Promise<LintResult> {
  const id = nextId++;
  const reply = await new Promise<WorkerReply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    lintWorker().postMessage({ id, xml, config: BPMNLINT_CONFIG });
  });
  if ('error' in reply) throw new Error(`bpmnlint failed: ${reply.error}`);
  if ('parseError' in reply) {
    return { errors: [{ id: '', rule: 'xml', category: 'error', message: `XML-filen kunde inte läsas: ${reply.parseError}`, detail: reply.parseError }], warnings: [], processIds: [] };
  }
  const findings = Object.entries(reply.reports).flatMap(([rule, list]) =>
    list.map((r): LintFinding => {
      const element = r.id ? { id: r.id, name: reply.names[r.id] ?? undefined } : undefined;
      return { id: r.id ?? '', rule, category: r.category, message: swedishLintMessage(rule, r.message, element), detail: r.message };
    }),
  );
  return {
    errors: findings.filter((f) => f.category === 'error' || f.category === 'rule-error'),
    warnings: findings.filter((f) => f.category === 'warn' || f.category === 'info'),
    processIds: reply.processIds,
  };
}

/** Stops the lint worker (tests and CLIs that want a clean exit; the worker is unref'd either way). */
export async function closeBpmnLint(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
