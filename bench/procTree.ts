import { readdirSync, readFileSync } from 'node:fs';
import { readFile as readFileAsync } from 'node:fs/promises';

/** One process of the stack as /proc shows it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  component: Component;
  rssKiB: number;
  /** The part of VmRSS that is shared memory (RssShmem: PostgreSQL's shared buffers, mapped by every backend). */
  shmemKiB: number;
  /** Proportional set size: shared pages divided among the processes that map them (0 when unreadable). */
  pssKiB: number;
  cpuTicks: number;
}

/** The parts of the embedded stack that memory and CPU are reported for. */
export type Component = 'engine' | 'postgres' | 'node' | 'other';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat times are in these ticks

function read(pid: number, withPss = false): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: split after the last ')'
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ppid = Number(fields[1]);
    const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    const shmemKiB = Number(/^RssShmem:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    let pssKiB = 0;
    if (withPss) {
      try {
        pssKiB = Number(/^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      } catch {
        // no smaps_rollup (old kernel) or not permitted
      }
    }
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const component: Component =
      /java/.test(comm) || cmdline.includes('samverkan.engine')
        ? 'engine'
        : /postgres|postmaster/.test(comm) || /bin\/postgres/.test(cmdline)
          ? 'postgres'
          : /node/.test(comm)
            ? 'node'
            : 'other';
    return { pid, ppid, comm, component, rssKiB, shmemKiB, pssKiB, cpuTicks };
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** Pids of the direct children of `pid` (every thread's `children` list), or undefined when /proc does not have them. */
function childrenOf(pid: number): number[] | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the process ended while we looked
  }
  const out: number[] = [];
  for (const tid of tids) {
    let list: string;
    try {
      list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch (err) {
      // a kernel without CONFIG_PROC_CHILDREN has no such file; a thread that just ended has none either
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid)) return undefined;
      continue;
    }
    for (const c of list.split(' ')) if (c.trim()) out.push(Number(c));
  }
  return out;
}

/**
 * The process `root` and all its descendants (the whole embedded stack when the bench started it). Walks down from
 * `root` through /proc/<pid>/task/<tid>/children and reads only the processes of the tree, once each: the memory
 * sampler calls this every second during the year replay, and scanning every process of a shared machine there was
 * a large part of the bench process's own CPU. Falls back to scanning /proc when the kernel has no children lists.
 */
export function processTree(root = process.pid, withPss = false): ProcInfo[] {
  const out: ProcInfo[] = [];
  const queue = [root];
  const seen = new Set<number>();
  while (queue.length) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const kids = childrenOf(pid);
    if (kids === undefined) return scanTree(root, withPss);
    const p = read(pid, withPss);
    if (!p) continue;
    out.push(p);
    queue.push(...kids);
  }
  return out;
}

/** The same tree found by reading every process of the machine (for kernels without /proc/…/children). */
function scanTree(root: number, withPss: boolean): ProcInfo[] {
  const all = readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => read(Number(n)))
    .filter((p): p is ProcInfo => !!p);
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const self = all.find((p) => p.pid === root);
  const queue = self ? [self] : [];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(withPss ? (read(p.pid, true) ?? p) : p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

export interface Usage {
  /** VmRSS summed: pages shared between processes (PostgreSQL's buffers) count once per process, an upper bound. */
  totalMiB: number;
  byComponent: Record<Component, number>;
  /**
   * VmRSS summed with shared memory counted once per component: Σ (VmRSS − RssShmem) + the largest RssShmem of the
   * component's processes (PostgreSQL's backends all map one shared segment). File pages (binaries, libraries) still
   * count once per process, so this is still an upper bound of what the stack occupies, but no longer a multiple of it.
   */
  shmemOnceMiB: number;
  shmemOnceByComponent: Record<Component, number>;
  /** PSS summed: every page counted once, split among the processes sharing it (what the stack really occupies). */
  pssTotalMiB: number;
  pssByComponent: Record<Component, number>;
  processes: number;
}

/** Resident memory (VmRSS) summed over the process tree, in MiB, also per component (PSS too unless `withPss` is false). */
export function residentMemory(root = process.pid, withPss = true): Usage {
  return usageOf(processTree(root, withPss));
}

function usageOf(tree: ProcInfo[]): Usage {
  const byComponent: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  const pssByComponent: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  const shmemOnceByComponent: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  const maxShmem: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  for (const p of tree) {
    byComponent[p.component] += p.rssKiB / 1024;
    pssByComponent[p.component] += p.pssKiB / 1024;
    shmemOnceByComponent[p.component] += (p.rssKiB - p.shmemKiB) / 1024;
    maxShmem[p.component] = Math.max(maxShmem[p.component], p.shmemKiB / 1024);
  }
  for (const c of Object.keys(maxShmem) as Component[]) shmemOnceByComponent[c] += maxShmem[c];
  const round = (n: number) => Math.round(n * 10) / 10;
  const rounded = (c: Record<Component, number>) =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, round(v)])) as Record<Component, number>;
  return {
    totalMiB: round(Object.values(byComponent).reduce((a, b) => a + b, 0)),
    byComponent: rounded(byComponent),
    shmemOnceMiB: round(Object.values(shmemOnceByComponent).reduce((a, b) => a + b, 0)),
    shmemOnceByComponent: rounded(shmemOnceByComponent),
    pssTotalMiB: round(Object.values(pssByComponent).reduce((a, b) => a + b, 0)),
    pssByComponent: rounded(pssByComponent),
    processes: tree.length,
  };
}

