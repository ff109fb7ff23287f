import { randomUUID } from 'node:crypto';

import type { Knex } from 'knex';
import { z } from 'zod';

import type { Engine, EngineSettings } from '../src/engine/client.js';
import type { Logger } from '../src/logger.js';
import { defineWorker } from '../workers/runtime/runJob.js';
import { startWorkers } from '../workers/runtime/start.js';
import { deployFixture } from './handoff.js';
import { ProbedEngine } from './probes.js';
import { mapLimit, now, percentile, round } from './stats.js';

export interface VariantResult {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  /** Lock to completion of one task (fetch-and-lock answered → complete answered), ms. */
  p50: number;
  p99: number;
}

/** A variant's figures: `jobs` done from `t0` to the last completion at `lastAt`, with each task's lock-to-completion. */
function resultOf(jobs: number, t0: number, lastAt: number, latencies: number[]): VariantResult {
  const seconds = (lastAt - t0) / 1000;
  return {
    jobs,
    seconds: round(seconds, 2),
    jobsPerSecond: round(jobs / seconds),
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
  };
}

export interface ThroughputResult {
  bare: VariantResult;
  ours: VariantResult;
  /** Median of the per-round ratios (ours ÷ bare jobs/s). */
  ratio: number;
  ratioOfTotals: number;
  perRoundRatios: number[];
  rounds: number;
  jobsPerRound: number;
  maxParallel: number;
  longPollMs: number;
  lockDurationMs: number;
  /** How fast the backlogs were started (instances/s, startProcess with `startConcurrency` in flight). */
  startRate: number;
  startConcurrency: number;
}

const LOCK_MS = 30_000;
const START_CONCURRENCY = 8;

/** Starts `jobs` instances of the one-task fixture on `topic`; returns instances/s. Nothing polls that topic yet. */
async function backlog(engine: Engine, topic: string, jobs: number): Promise<number> {
  const t0 = now();
  await mapLimit(
    Array.from({ length: jobs }, (_, i) => i),
    START_CONCURRENCY,
    (i) =>
      engine.startProcess('bench-worker-throughput', {
        businessKey: `BENCH-W-${topic}-${i}`,
        variables: { jobType: topic, caseId: `BENCH-W-${topic}-${i}` },
      }),
  );
  return jobs / ((now() - t0) / 1000);
}

/**
 * The baseline: the smallest correct external-task worker over fetch, with the same shape as the product's runtime
 * (one long-polling fetch-and-lock asking for the free slots, handlers started without waiting, `maxParallel`
 * in flight) and nothing else: no validation, no database, complete at once.
 */
