import type { Knex } from 'knex';
import { z } from 'zod';
import type { Engine } from '../src/engine/client.js';
import type { Logger } from '../src/logger.js';
import { defineWorker } from '../workers/runtime/runJob.js';
import { startWorkers } from '../workers/runtime/start.js';
import { deployFixtures } from './handoff.js';
import { now, percentile, round } from './stats.js';

export interface VariantResult {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  p50: number;
  p99: number;
}

export interface ThroughputResult {
  sdk: VariantResult;
  ours: VariantResult;
  /** Median of the per-round ratios (ours ÷ SDK jobs/s). */
  ratio: number;
  ratioOfTotals: number;
  perRoundRatios: number[];
  rounds: number;
  maxJobsToActivate: number;
  inFlight: number;
}

/** Same options for both variants: the SDK's and our defaults for job types without their own. */
const MAX_JOBS = 16;
const TIMEOUT_MS = 30_000;

/**
 * Runs `jobs` instances of the one-job fixture with `inFlight` instances awaiting their result at any time
 * (createProcessInstanceWithResult), so a job's latency is the instance's: create → activate → handler → complete → end.
 */
async function drive(engine: Engine, jobType: string, jobs: number, inFlight: number): Promise<VariantResult> {
  const latencies: number[] = [];
  let started = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < jobs) {
        const i = started++;
        const s = now();
        await engine.grpc.createProcessInstanceWithResult({ bpmnProcessId: 'bench-worker-throughput', variables: { jobType, caseId: `BENCH-W-${i}` } as never, requestTimeout: 60_000 });
        latencies.push(now() - s);
      }
    }),
  );
  const seconds = (now() - t0) / 1000;
  return { jobs, seconds: round(seconds, 2), jobsPerSecond: round(jobs / seconds), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
}

const sum = (rs: VariantResult[]): VariantResult => {
  const jobs = rs.reduce((a, r) => a + r.jobs, 0);
  const seconds = rs.reduce((a, r) => a + r.seconds, 0);
  // percentiles of the combined run: the worse round's, a conservative summary
  return { jobs, seconds: round(seconds, 2), jobsPerSecond: round(jobs / seconds), p50: Math.max(...rs.map((r) => r.p50)), p99: Math.max(...rs.map((r) => r.p99)) };
};

/**
 * Our worker stack (runJob: zod input, a DB transaction with the job-ledger row, complete after commit) against a
 * no-op worker written directly on @camunda8/sdk, same engine, same fixture, same job count and
 * maxJobsToActivate. Rounds alternate (SDK, ours, SDK, ours…) so drift on a shared machine hits both alike.
 */
export async function measureWorkerThroughput(deps: { db: Knex; engine: Engine; log: Logger }, opts: { jobsPerRound: number; rounds: number; inFlight: number; progress: (m: string) => void }): Promise<ThroughputResult> {
  await deployFixtures(deps.db, deps.engine, ['bench-worker-throughput.bpmn']);
  const sdkType = 'bench-noop-sdk';
  const oursType = 'bench-noop-runjob';
  const sdkWorker = deps.engine.grpc.createWorker({
    taskType: sdkType,
    maxJobsToActivate: MAX_JOBS,
    timeout: TIMEOUT_MS,
    fetchVariable: ['caseId'] as never,
    loglevel: 'NONE',
    taskHandler: (job) => job.complete(),
  });
  const ours = startWorkers(
    deps.engine,
    [
      defineWorker({
        jobType: oursType,
        Input: z.object({ caseId: z.string().min(1) }),
        Output: z.object({}),
        handle: async () => ({}),
        maxParallelJobs: MAX_JOBS,
        timeoutMs: TIMEOUT_MS,
      }),
    ],
    { db: deps.db, log: deps.log },
  );
  try {
    // warm-up: JIT, connection pools, the deployed model in the engine's cache
    await drive(deps.engine, sdkType, Math.min(100, opts.jobsPerRound), opts.inFlight);
    await drive(deps.engine, oursType, Math.min(100, opts.jobsPerRound), opts.inFlight);
    const sdk: VariantResult[] = [];
    const our: VariantResult[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      sdk.push(await drive(deps.engine, sdkType, opts.jobsPerRound, opts.inFlight));
      our.push(await drive(deps.engine, oursType, opts.jobsPerRound, opts.inFlight));
      opts.progress(`worker round ${r + 1}/${opts.rounds}: sdk ${sdk.at(-1)!.jobsPerSecond} jobs/s, ours ${our.at(-1)!.jobsPerSecond} jobs/s`);
    }
    const s = sum(sdk);
    const o = sum(our);
    // The median of the per-round ratios: a burst of load from elsewhere on a shared machine spoils one round, not the figure.
    const perRound = our.map((r, i) => r.jobsPerSecond / sdk[i]!.jobsPerSecond).sort((a, b) => a - b);
    const mid = perRound.length / 2;
    const median = perRound.length % 2 ? perRound[Math.floor(mid)]! : (perRound[mid - 1]! + perRound[mid]!) / 2;
    return { sdk: s, ours: o, ratio: round(median, 3), ratioOfTotals: round(o.jobsPerSecond / s.jobsPerSecond, 3), perRoundRatios: perRound.map((r) => round(r, 3)), rounds: opts.rounds, maxJobsToActivate: MAX_JOBS, inFlight: opts.inFlight };
  } finally {
    await sdkWorker.close(5_000).catch(() => undefined);
    await ours.stop();
  }
}