/** The tree with each process's PSS, read without blocking the event loop (smaps_rollup of a JVM takes ~0.3 s). */
async function treeWithPss(root = process.pid): Promise<ProcInfo[]> {
  const tree = processTree(root, false);
  for (const p of tree) {
    try {
      p.pssKiB = Number(
        /^Pss:\s+(\d+)\s+kB/m.exec(await readFileAsync(`/proc/${p.pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0,
      );
    } catch {
      // ended meanwhile, or not permitted
    }
  }
  return tree;
}

/** CPU seconds used so far per component (user + system), for a poor man's profile of a phase. */
export function cpuSeconds(root = process.pid): Record<Component, number> {
  const out: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  for (const p of processTree(root)) out[p.component] += p.cpuTicks / CLK_TCK;
  return out;
}

/** CPU seconds per component between two snapshots (processes that ended in between are lost; see `cpuTracker`). */
export function cpuDelta(
  before: Record<Component, number>,
  after: Record<Component, number>,
): Record<Component, number> {
  return Object.fromEntries(
    Object.keys(after).map((k) => [
      k,
      Math.max(0, Math.round((after[k as Component] - before[k as Component]) * 10) / 10),
    ]),
  ) as Record<Component, number>;
}

/**
 * CPU seconds per component of the process tree from now until `stop()`, counting processes that end in between:
 * every `intervalMs` it notes each process's CPU so far, so a process that started and ended within the span (the
 * start-up phase's `npm start` copy with its engine and PostgreSQL) counts with what it had used at the last look
 * (at most `intervalMs` of its CPU is lost). Two snapshots alone (`cpuDelta`) lose such processes entirely.
 */
export function cpuTracker(root = process.pid, intervalMs = 1000) {
  const start = new Map<number, number>();
  const last = new Map<number, { component: Component; ticks: number }>();
  const look = () => {
    for (const p of processTree(root)) last.set(p.pid, { component: p.component, ticks: p.cpuTicks });
  };
  for (const p of processTree(root)) start.set(p.pid, p.cpuTicks);
  look();
  const timer = setInterval(look, intervalMs);
  timer.unref();
  return {
    stop(): Record<Component, number> {
      clearInterval(timer);
      look();
      const out: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
      for (const [pid, { component, ticks }] of last)
        out[component] += Math.max(0, ticks - (start.get(pid) ?? 0)) / CLK_TCK;
      for (const k of Object.keys(out) as Component[]) out[k] = Math.round(out[k] * 10) / 10;
      return out;
    },
  };
}

/**
 * Samples resident memory every `intervalMs` until stopped; returns the sample with the highest RSS sum, the one with
 * the highest RSS sum with shared memory counted once, and the one with the highest PSS sum. RSS comes from
 * /proc/<pid>/status (cheap); PSS needs smaps_rollup, which the kernel computes by walking every mapping (≈ 0.3 s
 * for the JVM or a Node process, ≈ 30 ms per PostgreSQL backend, ≈ 1 s for the whole stack), so it is read every
 * `pssEveryMs` only, asynchronously: read every second and synchronously it kept the bench process's event loop (the
 * app's, the workers' and the task sync's) blocked most of the time.
 */
export function memorySampler(intervalMs = 1000, pssEveryMs = 15_000) {
  let rss = residentMemory();
  let pss = rss;
  let once = rss;
  let lastPss = Date.now();
  let pssReading: Promise<void> | undefined;
  const take = () => {
    const now = residentMemory(process.pid, false);
    if (now.totalMiB > rss.totalMiB) rss = now;
    if (now.shmemOnceMiB > once.shmemOnceMiB) once = now;
    if (!pssReading && Date.now() - lastPss >= pssEveryMs) {
      lastPss = Date.now();
      pssReading = treeWithPss()
        .then((tree) => {
          const u = usageOf(tree);
          if (u.pssTotalMiB > pss.pssTotalMiB) pss = u;
        })
        .catch(() => undefined)
        .finally(() => (pssReading = undefined));
    }
  };
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    async stop(): Promise<{ rss: Usage; pss: Usage; once: Usage }> {
      clearInterval(timer);
      await pssReading;
      take();
      const last = usageOf(await treeWithPss());
      if (last.pssTotalMiB > pss.pssTotalMiB) pss = last;
      return { rss, pss, once };
    },
  };
}
