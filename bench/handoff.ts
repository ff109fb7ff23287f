import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Engine } from '../src/engine/client.js';
import { FORMS_DIR, ROOT } from '../src/paths.js';
import { deployProcess } from '../src/services/deployment.js';
import type { ProbedEngine } from './probes.js';
import { now, percentile, round } from './stats.js';
import type { TaskEventListener } from './taskEvents.js';
import { WebClient } from './webClient.js';

export const FIXTURES_DIR = path.join(ROOT, 'bench', 'fixtures');

/** Deploys a bench fixture through the product's deployment path (its own deployment with its forms; element names and forms recorded). */
export async function deployFixture(db: Knex, engine: Engine, processId: string): Promise<void> {
  const bpmn = readFileSync(path.join(FIXTURES_DIR, `${processId}.bpmn`));
  await deployProcess(db, engine, {
    processId,
    bpmn,
    deployedBy: 'bench',
    comment: 'bench fixture',
    formsDirs: [FIXTURES_DIR, FORMS_DIR],
  });
}

interface ApiTask {
  task_id: string;
  element_id: string;
  state: string;
}
interface TaskPage {
  total: number;
  tasks: ApiTask[];
}

/** One hand-off, in ms after the holder sent the form (performance.now() differences). */
export interface HandoffSample {
  /** The next task in the recipient's GET /api/tasks answer: the hand-off figure. */
  visible: number;
  /** The holder's POST answered (303) and the page it redirects to rendered: what the holder waits for. */
  submitted: number;
  /** POST /uppgifter/:id answered (the app's completion path: validation, engine complete, read model, audit). */
  postAnswered: number;
  /** The worker runtime's fetch-and-lock returned the external task (undefined in the series without a worker). */
  locked?: number;
  /** runJob finished (validation, transaction with the ledger row, the handler, commit): the complete is sent. */
  workerCompleteSent?: number;
  /** The worker's complete of the external task answered. */
  workerCompleted?: number;
  /** The engine's task event for the next task reached a LISTEN connection (as the app's task sync receives it). */
  notified?: number;
  /** List requests the recipient made until the task showed. */
  polls: number;
}

const DIST = (xs: number[]) => ({
  p50: round(percentile(xs, 50)),
  p99: round(percentile(xs, 99)),
  max: round(xs.length ? Math.max(...xs) : Number.NaN),
});

export interface HandoffResult {
  fixture: string;
  viaWorker: boolean;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  submitP50: number;
  submitP95: number;
  submitP99: number;
  chains: number;
  concurrency: number;
  pollIntervalMs: number;
  thinkMs: number;
  /** Medians (p50/p99) of each step, ms after the POST was sent. */
  breakdown: Record<
    'postAnswered' | 'locked' | 'workerCompleteSent' | 'workerCompleted' | 'notified' | 'visible' | 'submitted',
    { p50: number; p99: number; max: number }
  >;
  /** GET /uppgifter/:id (opening the task page with its form, before the think time; not part of the figures). */
  openTaskPage: { p50: number; p99: number };
  pollsP50: number;
  /** Every sample's `visible` and `submitted` (with `keepSamples`: to pool several series into one distribution). */
  raw?: { visible: number[]; submitted: number[] };
}

/**
 * Hand-off latency as the two users experience it, through the app's web routes: the holder opens the task page
 * (GET /uppgifter/:id), works on it for `thinkMs`, submits the form (POST /uppgifter/:id, the app's completion path)
 * and follows the redirect to the task list page; meanwhile the recipient's browser asks GET /api/tasks?caseId=…
 * every `pollIntervalMs` until the next task of the case is in its list. Then the roles swap.
 *
 * `visible` runs from sending the POST to the recipient's list answer that shows the new task: the app's completion
 * path, the engine creating the external task, the worker runtime's waiting long poll answered, runJob (zod, DB
 * transaction with the ledger row, compute-due-date), the external task's completion, the engine creating the next
 * user task with pg_notify in its transaction, the app's task sync writing it to the read model, and the recipient's
 * next list request (≤ `pollIntervalMs` + one request). `submitted` runs from the same moment to the end of the
 * redirect target's HTML (what the holder waits for).
 */
