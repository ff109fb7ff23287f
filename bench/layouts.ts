import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Engine } from '../src/engine/client.js';
import { ROOT } from '../src/paths.js';
import { measureHandoffs } from './handoff.js';
import { processTree } from './procTree.js';
import { now, percentile, round } from './stats.js';
import type { TaskEventListener } from './taskEvents.js';
import { type LoadResult, runLoad } from './tasklist.js';

/** The ways the product's Node side can be laid out on one machine (the engine and PostgreSQL are the same). */
export type LayoutId = 'one' | 'split' | 'twoWeb';
export const LAYOUT_IDS: readonly LayoutId[] = ['one', 'split', 'twoWeb'];

export const LAYOUTS: Record<LayoutId, { label: string; processes: string }> = {
  one: {
    label: 'A: one process',
    processes:
      'one `src/main.ts` (web app, task sync, workers, outbox sender, daily jobs), as `npm start` runs it today',
  },
  split: {
    label: 'B: web + workers',
    processes:
      'two `src/main.ts`: web (`WORKERS_ENABLED=false`: web app and task sync) and workers (`WEB_ENABLED=false`: workers, outbox sender, daily jobs)',
  },
  twoWeb: {
    label: 'C: 2 web + workers',
    processes:
      'three `src/main.ts`: two web processes behind one port (a `node:cluster` primary, `bench/webCluster.ts`, deals the connections round-robin, as a load balancer deals them to replicas; sessions are in PostgreSQL) and the workers process of B',
  },
};

/** Who a process of the bench's tree works for, for the CPU split of a round. */
type Role = 'app' | 'web' | 'balancer' | 'workers' | 'driver' | 'engine' | 'postgres';
const CLK_TCK = 100; // Linux USER_HZ, the unit of /proc/<pid>/stat times

/**
 * CPU seconds per role from now until `stop()`: a process counts for the product process it descends from (`roots`),
 * the engine and PostgreSQL for themselves, everything else in the bench's tree (the bench process with the hand-off
 * drivers, the load generator) as `driver`. Looks every `intervalMs`, so a process ending in between keeps its CPU.
 */
