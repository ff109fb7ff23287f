import { readdirSync, readFileSync } from 'node:fs';

/** One process of the stack as /proc shows it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  component: Component;
  rssKiB: number;
  cpuTicks: number;
}

/** The parts of the embedded stack that memory and CPU are reported for. */
export type Component = 'engine' | 'postgres' | 'node' | 'other';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat times are in these ticks

function read(pid: number): ProcInfo | undefined {
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
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const component: Component = /java/.test(comm) || cmdline.includes('samverkan.engine') ? 'engine' : /postgres|postmaster/.test(comm) || /bin\/postgres/.test(cmdline) ? 'postgres' : /node/.test(comm) ? 'node' : 'other';
    return { pid, ppid, comm, component, rssKiB, cpuTicks };
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** The process `root` and all its descendants (the whole embedded stack when the bench started it). */
export function processTree(root = process.pid): ProcInfo[] {
  const all = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map((n) => read(Number(n))).filter((p): p is ProcInfo => !!p);
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const self = all.find((p) => p.pid === root);
  const queue = self ? [self] : [];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

export interface Usage {
  totalMiB: number;
  byComponent: Record<Component, number>;
  processes: number;
}

/** Resident memory (VmRSS) summed over the process tree, in MiB, also per component. */
export function residentMemory(root = process.pid): Usage {
  const tree = processTree(root);
  const byComponent: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  for (const p of tree) byComponent[p.component] += p.rssKiB / 1024;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    totalMiB: round(Object.values(byComponent).reduce((a, b) => a + b, 0)),
    byComponent: Object.fromEntries(Object.entries(byComponent).map(([k, v]) => [k, round(v)])) as Record<Component, number>,
    processes: tree.length,
  };
}

/** CPU seconds used so far per component (user + system), for a poor man's profile of a phase. */
export function cpuSeconds(root = process.pid): Record<Component, number> {
  const out: Record<Component, number> = { engine: 0, postgres: 0, node: 0, other: 0 };
  for (const p of processTree(root)) out[p.component] += p.cpuTicks / CLK_TCK;
  return out;
}

/** CPU seconds per component between two snapshots (processes that ended in between are lost; fine for a profile). */
export function cpuDelta(before: Record<Component, number>, after: Record<Component, number>): Record<Component, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, Math.max(0, Math.round((after[k as Component] - before[k as Component]) * 10) / 10)])) as Record<Component, number>;
}

/** Samples resident memory every `intervalMs` until stopped; returns the peak. */
export function memorySampler(intervalMs = 1000) {
  let peak = residentMemory();
  const timer = setInterval(() => {
    const now = residentMemory();
    if (now.totalMiB > peak.totalMiB) peak = now;
  }, intervalMs);
  timer.unref();
  return {
    stop(): Usage {
      clearInterval(timer);
      const now = residentMemory();
      return now.totalMiB > peak.totalMiB ? now : peak;
    },
  };
}
