import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { LayoutComparison } from './layouts.js';

/** One measured figure, as bench/results/latest.json lists it. Informational figures have no target (null). */
export interface Figure {
  name: string;
  /** null when the bench could not measure it honestly in this run (`note` says why). */
  value: number | null;
  unit: string;
  target: number | null;
  better: 'lower' | 'higher';
  met: boolean | null;
  note?: string;
}

/** The results file: `{ date, machine, figures }` plus what a reader needs to judge them. */
export interface Results {
  date: string;
  machine: string;
  quick: boolean;
  figures: Figure[];
  versions: Record<string, string>;
  /** CPU seconds per component during each phase, and the phase's wall time: what limits a figure. */
  profile: Record<string, { wallS: number; cpuS: Record<string, number>; loadAvg1m?: number; loadAvg1mStart?: number }>;
  details: Record<string, unknown>;
  /** The product's Node side in one process, split, and with two web processes, measured interleaved. */
  layouts?: LayoutComparison;
}

/** A figure judged against its target. */
export function figure(
  name: string,
  value: number | null,
  unit: string,
  target: number | null,
  better: 'lower' | 'higher',
  note?: string,
): Figure {
  const measured = value !== null && Number.isFinite(value);
  const met = target === null ? null : !measured ? false : better === 'lower' ? value <= target : value >= target;
  return { name, value: measured ? value : null, unit, target, better, met, ...(note ? { note } : {}) };
}

const fmt = (f: Figure) => (f.value === null ? 'not measured' : `${f.value} ${f.unit}`.trim());
const targetText = (f: Figure) =>
  f.target === null ? '–' : `${f.better === 'lower' ? '≤' : '≥'} ${f.target} ${f.unit}`.trim();
const metText = (f: Figure) => (f.met === null ? '–' : f.met ? '✔ met' : '✘ not met');

/** The console table of the run. */
export function consoleTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, fmt(f), targetText(f), metText(f)]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[['figure', 'value', 'target', 'met'], ...rows].map((r) => r[i]!.length)),
  );
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(['figure', 'value', 'target', 'met']), ...rows.map(line)].join('\n');
}

/** Writes the results: bench/results/latest.json for a full run (the docs are generated from it), else `file`. */
export function writeResults(
  root: string,
  results: Results,
  file = path.join(root, 'bench', 'results', 'latest.json'),
): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** The component that used most CPU in a phase, with its share (the first suspect when a target is missed). */
export function topConsumer(
  p: { wallS: number; cpuS: Record<string, number>; loadAvg1m?: number; loadAvg1mStart?: number } | undefined,
): string {
  if (!p) return 'not measured';
  const total = Object.values(p.cpuS).reduce((a, b) => a + b, 0);
  const parts = Object.entries(p.cpuS)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v} s (${Math.round((100 * v) / Math.max(total, 0.001))} %)`);
  return `${parts.join(', ')}; ${Math.round((100 * total) / Math.max(p.wallS, 0.001)) / 100} cores busy on average over ${p.wallS} s${p.loadAvg1m !== undefined ? ` (machine load average ${p.loadAvg1m} on ${os.cpus().length} cores)` : ''}`;
}