function roleCpu(roots: Map<number, Role>, intervalMs = 1000) {
  const start = new Map<number, number>();
  const last = new Map<number, { role: Role; ticks: number }>();
  const look = (first: boolean) => {
    const tree = processTree();
    const byPid = new Map(tree.map((p) => [p.pid, p]));
    for (const p of tree) {
      let role: Role = p.component === 'engine' ? 'engine' : p.component === 'postgres' ? 'postgres' : 'driver';
      if (role === 'driver')
        for (let q: typeof p | undefined = p; q; q = byPid.get(q.ppid)) {
          const r = roots.get(q.pid);
          if (r) {
            // the cluster primary's own children are the web processes (its tsx helper stays with it)
            role = r === 'balancer' && q !== p && p.comm === 'node' ? 'web' : r;
            break;
          }
        }
      if (first) start.set(p.pid, p.cpuTicks);
      last.set(p.pid, { role, ticks: p.cpuTicks });
    }
  };
  look(true);
  const timer = setInterval(() => look(false), intervalMs);
  timer.unref();
  return {
    stop(): Partial<Record<Role, number>> {
      clearInterval(timer);
      look(false);
      const out: Partial<Record<Role, number>> = {};
      for (const [pid, { role, ticks }] of last)
        out[role] = (out[role] ?? 0) + Math.max(0, ticks - (start.get(pid) ?? 0)) / CLK_TCK;
      for (const k of Object.keys(out) as Role[]) out[k] = round(out[k]!, 1);
      return out;
    },
  };
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface ProductProcess {
  role: Role;
  child: ChildProcess;
}

/**
 * Spawns one product process (`src/main.ts`, or the web cluster's primary) and resolves once it has logged `readyMsg`.
 * Its JSON log goes through a pipe: warnings and errors are passed on to the bench's stderr, the rest is dropped.
 */
async function spawnProduct(
  script: string,
  role: Role,
  env: NodeJS.ProcessEnv,
  readyMsg: string,
  timeoutMs = 120_000,
): Promise<ProductProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${role} process: no "${readyMsg}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!ready && line.includes(`"msg":"${readyMsg}"`)) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
        const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
        if (level >= 40) process.stderr.write(`[layout ${role} ${child.pid}] ${line}\n`);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${role} process exited (${signal ?? code}) before "${readyMsg}"`));
    });
  });
  return { role, child };
}

async function stopProduct(p: ProductProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  p.child.kill('SIGTERM');
  const killer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

/** Starts a layout on `port`; resolves once its web process(es) listen and see the engine and the database. */
async function startLayout(
  id: LayoutId,
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ baseUrl: string; procs: ProductProcess[] }> {
  const main = path.join(ROOT, 'src', 'main.ts');
  const base = { ...env, PORT: String(port) };
  const procs: ProductProcess[] = [];
  try {
    if (id === 'one') {
      procs.push(
        await spawnProduct(main, 'app', { ...base, WEB_ENABLED: 'true', WORKERS_ENABLED: 'true' }, 'web app listening'),
      );
    } else {
      procs.push(
        await spawnProduct(
          main,
          'workers',
          { ...base, WEB_ENABLED: 'false', WORKERS_ENABLED: 'true' },
          'workers started',
        ),
      );
      const web = { ...base, WEB_ENABLED: 'true', WORKERS_ENABLED: 'false' };
      procs.push(
        id === 'split'
          ? await spawnProduct(main, 'web', web, 'web app listening')
          : await spawnProduct(
              path.join(ROOT, 'bench', 'webCluster.ts'),
              'balancer',
              { ...web, WEB_PROCESSES: '2' },
              'web cluster listening',
            ),
      );
    }
    const baseUrl = `http://127.0.0.1:${port}`;
    // ready: /health answers 200 (a web-only process leaves the workers out, WORKERS_ENABLED=false)
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`layout ${id}: /health does not answer 200 within 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { baseUrl, procs };
  } catch (err) {
    for (const p of procs.reverse()) await stopProduct(p);
    throw err;
  }
}

export interface LayoutRound {
  round: number;
  layout: LayoutId;
  /** The machine's 1-minute load average when the round's measurement started and when it ended. */
  loadAvg1mStart: number;
  loadAvg1mEnd: number;
  /** Spawn to every process ready (not part of any figure). */
  startS: number;
  wallS: number;
  handoff: { samples: number; p50: number; p99: number; submitP50: number; submitP95: number };
  tasklist: Pick<LoadResult, 'requests' | 'non2xx' | 'errors' | 'reqPerSec' | 'p50' | 'p99'>;
  /** CPU seconds per role during the measurement (`app` = the one process of A; `balancer` = C's cluster primary). */
  cpuS: Partial<Record<Role, number>>;
}

export interface LayoutSummary {
  layout: LayoutId;
  label: string;
  processes: string;
  rounds: number;
  /** Hand-off samples of every round pooled, then the percentiles. */
  handoff_p50_ms: number;
  handoff_p99_ms: number;
  task_submit_p95_ms: number;
  handoff_count: number;
  /** The task list load's per-round figures, median over the rounds (autocannon gives percentiles, not samples). */
  tasklist_api_p50_ms: number;
  tasklist_api_p99_ms: number;
  tasklist_api_req_per_s: number;
  tasklist_api_non2xx: number;
  /** Range of the per-round task list p99. */
  tasklist_api_p99_range_ms: [number, number];
  loadAvg1mMean: number;
  /** CPU seconds per role summed over the rounds. */
  cpuS: Partial<Record<Role, number>>;
}

export interface LayoutComparison {
  order: LayoutId[];
  rounds: number;
  handoffsPerRound: number;
  connections: number;
  durationS: number;
  summary: LayoutSummary[];
  perRound: LayoutRound[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

/**
 * The hand-off and the task list under load in each layout, interleaved: round 1 runs A, B, C, round 2 again A, B, C,
 * so a burst of other work on the machine falls on every layout alike. Each layout-round starts its processes on the
 * same engine and databases, warms the web tier with a few list requests, measures `handoffsPerRound` hand-offs (as the
 * hand-off phase does) and then `durationS` s of `connections` back-to-back list requests (as the task list phase
 * does, from a separate load generator process), and stops them. The bench process only drives (hand-off holder and
 * recipient, warm-up); the product runs in the spawned processes. The caller has stopped its own in-process app,
 * so no other worker competes for the external tasks.
 */
export async function compareLayouts(
  deps: { db: Knex; engine: Engine; events: TaskEventListener },
  opts: {
    rounds: number;
    handoffsPerRound: number;
    connections: number;
    durationS: number;
    /** Session cookies of logged-in users (sessions are in PostgreSQL, valid in every layout). */
    cookies: string[];
    /** The environment of the product processes (database, engine, secrets). */
    env: NodeJS.ProcessEnv;
    layouts?: readonly LayoutId[];
    progress: (m: string) => void;
  },
): Promise<LayoutComparison> {
  const order = [...(opts.layouts ?? LAYOUT_IDS)];
  const port = await freePort();
  const pathname = '/api/tasks?view=group&sort=due_asc&page=1&pageSize=50';
  const perRound: LayoutRound[] = [];
  const raw = new Map<LayoutId, { visible: number[]; submitted: number[] }>();
  for (let round1 = 1; round1 <= opts.rounds; round1++) {
    for (const id of order) {
      const t0 = now();
      const { baseUrl, procs } = await startLayout(id, opts.env, port);
      try {
        const startS = round((now() - t0) / 1000, 1);
        // warm-up: the list path of every web process (connections are dealt round-robin)
        for (let i = 0; i < 40; i++)
          await fetch(baseUrl + pathname, {
            headers: { cookie: opts.cookies[i % opts.cookies.length]!, accept: 'application/json' },
          }).then((r) => r.arrayBuffer());
        const roots = new Map<number, Role>(procs.map((p) => [p.child.pid!, p.role]));
        const cpu = roleCpu(roots);
        const load0 = os.loadavg()[0]!;
        const tMeasure = now();
        const h = await measureHandoffs(
          { db: deps.db, engine: deps.engine, baseUrl, events: deps.events },
          {
            processId: 'bench-handoff-worker',
            viaWorker: true,
            handoffs: opts.handoffsPerRound,
            concurrency: 1,
            pollIntervalMs: 10,
            thinkMs: 500,
            keepSamples: true,
          },
        );
        const l = await runLoad({
          url: baseUrl + pathname,
          cookies: opts.cookies,
          connections: opts.connections,
          durationS: opts.durationS,
        });
        const r: LayoutRound = {
          round: round1,
          layout: id,
          loadAvg1mStart: round(load0, 2),
          loadAvg1mEnd: round(os.loadavg()[0]!, 2),
          startS,
          wallS: round((now() - tMeasure) / 1000, 1),
          handoff: { samples: h.samples, p50: h.p50, p99: h.p99, submitP50: h.submitP50, submitP95: h.submitP95 },
          tasklist: {
            requests: l.requests,
            non2xx: l.non2xx,
            errors: l.errors,
            reqPerSec: l.reqPerSec,
            p50: l.p50,
            p99: l.p99,
          },
          cpuS: cpu.stop(),
        };
        perRound.push(r);
        const pooled = raw.get(id) ?? { visible: [], submitted: [] };
        pooled.visible.push(...(h.raw?.visible ?? []));
        pooled.submitted.push(...(h.raw?.submitted ?? []));
        raw.set(id, pooled);
        opts.progress(
          `layouts round ${round1}/${opts.rounds} ${LAYOUTS[id].label}: hand-off p50 ${r.handoff.p50} p99 ${r.handoff.p99} ms, submit p95 ${r.handoff.submitP95} ms; task list p50 ${r.tasklist.p50} p99 ${r.tasklist.p99} ms ${r.tasklist.reqPerSec} req/s; load ${r.loadAvg1mStart} → ${r.loadAvg1mEnd}; CPU ${JSON.stringify(r.cpuS)}`,
        );
      } finally {
        for (const p of [...procs].reverse()) await stopProduct(p);
      }
    }
  }
  const summary = order.map((id): LayoutSummary => {
    const rs = perRound.filter((r) => r.layout === id);
    const pooled = raw.get(id) ?? { visible: [], submitted: [] };
    const cpuS: Partial<Record<Role, number>> = {};
    for (const r of rs)
      for (const [k, v] of Object.entries(r.cpuS)) cpuS[k as Role] = round((cpuS[k as Role] ?? 0) + v, 1);
    const p99s = rs.map((r) => r.tasklist.p99);
    return {
      layout: id,
      label: LAYOUTS[id].label,
      processes: LAYOUTS[id].processes,
      rounds: rs.length,
      handoff_p50_ms: round(percentile(pooled.visible, 50)),
      handoff_p99_ms: round(percentile(pooled.visible, 99)),
      task_submit_p95_ms: round(percentile(pooled.submitted, 95)),
      handoff_count: pooled.visible.length,
      tasklist_api_p50_ms: round(median(rs.map((r) => r.tasklist.p50))),
      tasklist_api_p99_ms: round(median(p99s)),
      tasklist_api_req_per_s: round(median(rs.map((r) => r.tasklist.reqPerSec))),
      tasklist_api_non2xx: rs.reduce((a, r) => a + r.tasklist.non2xx + r.tasklist.errors, 0),
      tasklist_api_p99_range_ms: [Math.min(...p99s), Math.max(...p99s)],
      loadAvg1mMean: round(rs.reduce((a, r) => a + (r.loadAvg1mStart + r.loadAvg1mEnd) / 2, 0) / rs.length, 2),
      cpuS,
    };
  });
  return {
    order,
    rounds: opts.rounds,
    handoffsPerRound: opts.handoffsPerRound,
    connections: opts.connections,
    durationS: opts.durationS,
    summary,
    perRound,
  };
}
