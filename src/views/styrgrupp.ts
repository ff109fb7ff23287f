import { REPORT_PERIODS } from '../domain/bokslut.js';
import { VERKSAMHETER } from '../domain/organisations.js';
import { type Dashboard, type DashboardFigure, type DurationStat, type FollowUpStat } from '../services/dashboard.js';
import { bokslutSv } from '../ui/bokslutTexts.sv.js';
import { groupLabel, unitLabel } from '../ui/labels.sv.js';
import { styrgruppSv as t } from '../ui/styrgruppTexts.sv.js';
import { html, jsonScript, type SafeHtml } from './html.js';

export const DASHBOARD_PERIODS = REPORT_PERIODS;
export interface DashboardSelection {
  year: number;
  period: (typeof DASHBOARD_PERIODS)[number];
  verksamhet?: string | undefined;
}

/** A chart for the browser bundle (src/client/dashboard.ts): bars with values written on them. */
/** `unit` is the value's code ('st', 'dagar', '%'); `unitLabel` the axis title in Swedish. */
export interface ChartSpec {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  unit: string;
  unitLabel: string;
  max?: number;
}

const groupName = (g: string) =>
  g === 'totalt' ? t.totalt : ((bokslutSv.verksamheter as Record<string, string>)[g] ?? groupLabel(g));

function query(s: DashboardSelection): string {
  const q = new URLSearchParams({ year: String(s.year), period: s.period });
  if (s.verksamhet) q.set('verksamhet', s.verksamhet);
  return `?${q.toString()}`;
}

const csvLink = (s: DashboardSelection, figure: DashboardFigure, what: string) =>
  html`<p class="no-print"><a class="csv-link" data-figure="${figure}" href="/styrgrupp/data/${figure}.csv${query(s)}" download>${t.csv(what)}</a></p>`;

function selector(s: DashboardSelection): SafeHtml {
  const f = t.form;
  return html`<form method="get" action="/styrgrupp" class="no-print">
  <fieldset><legend>${f.legend}</legend>
    <label for="dash-year">${f.year}</label>
    <input id="dash-year" name="year" type="number" inputmode="numeric" min="2000" max="2100" value="${s.year}" required>
    <label for="dash-period">${f.period}</label>
    <select id="dash-period" name="period">${DASHBOARD_PERIODS.map((p) => html`<option value="${p}"${p === s.period ? html` selected` : ''}>${f.options[p]}</option>`)}</select>
    <label for="dash-verksamhet">${f.verksamhet}</label>
    <select id="dash-verksamhet" name="verksamhet"><option value="">${f.allVerksamheter}</option>${VERKSAMHETER.map(
      (v) => html`<option value="${v}"${v === s.verksamhet ? html` selected` : ''}>${groupName(v)}</option>`,
    )}</select>
    <button type="submit">${f.show}</button>
  </fieldset>
</form>`;
}

function heatmapSection(
  d: Dashboard,
  s: DashboardSelection,
  heatmaps: { id: string; process: string; version: number; counts: Record<string, number> }[],
): SafeHtml {
  const h = t.heatmap;
  return html`<section class="dash-section" aria-labelledby="dash-heatmap">
<h2 id="dash-heatmap">${h.heading}</h2>
<p>${h.explain}</p>
${d.heatmap.length === 0 ? html`<p>${t.none}</p>` : ''}
${d.heatmap.map(
  (p) => html`<section class="dash-process" data-process="${p.bpmnProcessId}">
<h3>${p.processName} <span class="muted">(${p.bpmnProcessId})</span></h3>
${p.versions.map((v) => {
  const id = `heatmap-${p.bpmnProcessId}-${v.version}`;
  heatmaps.push({
    id,
    process: p.bpmnProcessId,
    version: v.version,
    counts: Object.fromEntries(v.elements.map((e) => [e.elementId, e.instances])),
  });
  return html`<h4>${h.version(v.version, v.total)}</h4>
<div class="dash-heatmap-row">
<figure class="heatmap-figure"><figcaption class="visually-hidden">${h.diagramLabel(p.processName, v.version)}</figcaption>
<div class="heatmap" id="${id}" data-process="${p.bpmnProcessId}" data-version="${v.version}"><p class="heatmap-status">${h.loading}</p><noscript>${h.noScript}</noscript></div></figure>
<table class="dash-table" data-table="heatmap" data-process="${p.bpmnProcessId}" data-version="${v.version}">
<caption class="visually-hidden">${h.version(v.version, v.total)}</caption>
<thead><tr><th scope="col">${h.columns.step}</th><th scope="col">${h.columns.elementId}</th><th scope="col" class="num">${h.columns.count}</th></tr></thead>
<tbody>${v.elements.map((e) => html`<tr data-element-id="${e.elementId}"><th scope="row">${e.elementName ?? e.elementId}</th><td><code>${e.elementId}</code></td><td class="num">${e.instances}</td></tr>`)}</tbody>
</table>
</div>`;
})}
</section>`,
)}
${csvLink(s, 'arenden-per-steg', h.figure)}
</section>`;
}