async function bareWorker(
  settings: EngineSettings,
  topic: string,
  jobs: number,
  maxParallel: number,
  longPollMs: number,
): Promise<VariantResult> {
  const base = settings.restUrl.replace(/\/$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (settings.user && settings.password)
    headers.authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}`;
  const workerId = `bench-bare-${randomUUID().slice(0, 8)}`;
  const post = async (p: string, body: unknown) => {
    const res = await fetch(base + p, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${p}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const latencies: number[] = [];
  let inFlight = 0;
  let done = 0;
  let slotFreed: (() => void) | undefined;
  let finished: () => void = () => undefined;
  let failed: (err: unknown) => void = () => undefined;
  const allDone = new Promise<void>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const t0 = now();
  let lastAt = t0;
  const loop = async () => {
    while (done < jobs) {
      const free = maxParallel - inFlight;
      if (free <= 0) {
        await new Promise<void>((r) => (slotFreed = r));
        continue;
      }
      const tasks = (await post('/external-task/fetchAndLock', {
        workerId,
        maxTasks: free,
        usePriority: true,
        asyncResponseTimeout: longPollMs,
        topics: [{ topicName: topic, lockDuration: LOCK_MS, variables: ['caseId'] }],
      })) as { id: string }[];
      const lockedAt = now();
      for (const t of tasks) {
        inFlight++;
        void post(`/external-task/${t.id}/complete`, { workerId }).then(() => {
          lastAt = now();
          latencies.push(lastAt - lockedAt);
          inFlight--;
          done++;
          slotFreed?.();
          slotFreed = undefined;
          if (done >= jobs) finished();
        }, failed);
      }
    }
  };
  // the loop may sit in one more long poll after the last completion; it returns when the engine answers
  void loop().catch(failed);
  await allDone;
  return resultOf(jobs, t0, lastAt, latencies);
}

/** Our runtime: startWorkers + runJob with a no-op handler (zod input, DB transaction with the job_ledger row, complete after commit). */
async function ourWorker(
  deps: { db: Knex; log: Logger },
  settings: EngineSettings,
  topic: string,
  jobs: number,
  maxParallel: number,
  longPollMs: number,
): Promise<VariantResult> {
  const engine = new ProbedEngine(settings);
  const latencies: number[] = [];
  let done = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (finished = r));
  let lastAt = 0;
  engine.onCompleted = (t) => {
    lastAt = t.completedAt!;
    latencies.push(t.completedAt! - t.lockedAt);
    if (++done >= jobs) finished();
  };
  const t0 = now();
  const workers = startWorkers(
    engine,
    [
      defineWorker({
        jobType: topic,
        Input: z.object({ caseId: z.string().min(1) }),
        Output: z.object({}),
        handle: async () => ({}),
        timeoutMs: LOCK_MS,
      }),
    ],
    deps,
    { maxParallel, longPollMs },
  );
  await allDone;
  void workers.stop(); // returns after its last long poll; not part of the figure
  return resultOf(jobs, t0, lastAt, latencies);
}

const sum = (rs: VariantResult[]): VariantResult => {
  const jobs = rs.reduce((a, r) => a + r.jobs, 0);
  const seconds = rs.reduce((a, r) => a + r.seconds, 0);
  // percentiles of the combined run: the worse round's, a conservative summary
  return {
    jobs,
    seconds: round(seconds, 2),
    jobsPerSecond: round(jobs / seconds),
    p50: Math.max(...rs.map((r) => r.p50)),
    p99: Math.max(...rs.map((r) => r.p99)),
  };
};

/**
 * Worker throughput: our runtime against the bare loop, same engine, same fixture, same topic shape, same
 * parallelism and long poll. Each round starts a backlog of `jobsPerRound` instances on a fresh topic, then lets one
 * variant drain it: jobs/s from the worker's start to its last completion answered. Rounds alternate (bare, ours, …)
 * so drift on a shared machine hits both alike; the figure is the median of the per-round ratios.
 */
export async function measureWorkerThroughput(
  deps: { db: Knex; engine: Engine; settings: EngineSettings; log: Logger },
  opts: {
    jobsPerRound: number;
    rounds: number;
    maxParallel: number;
    longPollMs: number;
    progress: (m: string) => void;
  },
): Promise<ThroughputResult> {
  await deployFixture(deps.db, deps.engine, 'bench-worker-throughput');
  const run = Date.now().toString(36);
  const rates: number[] = [];
  const round_ = async (variant: 'bare' | 'ours', r: number | 'warm', jobs: number) => {
    const topic = `bench-${variant}-${run}-${r}`;
    rates.push(await backlog(deps.engine, topic, jobs));
    return variant === 'bare'
      ? bareWorker(deps.settings, topic, jobs, opts.maxParallel, opts.longPollMs)
      : ourWorker(deps, deps.settings, topic, jobs, opts.maxParallel, opts.longPollMs);
  };
  // warm-up: JIT on both sides, connection pools, the deployed model in the engine's cache
  await round_('bare', 'warm', Math.min(100, opts.jobsPerRound));
  await round_('ours', 'warm', Math.min(100, opts.jobsPerRound));
  rates.length = 0;
  const bare: VariantResult[] = [];
  const ours: VariantResult[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    bare.push(await round_('bare', r, opts.jobsPerRound));
    ours.push(await round_('ours', r, opts.jobsPerRound));
    opts.progress(
      `worker round ${r + 1}/${opts.rounds}: bare ${bare.at(-1)!.jobsPerSecond} jobs/s, ours ${ours.at(-1)!.jobsPerSecond} jobs/s`,
    );
  }
  const b = sum(bare);
  const o = sum(ours);
  // The median of the per-round ratios: a burst of load from elsewhere on a shared machine spoils one round, not the figure.
  const perRound = ours.map((x, i) => x.jobsPerSecond / bare[i]!.jobsPerSecond).sort((x, y) => x - y);
  const mid = perRound.length / 2;
  const median = perRound.length % 2 ? perRound[Math.floor(mid)]! : (perRound[mid - 1]! + perRound[mid]!) / 2;
  return {
    bare: b,
    ours: o,
    ratio: round(median, 3),
    ratioOfTotals: round(o.jobsPerSecond / b.jobsPerSecond, 3),
    perRoundRatios: perRound.map((x) => round(x, 3)),
    rounds: opts.rounds,
    jobsPerRound: opts.jobsPerRound,
    maxParallel: opts.maxParallel,
    longPollMs: opts.longPollMs,
    lockDurationMs: LOCK_MS,
    startRate: round(percentile(rates, 50)),
    startConcurrency: START_CONCURRENCY,
  };
}
