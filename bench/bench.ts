import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createKnex } from '../src/db/knex.js';
import { Engine } from '../src/engine/client.js';
import { logger } from '../src/logger.js';
import { ROOT } from '../src/paths.js';
import { ENGINE_VERSION, engineReady, TEST_ENGINE_PORTS } from '../src/stack/engine.js';
import { findJavaHome } from '../src/stack/java.js';
import { ensureTestStack } from '../test/support/stack.js';
import { allWorkers } from '../workers/index.js';
import { startWorkers } from '../workers/runtime/start.js';
import { startUserTaskProjection, withTaskProjection } from '../workers/user-task-projection.js';
import { renderDocs } from './docs.js';
import { measureHandoffs } from './handoff.js';
import { cpuDelta, cpuSeconds, memorySampler, residentMemory, type Usage } from './procTree.js';
import { consoleTable, figure, writeResults, type Figure, type Results } from './report.js';
import { now, round } from './stats.js';
import { measureTasklist } from './tasklist.js';
import { measureWorkerThroughput } from './workerThroughput.js';
import { loadPublished, replayYear } from './yearReplay.js';
import { PUBLISHED_2020_FILE } from '../test/support/bokslutPublished.js';

const PHASES = ['handoff', 'workers', 'tasklist', 'replay'] as const;
type Phase = (typeof PHASES)[number];

/** Sizes of a full and a quick (CI) run. */
const SIZES = {
  full: { handoffs: 209, handoffsBackToBack: 57, handoffConcurrency: 1, jobsPerRound: 500, workerRounds: 6, inFlight: 32, openTasks: 10_000, connections: 50, durationS: 20, sampleEvery: 1, stepDays: 14 },
  quick: { handoffs: 38, handoffsBackToBack: 19, handoffConcurrency: 1, jobsPerRound: 150, workerRounds: 2, inFlight: 32, openTasks: 10_000, connections: 50, durationS: 5, sampleEvery: 15, stepDays: 14 },
};

const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);