function groupsSection(d: Dashboard, s: DashboardSelection, charts: Record<string, ChartSpec>): SafeHtml {
  const g = t.groups;
  const c = g.columns;
  charts['chart-groups'] = {
    labels: d.groups.map((x) => groupLabel(x.group, t.groups.extraLabels)),
    datasets: [
      { label: c.overdue, data: d.groups.map((x) => x.overdue) },
      { label: c.escalated, data: d.groups.map((x) => x.escalated) },
    ],
    unit: 'st',
    unitLabel: unitLabel('st'),
  };
  return html`<section class="dash-section" aria-labelledby="dash-groups">
<h2 id="dash-groups">${g.heading}</h2>
<p>${g.explain}</p>
${
  d.groups.length === 0
    ? html`<p>${t.none}</p>`
    : html`<div class="dash-figure">
<div class="chart-box"><canvas id="chart-groups" role="img" aria-label="${g.chartLabel}"></canvas></div>
<table class="dash-table" data-table="groups">
<caption class="visually-hidden">${g.heading}</caption>
<thead><tr><th scope="col">${c.group}</th><th scope="col" class="num">${c.open}</th><th scope="col" class="num">${c.overdue}</th><th scope="col" class="num">${c.escalated}</th></tr></thead>
<tbody>${d.groups.map((x) => html`<tr data-group="${x.group}"><th scope="row">${groupLabel(x.group, t.groups.extraLabels)}</th><td class="num">${x.open}</td><td class="num">${x.overdue}</td><td class="num">${x.escalated}</td></tr>`)}</tbody>
</table></div>`
}
${csvLink(s, 'uppgifter-per-organisation', g.figure)}
</section>`;
}

/** Whole-percent share within the target, rounded half up; null without data or target. */
const shareWithin = (x: DurationStat) =>
  x.n && x.withinTarget !== null ? Math.floor((200 * x.withinTarget + x.n) / (2 * x.n)) : null;

function durationTable(
  stats: DurationStat[],
  opts: { table: string; caption: string; target: boolean; orgColumn: boolean },
): SafeHtml {
  const c = t.duration.columns;
  return html`<table class="dash-table" data-table="${opts.table}">
<caption class="visually-hidden">${opts.caption}</caption>
<thead><tr><th scope="col">${opts.orgColumn ? c.org : c.group}</th><th scope="col">${c.kon}</th><th scope="col" class="num">${c.n}</th><th scope="col" class="num">${c.median}</th><th scope="col" class="num">${c.mean}</th>${opts.target ? html`<th scope="col" class="num">${c.within}</th><th scope="col" class="num">${c.share}</th>` : ''}</tr></thead>
<tbody>${stats.map((x) => {
    const share = shareWithin(x);
    return html`<tr data-group="${x.group}" data-kon="${x.kon}"${x.kon === 'T' ? html` class="total"` : ''}><th scope="row">${groupName(x.group)}</th><td>${t.kon[x.kon]}</td><td class="num">${x.n}</td><td class="num">${t.days(x.median)}</td><td class="num">${t.days(x.mean)}</td>${opts.target ? html`<td class="num">${x.withinTarget}</td><td class="num">${t.percent(share)}</td>` : ''}</tr>`;
  })}</tbody>
</table>`;
}

/** A chart of one value per group, with a K and an M series (the T rows stay in the table). */
function konChart(
  rows: { group: string; kon: string }[],
  value: (r: never) => number | null,
  unit: string,
  max?: number,
): ChartSpec {
  const groups = [...new Set(rows.map((r) => r.group))];
  const pick = (kon: string) =>
    groups.map((g) => {
      const r = rows.find((x) => x.group === g && x.kon === kon);
      return r ? value(r as never) : null;
    });
  return {
    labels: groups.map(groupName),
    datasets: [
      { label: t.kon.K, data: pick('K') },
      { label: t.kon.M, data: pick('M') },
    ],
    unit,
    unitLabel: unitLabel(unit),
    ...(max ? { max } : {}),
  };
}