export async function measureHandoffs(
  deps: { db: Knex; engine: Engine; baseUrl: string; probe?: ProbedEngine; events?: TaskEventListener },
  opts: {
    processId: string;
    viaWorker: boolean;
    handoffs: number;
    concurrency: number;
    pollIntervalMs: number;
    thinkMs: number;
    keepSamples?: boolean;
  },
): Promise<HandoffResult> {
  await deployFixture(deps.db, deps.engine, opts.processId);
  const af = new WebClient(deps.baseUrl);
  const fk = new WebClient(deps.baseUrl);
  await af.login('af.handlaggare');
  await fk.login('fk.handlaggare');
  const roundsPerChain = 10; // 20 tasks per case: 19 measured hand-offs (the last completion ends the case)
  const chains = Math.ceil(opts.handoffs / (2 * roundsPerChain - 1));
  const runId = `${Date.now().toString(36)}-${opts.thinkMs}`;
  const samples: HandoffSample[] = [];
  const openPage: number[] = [];
  // the engine's create event of the latest task per instance
  const created = new Map<string, number>();
  const off = deps.events?.on((e) => {
    if (e.event === 'create' && e.processInstanceId) created.set(e.processInstanceId, e.at);
  });

  const openTasks = async (client: WebClient, caseId: string) => {
    const { status, body } = await client.api<TaskPage>(
      'GET',
      `/api/tasks?view=group&caseId=${encodeURIComponent(caseId)}`,
    );
    if (status !== 200) throw new Error(`GET /api/tasks: HTTP ${status}`);
    return body.tasks.filter((t) => t.state === 'open');
  };
  const waitForTask = async (client: WebClient, caseId: string, notId: string | undefined, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (let polls = 1; ; polls++) {
      const task = (await openTasks(client, caseId)).find((t) => t.task_id !== notId);
      if (task) return { task, polls };
      if (Date.now() > deadline) throw new Error(`no task for ${caseId} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, opts.pollIntervalMs));
    }
  };

  const runChain = async (c: number) => {
    const caseId = `BENCH-H-${runId}-${c}`;
    const { processInstanceId: pik } = await deps.engine.startProcess(opts.processId, {
      businessKey: caseId,
      variables: { caseId, round: 0, rounds: roundsPerChain },
    });
    let holder = af;
    let recipient = fk;
    let { task } = await waitForTask(holder, caseId, undefined);
    for (let i = 0; i < 2 * roundsPerChain; i++) {
      const last = i === 2 * roundsPerChain - 1;
      // the holder opens the task (form and CSRF token from the page), works on it, then submits (not measured)
      const tOpen = now();
      const page = await holder.request(`/uppgifter/${task.task_id}`);
      const html = await page.text();
      openPage.push(now() - tOpen);
      if (page.status !== 200) throw new Error(`GET /uppgifter/${task.task_id}: HTTP ${page.status}`);
      const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      if (!token) throw new Error(`no CSRF token on /uppgifter/${task.task_id}`);
      if (opts.thinkMs) await new Promise((r) => setTimeout(r, opts.thinkMs));
      const variables = opts.viaWorker ? { handoffNote: `Överlämning ${i + 1} i mätningen` } : {};
      const t0 = now();
      const res = await holder.request(`/uppgifter/${task.task_id}`, {
        method: 'POST',
        form: { _csrf: token, variables: JSON.stringify(variables) },
      });
      await res.arrayBuffer();
      const tPost = now();
      if (res.status !== 303) throw new Error(`POST /uppgifter/${task.task_id}: HTTP ${res.status} (expected 303)`);
      // the browser follows the redirect while the recipient's list is polled
      const location = res.headers.get('location') ?? '/uppgifter';
      const pageDone = holder.request(location).then(async (r) => {
        await r.text();
        if (r.status !== 200) throw new Error(`GET ${location} after submit: HTTP ${r.status}`);
        return now();
      });
      if (last) {
        await pageDone;
        break;
      }
      const next = await waitForTask(recipient, caseId, task.task_id);
      const tVisible = now();
      const tPage = await pageDone;
      const locked = opts.viaWorker ? deps.probe?.lastOfInstance(pik, t0) : undefined;
      const notifiedAt = created.get(pik);
      samples.push({
        visible: tVisible - t0,
        submitted: tPage - t0,
        postAnswered: tPost - t0,
        ...(locked
          ? {
              locked: locked.lockedAt - t0,
              ...(locked.completeSentAt ? { workerCompleteSent: locked.completeSentAt - t0 } : {}),
              ...(locked.completedAt ? { workerCompleted: locked.completedAt - t0 } : {}),
            }
          : {}),
        ...(notifiedAt !== undefined && notifiedAt >= t0 ? { notified: notifiedAt - t0 } : {}),
        polls: next.polls,
      });
      task = next.task;
      [holder, recipient] = [recipient, holder];
    }
  };

  try {
    let nextChain = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (nextChain < chains) await runChain(nextChain++);
      }),
    );
  } finally {
    off?.();
  }
  const pick = (k: keyof HandoffSample) => samples.flatMap((s) => (typeof s[k] === 'number' ? [s[k] as number] : []));
  const visible = pick('visible');
  const submitted = pick('submitted');
  return {
    fixture: `bench/fixtures/${opts.processId}.bpmn`,
    viaWorker: opts.viaWorker,
    samples: samples.length,
    p50: round(percentile(visible, 50)),
    p99: round(percentile(visible, 99)),
    max: round(Math.max(...visible)),
    mean: round(visible.reduce((a, b) => a + b, 0) / visible.length),
    submitP50: round(percentile(submitted, 50)),
    submitP95: round(percentile(submitted, 95)),
    submitP99: round(percentile(submitted, 99)),
    chains,
    concurrency: opts.concurrency,
    pollIntervalMs: opts.pollIntervalMs,
    thinkMs: opts.thinkMs,
    breakdown: {
      postAnswered: DIST(pick('postAnswered')),
      locked: DIST(pick('locked')),
      workerCompleteSent: DIST(pick('workerCompleteSent')),
      workerCompleted: DIST(pick('workerCompleted')),
      notified: DIST(pick('notified')),
      visible: DIST(visible),
      submitted: DIST(submitted),
    },
    openTaskPage: { p50: round(percentile(openPage, 50)), p99: round(percentile(openPage, 99)) },
    pollsP50: percentile(pick('polls'), 50),
    ...(opts.keepSamples ? { raw: { visible, submitted } } : {}),
  };
}