function machine(): string {
  const cpu = os.cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()} (load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`;
}

function javaVersion(): string {
  try {
    const { javaHome } = findJavaHome();
    // java -version writes to stderr
    const res = spawnSync(path.join(javaHome, 'bin', 'java'), ['-version'], { encoding: 'utf8' });
    return (res.stderr || res.stdout).split('\n')[0]?.trim() || 'Java (unknown version)';
  } catch {
    return 'Java (unknown version)';
  }
}

/** Runs the benchmarks; returns the exit code (0 also when a target is missed: the numbers are the output). */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--docs-only')) {
    // re-renders docs/benchmarks.md from the last results, e.g. after a change to the page's text
    const { readFileSync } = await import('node:fs');
    const results = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), 'utf8')) as Results;
    say(`wrote ${path.relative(ROOT, renderDocs(ROOT, results))} from bench/results/latest.json`);
    return 0;
  }
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',') as Phase[] | undefined;
  const run = (p: Phase) => !only || only.includes(p);
  const size = quick ? SIZES.quick : SIZES.full;
  const startedAt = new Date();
  const tAll = now();
  say(`${quick ? 'quick' : 'full'} run; engine/PostgreSQL test ports offset by ${process.env.SAMVERKAN_TEST_PORT_OFFSET}`);

  const engineWasRunning = await engineReady(TEST_ENGINE_PORTS);
  if (engineWasRunning) say('WARNING: a test engine already answers on these ports; it is reused and its memory is NOT in the figures');
  const stack = await ensureTestStack();
  Object.assign(process.env, stack.env);
  let stopping = false;
  const stopAll: (() => Promise<void>)[] = [];
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const f of stopAll.reverse()) await f().catch(() => undefined);
    await stack.stop();
  };
  const onSignal = () => void shutdown().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const figures: Figure[] = [];
  const profile: Results['profile'] = {};
  const details: Record<string, unknown> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    say(`${name}…`);
    const cpu0 = cpuSeconds();
    const t0 = now();
    try {
      return await fn();
    } finally {
      // the 1-minute load average at the end: on a shared machine it tells how much CPU the stack could get
      profile[name] = { wallS: round((now() - t0) / 1000, 1), cpuS: cpuDelta(cpu0, cpuSeconds()), loadAvg1m: round(os.loadavg()[0]!, 2) };
    }
  };

  try {
    const cfg = parseConfig();
    const db = createKnex(cfg.DATABASE_URL!, { poolMax: cfg.DATABASE_POOL_MAX });
    const engine = new Engine(cfg);
    stopAll.push(async () => {
      await engine.close();
      await db.destroy();
    });
    // The app as src/main.ts runs it: real workers, the task projection and the web app, in this process.
    const appWorkers = withTaskProjection(startWorkers(engine, allWorkers, { db, log: logger }), startUserTaskProjection(engine, { db, log: logger }));
    let workersRunning = true;
    const stopAppWorkers = async () => {
      if (workersRunning) await appWorkers.stop();
      workersRunning = false;
    };
    const app = createApp({ db, engine, workers: appWorkers, cfg });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stopAll.push(async () => {
      await stopAppWorkers();
      await new Promise<void>((r) => server.close(() => r()));
      await (app.locals.close as () => Promise<void>)();
    });
    const pgVersion = String(((await db.raw('show server_version')) as { rows: { server_version: string }[] }).rows[0]?.server_version);

    await new Promise((r) => setTimeout(r, 5_000)); // let start-up settle before the idle reading
    const idle: Usage = residentMemory();
    say(`resident memory idle: ${idle.totalMiB} MiB (${JSON.stringify(idle.byComponent)})`);
    figures.push(figure('stack_rss_idle_mib', idle.totalMiB, 'MiB', null, 'lower'));
    details.memoryIdle = idle;

    if (run('handoff')) {
      // Headline: the holder spends 500 ms on a task before completing it. Diagnostic: back-to-back completions,
      // where the next task's job often arrives while the projection worker sits in the SDK's 300 ms poll cool-off.
      const r = await phase('handoff', () => measureHandoffs({ db, engine, baseUrl }, { handoffs: size.handoffs, concurrency: size.handoffConcurrency, pollIntervalMs: 10, thinkMs: 500, log: () => undefined }));
      say(`hand-off: n=${r.samples.length} p50 ${r.p50} ms p99 ${r.p99} ms max ${r.max} ms`);
      const b2b = await phase('handoff-back-to-back', () => measureHandoffs({ db, engine, baseUrl }, { handoffs: size.handoffsBackToBack, concurrency: 1, pollIntervalMs: 10, thinkMs: 0, log: () => undefined }));
      say(`hand-off back to back: n=${b2b.samples.length} p50 ${b2b.p50} ms p99 ${b2b.p99} ms max ${b2b.max} ms`);
      figures.push(
        figure('handoff_p50_ms', r.p50, 'ms', 1000, 'lower'),
        figure('handoff_p99_ms', r.p99, 'ms', 1000, 'lower'),
        figure('handoff_max_ms', r.max, 'ms', null, 'lower'),
        figure('handoff_count', r.samples.length, '', quick ? null : 200, 'higher'),
        figure('handoff_back_to_back_p50_ms', b2b.p50, 'ms', null, 'lower'),
        figure('handoff_back_to_back_p99_ms', b2b.p99, 'ms', null, 'lower'),
      );
      details.handoff = { ...r, samples: undefined };
      details.handoffBackToBack = { ...b2b, samples: undefined };
    }

    if (run('workers')) {
      // Both variants run on the product's client (src/engine/client.ts: workers poll again 10 ms after a batch).
      const r = await phase('workers', () => measureWorkerThroughput({ db, engine, log: logger }, { jobsPerRound: size.jobsPerRound, rounds: size.workerRounds, inFlight: size.inFlight, progress: say }));
      say(`workers: sdk ${r.sdk.jobsPerSecond} jobs/s, ours ${r.ours.jobsPerSecond} jobs/s → ratio ${r.ratio}`);
      figures.push(
        figure('worker_throughput_ratio', r.ratio, '', 0.9, 'higher'),
        figure('worker_ours_jobs_per_s', r.ours.jobsPerSecond, 'jobs/s', null, 'higher'),
        figure('worker_sdk_jobs_per_s', r.sdk.jobsPerSecond, 'jobs/s', null, 'higher'),
        figure('worker_ours_p50_ms', r.ours.p50, 'ms', null, 'lower'),
        figure('worker_ours_p99_ms', r.ours.p99, 'ms', null, 'lower'),
        figure('worker_sdk_p50_ms', r.sdk.p50, 'ms', null, 'lower'),
        figure('worker_sdk_p99_ms', r.sdk.p99, 'ms', null, 'lower'),
      );
      details.workers = r;
    }

    // The projection's sweeper would probe the inserted rows' fake job keys and mark them cancelled: stop it first.
    await stopAppWorkers();

    if (run('tasklist')) {
      const r = await phase('tasklist', () => measureTasklist({ db, baseUrl }, { openTasks: size.openTasks, connections: size.connections, durationS: size.durationS }));
      say(`task list: ${r.reqPerSec} req/s p50 ${r.p50} ms p99 ${r.p99} ms (${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors); one user alone p50 ${r.single.p50} ms (session + middleware only ${r.sessionOnly.p50} ms); SQL alone p50 ${r.query.p50} ms; paced 1 req/s per connection: p99 ${r.paced.p99} ms`);
      figures.push(figure('tasklist_api_p99_ms', r.p99, 'ms', 100, 'lower'), figure('tasklist_api_p50_ms', r.p50, 'ms', null, 'lower'), figure('tasklist_api_req_per_s', r.reqPerSec, 'req/s', null, 'higher'), figure('tasklist_api_non2xx', r.non2xx + r.errors, '', 0, 'lower'),
        figure('tasklist_api_single_user_p50_ms', r.single.p50, 'ms', null, 'lower'),
        figure('tasklist_api_session_only_p50_ms', r.sessionOnly.p50, 'ms', null, 'lower'),
        figure('tasklist_query_p50_ms', r.query.p50, 'ms', null, 'lower'),
        figure('tasklist_api_paced_p99_ms', r.paced.p99, 'ms', null, 'lower'),
        figure('tasklist_api_paced_req_per_s', r.paced.reqPerSec, 'req/s', null, 'higher'),
      );
      details.tasklist = r;
      // the replay's bokslut does not read tasks, but keep the table as the app would see it after the load
    }

    let replayPeak: Usage | undefined;
    if (run('replay')) {
      // The repository's copy of the published figures (a static test keeps it equal to shared/data when present).
      const published = loadPublished(PUBLISHED_2020_FILE);
      const sampler = memorySampler(1000);
      const r = await phase('replay', () => replayYear({ db, engine, log: logger }, { published, sampleEvery: size.sampleEvery, stepDays: size.stepDays, progress: say }));
      replayPeak = sampler.stop();
      say(`year replay: ${r.participants} participants, ${r.userTasksCompleted} user tasks, ${r.seconds} s, tables exact: ${r.exact}${r.failures.length ? `, ${r.failures.length} failures (first: ${r.failures[0]})` : ''}`);
      for (const c of r.checks) if (c.mismatches.length) say(`  ${c.verksamhet}: ${c.mismatches.slice(0, 8).join('; ')}`);
      say(`resident memory under replay (peak): ${replayPeak.totalMiB} MiB (${JSON.stringify(replayPeak.byComponent)})`);
      figures.push(
        // a replay that did not get every participant through has no meaningful time
        { ...figure('year_replay_s', r.seconds, 's', 300, 'lower'), ...(r.failures.length ? { met: false } : {}) },
        figure('year_replay_tables_exact', r.exact ? 1 : 0, '', 1, 'higher'),
        figure('year_replay_participants', r.participants, '', null, 'higher'),
        figure('year_replay_user_tasks', r.userTasksCompleted, '', null, 'higher'),
        figure('stack_rss_replay_peak_mib', replayPeak.totalMiB, 'MiB', null, 'lower'),
      );
      details.replay = { ...r, report: undefined, failures: r.failures.slice(0, 20), failureCount: r.failures.length };
      details.memoryReplayPeak = replayPeak;
    }
    const rss = Math.max(idle.totalMiB, replayPeak?.totalMiB ?? 0);
    figures.push(figure('stack_rss_mib', rss, 'MiB', 2560, 'lower'));

    const results: Results = {
      date: startedAt.toISOString(),
      machine: machine(),
      quick,
      figures,
      versions: { node: process.version, engine: `Camunda ${ENGINE_VERSION} (Zeebe broker + embedded gateway, controlled clock)`, java: javaVersion(), postgres: pgVersion, sdk: '@camunda8/sdk ' + (await import('@camunda8/sdk/package.json', { with: { type: 'json' } }).then((m) => (m.default as { version: string }).version).catch(() => '?')) },
      profile,
      details: { ...details, totalWallS: round((now() - tAll) / 1000, 1), engineReused: engineWasRunning, only: only ?? null },
    };
    const file = writeResults(ROOT, results);
    const docs = renderDocs(ROOT, results);
    say(`\n${consoleTable(figures)}\n`);
    say(`wrote ${path.relative(ROOT, file)} and ${path.relative(ROOT, docs)} in ${round((now() - tAll) / 1000)} s`);
    return 0;
  } catch (err) {
    say(`FAILED: ${(err as Error).stack ?? String(err)}`);
    return 1;
  } finally {
    await shutdown();
  }
}