function referralSection(d: Dashboard, s: DashboardSelection, charts: Record<string, ChartSpec>): SafeHtml {
  const r = t.referral;
  const any = d.referralToDecision.some((x) => x.n > 0);
  if (any) charts['chart-referral'] = konChart(d.referralToDecision, (x: DurationStat) => x.median, 'dagar');
  return html`<section class="dash-section" aria-labelledby="dash-referral">
<h2 id="dash-referral">${r.heading}</h2>
<p>${r.explain}</p>
${
  any
    ? html`<div class="dash-figure"><div class="chart-box"><canvas id="chart-referral" role="img" aria-label="${r.chartLabel}"></canvas></div>
${durationTable(d.referralToDecision, { table: 'referral', caption: r.heading, target: false, orgColumn: false })}</div>`
    : html`<p>${t.none}</p>`
}
${csvLink(s, 'aktualisering-till-beslut', r.figure)}
</section>`;
}

function trialSection(d: Dashboard, s: DashboardSelection, charts: Record<string, ChartSpec>): SafeHtml {
  const r = t.trial;
  const any = d.inventoryToStart.some((x) => x.n > 0);
  if (any) charts['chart-trial'] = konChart(d.inventoryToStart, (x: DurationStat) => shareWithin(x), '%', 100);
  return html`<section class="dash-section" aria-labelledby="dash-trial">
<h2 id="dash-trial">${r.heading}</h2>
<p>${r.explain} <strong>${r.target}</strong></p>
${
  any
    ? html`<div class="dash-figure"><div class="chart-box"><canvas id="chart-trial" role="img" aria-label="${r.chartLabel}"></canvas></div>
${durationTable(d.inventoryToStart, { table: 'trial', caption: r.heading, target: true, orgColumn: true })}</div>`
    : html`<p>${t.none}</p>`
}
${csvLink(s, 'inventering-till-start', r.figure)}
</section>`;
}

function followUpSection(d: Dashboard, s: DashboardSelection, charts: Record<string, ChartSpec>): SafeHtml {
  const f = t.followUps;
  const c = f.columns;
  const any = d.followUps.some((x) => x.held > 0 || x.overdueNow > 0);
  if (any) charts['chart-followups'] = konChart(d.followUps, (x: FollowUpStat) => x.procent, '%', 100);
  return html`<section class="dash-section" aria-labelledby="dash-followups">
<h2 id="dash-followups">${f.heading}</h2>
<p>${f.explain}</p>
${
  any
    ? html`<div class="dash-figure"><div class="chart-box"><canvas id="chart-followups" role="img" aria-label="${f.chartLabel}"></canvas></div>
<table class="dash-table" data-table="followups">
<caption class="visually-hidden">${f.heading}</caption>
<thead><tr><th scope="col">${c.group}</th><th scope="col">${c.kon}</th><th scope="col" class="num">${c.held}</th><th scope="col" class="num">${c.within}</th><th scope="col" class="num">${c.share}</th><th scope="col" class="num">${c.overdue}</th></tr></thead>
<tbody>${d.followUps.map((x) => html`<tr data-group="${x.group}" data-kon="${x.kon}"${x.kon === 'T' ? html` class="total"` : ''}><th scope="row">${groupName(x.group)}</th><td>${t.kon[x.kon]}</td><td class="num">${x.held}</td><td class="num">${x.within}</td><td class="num">${t.percent(x.procent)}</td><td class="num">${x.overdueNow}</td></tr>`)}</tbody>
</table></div>`
    : html`<p>${t.none}</p>`
}
${csvLink(s, 'uppfoljningar', f.figure)}
</section>`;
}

/** The /styrgrupp page body: selector, the heatmap per process version, then each figure as chart + table + CSV. */
export function dashboardPage(
  d: Dashboard,
  s: DashboardSelection,
  opts: { cockpitUrl?: string | undefined },
): SafeHtml {
  const charts: Record<string, ChartSpec> = {};
  const heatmaps: { id: string; process: string; version: number; counts: Record<string, number> }[] = [];
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
${opts.cockpitUrl ? html`<p class="no-print"><a href="${opts.cockpitUrl}" rel="noopener" target="_blank">${t.cockpit}</a> <span class="muted">${t.cockpitNote}</span></p>` : ''}
${selector(s)}
<p>${t.periodNote(d.period.label)}</p>
<p class="no-print">${t.csvNote}</p>
${heatmapSection(d, s, heatmaps)}
${groupsSection(d, s, charts)}
${referralSection(d, s, charts)}
${trialSection(d, s, charts)}
${followUpSection(d, s, charts)}`;
  return html`${body}${jsonScript('dashboard-data', { heatmaps, charts, diagramUrl: '/styrgrupp/diagram' })}`;
}
