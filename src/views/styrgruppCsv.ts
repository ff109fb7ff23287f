import { FINSAM_MIN_CELL, maskSmall } from '../domain/bokslut.js';
import { type CsvCell, toExcelCsv } from '../services/csv.js';
import type { Dashboard, DashboardFigure, Kon } from '../services/dashboard.js';
import { bokslutSv } from '../ui/bokslutTexts.sv.js';
import { groupLabel } from '../ui/labels.sv.js';
import { styrgruppSv as t } from '../ui/styrgruppTexts.sv.js';

// ---------------------------------------------------------------------------------------------------------------
// CSV exports. They may leave the förbund, so the Finsam rule applies (docs/bokslut.md, "Masking rule"):
// every count below 5 (zero included) is "<5"; a median, mean or share computed from fewer than 5 persons is
// masked, and a share is also masked when its numerator or its complement is below 5 (with the count beside it,
// the share would give the small number away). No totals across kön sit beside the K/M rows.
// ---------------------------------------------------------------------------------------------------------------

const MASK = '<5';
const small = (n: number) => n < FINSAM_MIN_CELL;
const maskedValue = (n: number, value: number | null) => (small(n) || value === null ? MASK : value);
const maskedShare = (num: number, den: number, share: number | null) =>
  small(den) || small(num) || small(den - num) || share === null ? MASK : share;
const kmOnly = <T extends { kon: Kon; group: string }>(rows: readonly T[]) =>
  rows.filter((r) => r.kon !== 'T' && r.group !== 'totalt');
const col = t.csvColumns;
const KON_LABEL: Record<Kon, string> = col.kon;
const VERKSAMHET_NAMES = new Map<string, string>(Object.entries(bokslutSv.verksamheter));
const verksamhetName = (code: string) => VERKSAMHET_NAMES.get(code) ?? code;

/** One dashboard figure as CSV (Swedish Excel, see the CSV module), masked for use outside the förbund. */
export function dashboardCsv(d: Dashboard, figure: DashboardFigure): string {
  const p = [d.period.from, d.period.to] as const;
  switch (figure) {
    case 'arenden-per-steg': {
      const rows: CsvCell[][] = [[...col.perStep]];
      for (const proc of d.heatmap)
        for (const v of proc.versions)
          for (const e of v.elements)
            rows.push([proc.processName, v.version, e.elementId, e.elementName, maskSmall(e.instances)]);
      return toExcelCsv(rows);
    }
    case 'uppgifter-per-organisation': {
      const rows: CsvCell[][] = [[...col.perGroup]];
      for (const g of d.groups)
        rows.push([
          groupLabel(g.group, t.groups.extraLabels),
          maskSmall(g.open),
          maskSmall(g.overdue),
          maskSmall(g.escalated),
        ]);
      return toExcelCsv(rows);
    }
    case 'aktualisering-till-beslut':
    case 'inventering-till-start': {
      const stats = figure === 'aktualisering-till-beslut' ? d.referralToDecision : d.inventoryToStart;
      const target = figure === 'inventering-till-start';
      const rows: CsvCell[][] = [
        [
          col.periodFrom,
          col.periodTo,
          target ? col.organisation : col.verksamhet,
          col.konColumn,
          col.count,
          col.median,
          col.mean,
          ...(target ? [col.withinTarget] : []),
        ],
      ];
      for (const s of kmOnly(stats)) {
        const name = target ? groupLabel(s.group) : verksamhetName(s.group);
        rows.push([
          ...p,
          name,
          KON_LABEL[s.kon],
          maskSmall(s.n),
          maskedValue(s.n, s.median),
          maskedValue(s.n, s.mean),
          ...(target ? [maskSmall(s.withinTarget ?? 0)] : []),
        ]);
      }
      return toExcelCsv(rows);
    }
    case 'uppfoljningar': {
      const rows: CsvCell[][] = [[col.periodFrom, col.periodTo, col.verksamhet, col.konColumn, ...col.followUps]];
      for (const s of kmOnly(d.followUps))
        rows.push([
          ...p,
          verksamhetName(s.group),
          KON_LABEL[s.kon],
          maskSmall(s.held),
          maskSmall(s.within),
          maskedShare(s.within, s.held, s.procent),
          maskSmall(s.overdueNow),
        ]);
      return toExcelCsv(rows);
    }
  }
}
