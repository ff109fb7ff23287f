import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { ROOT } from '../paths.js';

/** A lint finding as data: the view gives it its Swedish sentence (`shownLintFinding` in the UI texts). */
export interface LintFinding {
  /** Element id the finding is about. */
  id: string;
  /** The element's name, when it has one. */
  name?: string | undefined;
  /** Rule name, e.g. `label-required` or `samverkan/user-task-form`; `xml` when the document does not parse. */
  rule: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
  /** The rule's own (English) message, for developers. */
  detail: string;
}

/**
 * The one lint configuration of the product (equal to `.bpmnlintrc`): `npm run lint:bpmn`, `scripts/export-model.ts`
 * and the modeler's deploy use it, and the browser modeler runs the same rules (modeler/src/lintPlugin.js).
 * - `bpmnlint:correctness` first: @camunda/linting always adds it in the browser (it brings `conditional-event`;
 *   its other rules are in `recommended`, which comes after and so keeps its own levels).
 * - camunda-compat for the engine's dialect: Operaton 1.0.3 is Camunda Platform 7.24.
 * - `plugin:samverkan/recommended`: the project's rules (lint/bpmnlint-plugin-samverkan).
 */
export const BPMNLINT_CONFIG = {
  extends: [
    'bpmnlint:correctness',
    'bpmnlint:recommended',
    'plugin:camunda-compat/camunda-platform-7-24',
    'plugin:samverkan/recommended',
  ],
};

/** Result of linting one BPMN document. `errors` block a deployment, `warnings` do not. */
export interface LintResult {
  errors: LintFinding[];
  warnings: LintFinding[];
  /** Ids of the `bpmn:Process` elements in the document (empty when the XML did not parse). */
  processIds: string[];
}

interface RawReport {
  id?: string;
  message: string;
  category: LintFinding['category'];
}
type WorkerReply = { id: number } & (
  | { reports: Record<string, RawReport[]>; names: Record<string, string | null>; processIds: string[] }
  | { rules: { name: string; category: LintFinding['category'] }[] }
  | { parseError: string }
  | { error: string }
);

// One lazily started worker (see bpmnLint.worker.mjs for why); unref'd so it never keeps a process alive.
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();

function lintWorker(): Worker {
  if (worker) return worker;
  // Plain JavaScript, never compiled: found in the source tree also when this module runs from dist/.
  const w = new Worker(path.join(ROOT, 'src', 'services', 'bpmnLint.worker.mjs'));
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

function ask(message: { xml?: string; config: object; resolveOnly?: boolean }): Promise<WorkerReply> {
  const id = nextId++;
  return new Promise<WorkerReply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    lintWorker().postMessage({ id, ...message });
  });
}

/** Lints BPMN XML with BPMNLINT_CONFIG; unreadable XML becomes a single error finding. */
export async function lintBpmnXml(xml: string): Promise<LintResult> {
  const reply = await ask({ xml, config: BPMNLINT_CONFIG });
  if ('error' in reply) throw new Error(`bpmnlint failed: ${reply.error}`);
  if ('rules' in reply) throw new Error('bpmnlint worker answered a lint with rules');
  if ('parseError' in reply) {
    return {
      errors: [
        {
          id: '',
          rule: 'xml',
          category: 'error',
          detail: reply.parseError,
        },
      ],
      warnings: [],
      processIds: [],
    };
  }
  const findings = Object.entries(reply.reports).flatMap(([rule, list]) =>
    list.map((r): LintFinding => ({
      id: r.id ?? '',
      ...(r.id && reply.names[r.id] ? { name: reply.names[r.id]! } : {}),
      rule,
      category: r.category,
      detail: r.message,
    })),
  );
  return {
    errors: findings.filter((f) => f.category === 'error' || f.category === 'rule-error'),
    warnings: findings.filter((f) => f.category === 'warn' || f.category === 'info'),
    processIds: reply.processIds,
  };
}

/** The rules a config enables after resolving its `extends` (names as findings carry them), e.g. to compare configs. */
export async function resolveLintRules(
  config: object = BPMNLINT_CONFIG,
): Promise<{ name: string; category: LintFinding['category'] }[]> {
  const reply = await ask({ config, resolveOnly: true });
  if ('error' in reply) throw new Error(`bpmnlint failed: ${reply.error}`);
  if (!('rules' in reply)) throw new Error('bpmnlint worker answered a rule query with findings');
  return reply.rules;
}

/** Stops the lint worker (tests and CLIs that want a clean exit; the worker is unref'd either way). */
export async function closeBpmnLint(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
