import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Knex } from 'knex';

import { type Period } from '../domain/bokslut.js';
import { stockholmDateOf } from '../domain/calendar.js';
import { VERKSAMHETER } from '../domain/organisations.js';
import { ROOT } from '../paths.js';
import {
  type DurationRow,
  followUpsHeld,
  followUpsOverdue,
  type GroupTaskCounts,
  inventoryToTrialStart,
  processNames,
  referralToDecision,
  tasksPerGroup,
  type WaitingAtElement,
  waitingPerElement,
} from '../repositories/dashboard.js';
import { findProcessVersionXml } from '../repositories/processVersions.js';

export type Kon = 'K' | 'M' | 'T';
const KON: Kon[] = ['K', 'M', 'T'];

/** Count, median and mean of a duration in days for one group and kön, and how many met the target (if any). */
export interface DurationStat {
  group: string;
  kon: Kon;
  n: number;
  median: number | null;
  mean: number | null;
  withinTarget: number | null;
}

/** Uppföljningar held in the period for one group and kön, how many within 3 months, and ongoing overdue ones today. */
export interface FollowUpStat {
  group: string;
  kon: Kon;
  held: number;
  within: number;
  procent: number | null;
  overdueNow: number;
}

export interface HeatmapVersion {
  version: number;
  total: number;
  elements: WaitingAtElement[];
}
export interface HeatmapProcess {
  bpmnProcessId: string;
  processName: string;
  versions: HeatmapVersion[];
}

/** Everything the /styrgrupp page shows; aggregates only (no case ids leave this module). */
export interface Dashboard {
  period: Period;
  verksamhet: string | undefined;
  generatedAt: Date;
  heatmap: HeatmapProcess[];
  groups: GroupTaskCounts[];
  referralToDecision: DurationStat[];
  inventoryToStart: DurationStat[];
  followUps: FollowUpStat[];
}

const roundHalfUp = (num: number, den: number) => Math.floor((200 * num + den) / (2 * den)); // integer-only, as in the bokslut

/** Median of whole-day durations (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const mean = (values: readonly number[]) =>
  values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;

/** Order of groups: verksamheter in their canonical order, then others alphabetically, then 'totalt'. */
function groupOrder(groups: Iterable<string>): string[] {
  const known = VERKSAMHETER as readonly string[];
  return [...new Set(groups)].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a.localeCompare(b, 'sv');
  });
}

/** Duration statistics per group × kön (K, M, T), then 'totalt' × kön. Groups without rows are left out. */
export function durationStats(
  rows: readonly DurationRow[],
  { withinTarget }: { withinTarget?: (row: DurationRow) => boolean } = {},
): DurationStat[] {
  const out: DurationStat[] = [];
  const stat = (group: string, kon: Kon, rs: readonly DurationRow[]): DurationStat => {
    const days = rs.map((r) => r.days);
    return {
      group,
      kon,
      n: days.length,
      median: median(days),
      mean: mean(days),
      withinTarget: withinTarget === undefined ? null : rs.filter(withinTarget).length,
    };
  };
  for (const group of [...groupOrder(rows.map((r) => r.group)), 'totalt']) {
    const rs = group === 'totalt' ? rows : rows.filter((r) => r.group === group);
    for (const kon of KON) out.push(stat(group, kon, kon === 'T' ? rs : rs.filter((r) => r.kon === kon)));
  }
  return out;
}

/** Uppföljning statistics per verksamhet × kön, then 'totalt'; a verksamhet appears when it held or owes one. */
export function followUpStats(
  held: readonly { group: string; kon: 'K' | 'M'; withinThreeMonths: boolean }[],
  overdue: readonly { group: string; kon: 'K' | 'M' }[],
): FollowUpStat[] {
  const out: FollowUpStat[] = [];
  for (const group of [...groupOrder([...held, ...overdue].map((r) => r.group)), 'totalt']) {
    for (const kon of KON) {
      const match = (r: { group: string; kon: string }) =>
        (group === 'totalt' || r.group === group) && (kon === 'T' || r.kon === kon);
      const h = held.filter(match);
      const within = h.filter((r) => r.withinThreeMonths).length;
      out.push({
        group,
        kon,
        held: h.length,
        within,
        procent: h.length ? roundHalfUp(within, h.length) : null,
        overdueNow: overdue.filter(match).length,
      });
    }
  }
  return out;
}

/** Groups the waiting counts per process and version (newest version first). */
function heatmapOf(rows: readonly WaitingAtElement[], names: Map<string, string>): HeatmapProcess[] {
  const byProcess = new Map<string, HeatmapProcess>();
  for (const r of rows) {
    let p = byProcess.get(r.bpmnProcessId);
    if (!p)
      byProcess.set(
        r.bpmnProcessId,
        (p = {
          bpmnProcessId: r.bpmnProcessId,
          processName: r.processName ?? names.get(r.bpmnProcessId) ?? r.bpmnProcessId,
          versions: [],
        }),
      );
    let v = p.versions.find((x) => x.version === r.version);
    if (!v) p.versions.push((v = { version: r.version, total: 0, elements: [] }));
    v.elements.push(r);
    v.total += r.instances;
  }
  for (const p of byProcess.values()) p.versions.sort((a, b) => b.version - a.version);
  return [...byProcess.values()];
}

/** Collects the dashboard figures: "now" for waiting and overdue tasks, the period for durations and uppföljningar. */
export async function loadDashboard(
  db: Knex,
  opts: { period: Period; verksamhet?: string | undefined; now?: Date },
): Promise<Dashboard> {
  const now = opts.now ?? new Date();
  const today = stockholmDateOf(now);
  const [waiting, names, groups, referral, trial, held, overdue] = await Promise.all([
    waitingPerElement(db, { verksamhet: opts.verksamhet }),
    processNames(db),
    tasksPerGroup(db, { now, verksamhet: opts.verksamhet }),
    referralToDecision(db, opts.period),
    inventoryToTrialStart(db, opts.period),
    followUpsHeld(db, opts.period),
    followUpsOverdue(db, today),
  ]);
  return {
    period: opts.period,
    verksamhet: opts.verksamhet,
    generatedAt: now,
    heatmap: heatmapOf(waiting, names),
    groups,
    referralToDecision: durationStats(referral),
    // The target is defined once (domain/workTrial); the worker recorded the verdict as `start_late` at the start.
    inventoryToStart: durationStats(trial, { withinTarget: (r) => r.late === false }),
    followUps: followUpStats(held, overdue),
  };
}

/**
 * The BPMN XML of a deployed process version for the heatmap: the modeler's version history when it has the
 * version, otherwise the repository file `processes/<id>.bpmn` (models deployed by `npm start`; `exact` says which).
 */
export async function diagramXml(
  db: Knex,
  bpmnProcessId: string,
  version: number,
): Promise<{ xml: string; exact: boolean } | undefined> {
  const stored = await findProcessVersionXml(db, bpmnProcessId, version);
  if (stored) return { xml: stored, exact: true };
  if (!/^[a-z0-9-]+$/.test(bpmnProcessId)) return undefined;
  try {
    return { xml: await readFile(path.join(ROOT, 'processes', `${bpmnProcessId}.bpmn`), 'utf8'), exact: false };
  } catch {
    return undefined;
  }
}

/** The figures the styrgrupp page offers as CSV. */
export const DASHBOARD_FIGURES = [
  'arenden-per-steg',
  'uppgifter-per-organisation',
  'aktualisering-till-beslut',
  'inventering-till-start',
  'uppfoljningar',
] as const;
export type DashboardFigure = (typeof DASHBOARD_FIGURES)[number];
