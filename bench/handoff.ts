import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Engine } from '../src/engine/client.js';
import { ROOT } from '../src/paths.js';
import { deployChangedResources } from '../src/services/deployment.js';
import { now, percentile, round } from './stats.js';
import { WebClient } from './webClient.js';

/** Deploys bench fixtures through the product's deployment path (so element names and form keys are recorded). */
export async function deployFixtures(db: Knex, engine: Engine, names: string[]): Promise<void> {
  const resources = names.map((name) => {
    const content = readFileSync(path.join(ROOT, 'bench', 'fixtures', name));
    return { name, content, sha256: createHash('sha256').update(content).digest('hex') };
  });
  await deployChangedResources(db, engine, resources);
}

interface ApiTask { job_key: string; element_id: string; state: string }
interface TaskPage { total: number; tasks: ApiTask[] }

export interface HandoffResult {
  samples: number[];
  p50: number;
  p99: number;
  max: number;
  mean: number;
  chains: number;
  concurrency: number;
  pollIntervalMs: number;
  thinkMs: number;
}

/**
 * Hand-off latency through the app's HTTP API: AF completes its task (POST /api/tasks/:jobKey/complete), then FK
 * polls its own list (GET /api/tasks) until the next task of the case is there; then the other way round.
 * The time runs from sending the completion to the list response that shows the new task: it includes the
 * completion call, the engine, the projection worker's activation + write, and one list query.
 */
export async function measureHandoffs(deps: { db: Knex; engine: Engine; baseUrl: string }, opts: { handoffs: number; concurrency: number; pollIntervalMs: number; thinkMs: number; log: (m: string) => void }): Promise<HandoffResult> {
  await deployFixtures(deps.db, deps.engine, ['bench-handoff.bpmn']);
  const af = new WebClient(deps.baseUrl);
  const fk = new WebClient(deps.baseUrl);
  await af.login('af.handlaggare');
  await fk.login('fk.handlaggare');
  const roundsPerChain = 10; // 20 tasks per case: 19 measured hand-offs (the last completion ends the case)
  const chains = Math.ceil(opts.handoffs / (2 * roundsPerChain - 1));
  const runId = `${Date.now().toString(36)}-${opts.thinkMs}`;
  const samples: number[] = [];

  const openTasks = async (client: WebClient, caseId: string) => {
    const { status, body } = await client.api<TaskPage>('GET', `/api/tasks?view=group&caseId=${encodeURIComponent(caseId)}`);
    if (status !== 200) throw new Error(`GET /api/tasks: HTTP ${status}`);
    return body.tasks.filter((t) => t.state === 'open');
  };
  const waitForTask = async (client: WebClient, caseId: string, notKey: string | undefined, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = (await openTasks(client, caseId)).find((t) => t.job_key !== notKey);
      if (task) return task;
      if (Date.now() > deadline) throw new Error(`no task for ${caseId} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, opts.pollIntervalMs));
    }
  };

  const runChain = async (c: number) => {
    const caseId = `BENCH-H-${runId}-${c}`;
    await deps.engine.startProcess('bench-handoff', { caseId, round: 0, rounds: roundsPerChain });
    let holder = af;
    let recipient = fk;
    let task = await waitForTask(holder, caseId, undefined);
    for (let i = 0; i < 2 * roundsPerChain; i++) {
      const last = i === 2 * roundsPerChain - 1;
      // the holder works on the task for a while before completing it (not measured)
      if (opts.thinkMs) await new Promise((r) => setTimeout(r, opts.thinkMs));
      const t0 = now();
      const res = await holder.api<{ ok?: boolean }>('POST', `/api/tasks/${task.job_key}/complete`, { variables: {} });
      if (res.status !== 200) throw new Error(`complete ${task.job_key}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      if (last) break;
      task = await waitForTask(recipient, caseId, task.job_key);
      samples.push(now() - t0);
      [holder, recipient] = [recipient, holder];
    }
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < chains) {
        const c = next++;
        await runChain(c);
        opts.log(`hand-offs: ${samples.length}`);
      }
    }),
  );
  return {
    samples,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    chains,
    concurrency: opts.concurrency,
    pollIntervalMs: opts.pollIntervalMs,
    thinkMs: opts.thinkMs,
  };
}
