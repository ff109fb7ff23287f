import { type BokslutReport, type BokslutTable, RADER, REPORT_PERIODS, type RowProblem } from '../domain/bokslut.js';
import {
  ENTERED_INDICATORS,
  type IndicatorEntry,
  type IndicatorResult,
  MALOMRADEN,
  subgroupsOf,
} from '../domain/bokslutIndicators.js';
import type { DemoProgress } from '../services/bokslutDemo.js';
import { bokslutSv as t, indicatorName, indicatorOutcome, signalOf } from '../ui/bokslutTexts.sv.js';
import { csrfField } from './formFields.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';

export const BOKSLUT_PERIODS = REPORT_PERIODS;
export interface BokslutSelection {
  year: number;
  period: (typeof BOKSLUT_PERIODS)[number];
}

export const bokslutQuery = (s: BokslutSelection) => `?year=${s.year}&period=${s.period}`;

// Print: hide navigation and controls, keep each table on one page. Signals carry a symbol and a word, so they read
// without colour and in black-and-white print. app.css hides the 4th column on narrow screens; these tables keep it.
const STYLE = html`<style>
  .bokslut-table th,
  .bokslut-table td {
    display: table-cell;
    text-align: right;
    padding: 0.2rem 0.5rem;
  }
  .bokslut-table th[scope='row'],
  .bokslut-table thead th:first-child {
    text-align: left;
    font-weight: normal;
  }
  .bokslut-table.indicators td,
  .bokslut-table.indicators th {
    text-align: left;
  }
  .bokslut-table tbody tr.sub th[scope='row'] {
    padding-left: 1.5rem;
  }
  .bokslut-section {
    break-inside: avoid;
    margin-bottom: 1.5rem;
  }
  .signal {
    font-weight: bold;
    white-space: nowrap;
  }
  .signal-uppnatt {
    color: #0b6b2b;
  }
  .signal-ej_uppnatt {
    color: #a4161a;
  }
  .signal-saknar_data,
  .signal-information {
    color: #555;
  }
  .survey-entry fieldset {
    margin-bottom: 1rem;
  }
  .survey-entry .pair {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    align-items: end;
  }
  .survey-entry .field-error {
    color: #a4161a;
    font-weight: bold;
  }
  @media print {
    header.site-header,
    .skip-link,
    .no-print {
      display: none !important;
    }
    .bokslut-section {
      page-break-inside: avoid;
    }
    .signal {
      color: #000 !important;
    }
    a[href]::after {
      content: none;
    }
  }
</style>`;

function selector(s: BokslutSelection, action: string): SafeHtml {
  const f = t.form;
  return html`<form method="get" action="${action}" class="no-print">
    <fieldset>
      <legend>${f.legend}</legend>
      <label for="bokslut-year">${f.year}</label>
      <input
        id="bokslut-year"
        name="year"
        type="number"
        inputmode="numeric"
        min="2000"
        max="2100"
        value="${s.year}"
        required
      />
      <label for="bokslut-period">${f.period}</label>
      <select id="bokslut-period" name="period">
        ${BOKSLUT_PERIODS.map(
          (p) => html`<option value="${p}" ${p === s.period ? html` selected` : ''}>${f.options[p]}</option>`,
        )}
      </select>
      <button type="submit">${f.show}</button>
    </fieldset>
  </form>`;
}

function downloads(s: BokslutSelection): SafeHtml {
  const d = t.downloads;
  const q = bokslutQuery(s);
  return html`<nav class="no-print" aria-label="${d.heading}">
    <h2>${d.heading}</h2>
    <ul>
      <li><a href="/styrgrupp/bokslut.xlsx${q}">${d.xlsx}</a></li>
      <li><a href="/styrgrupp/bokslut.pdf${q}">${d.pdf}</a></li>
      <li><a href="/styrgrupp/bokslut.csv${q}">${d.csv}</a></li>
      <li><a href="/styrgrupp/finsam.csv${q}">${d.finsam}</a></li>
    </ul>
    <p>${t.finsamNote}</p>
  </nav>`;
}

function tableSection(table: BokslutTable, periodLabel: string): SafeHtml {
  const name = t.verksamheter[table.verksamhet];
  const id = `tabell-${table.verksamhet}`;
  const c = t.columns;
  return html`<section class="bokslut-section" aria-labelledby="${id}">
    <h2 id="${id}">${name}</h2>
    ${table.rader.deltagare.T === 0 ? html`<p>${t.noParticipants}</p>` : ''}
    <table class="bokslut-table" data-verksamhet="${table.verksamhet}">
      <caption class="visually-hidden">
        ${t.tableCaption(name, periodLabel)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${c.rad}</th>
          <th scope="col">${c.K}</th>
          <th scope="col">${c.M}</th>
          <th scope="col">${c.T}</th>
          <th scope="col">${c.procent}</th>
        </tr>
      </thead>
      <tbody>
        ${RADER.map((rad) => {
          const row = table.rader[rad];
          const p = 'procent' in row ? row.procent : undefined;
          return html`<tr data-rad="${rad}" ${t.rader[rad].startsWith('–') ? html` class="sub"` : ''}>
            <th scope="row">${t.rader[rad]}</th>
            <td>${row.K}</td>
            <td>${row.M}</td>
            <td>${row.T}</td>
            <td>${p === undefined ? '' : p === null ? '–' : `${p} %`}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

function indicatorRow(i: IndicatorResult): SafeHtml {
  const signal = signalOf(i);
  const s = t.indicators.status[signal];
  return html`<tr
    data-indicator="${i.id}"
    data-verksamhet="${i.verksamhet}"
    data-status="${signal}"
    ${i.subgroup ? html` data-subgroup="${i.subgroup}"` : ''}
  >
    <th scope="row">${t.verksamheter[i.verksamhet]}</th>
    <td>${indicatorName(i)}</td>
    <td>${indicatorOutcome(i)}</td>
    <td>${t.indicators.target(i.target, i.unit)}</td>
    <td>${t.indicators.sources[i.source]}</td>
    <td>
      <span class="signal signal-${signal}"><span aria-hidden="true">${s.symbol}</span> ${s.text}</span>
    </td>
  </tr>`;
}

function indicatorTable(rows: IndicatorResult[], caption: string): SafeHtml {
  const c = t.indicators.columns;
  return html`<table class="bokslut-table indicators">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${c.verksamhet}</th>
        <th scope="col">${c.indikator}</th>
        <th scope="col">${c.utfall}</th>
        <th scope="col">${c.mal}</th>
        <th scope="col">${c.kalla}</th>
        <th scope="col">${c.status}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(indicatorRow)}
    </tbody>
  </table>`;
}

function indicatorSection(indicators: IndicatorResult[], s: BokslutSelection): SafeHtml {
  return html`<section class="bokslut-section" aria-labelledby="indikatorer">
    <h2 id="indikatorer">${t.indicators.heading}</h2>
    <p>${t.indicators.intro}</p>
    <p class="no-print"><a href="/styrgrupp/bokslut/enkater${bokslutQuery(s)}">${t.survey.link}</a></p>
    ${MALOMRADEN.map((m) => {
      const rows = indicators.filter((i) => i.malomrade === m);
      const forbund = rows.filter((i) => !i.information);
      const info = rows.filter((i) => i.information);
      return html`<h3>${t.indicators.malomraden[m]}</h3>
        ${indicatorTable(forbund, t.indicators.malomraden[m])}
        ${
          info.length
            ? html`<details>
                <summary>${t.indicators.perVerksamhet}</summary>
                ${indicatorTable(info, `${t.indicators.malomraden[m]}: ${t.indicators.perVerksamhet}`)}
              </details>`
            : ''
        }`;
    })}
  </section>`;
}

/** Inconsistent cases: case numbers for the förbundskansli, only their number for the styrgrupp (aggregates only). */
function excludedSection(excluded: RowProblem[], showCases: boolean): SafeHtml {
  if (!excluded.length) return html``;
  const cases = [...new Set(excluded.map((p) => String(p.where)))];
  const e = t.excluded;
  return html`<section class="bokslut-section" aria-labelledby="utelamnade" role="status">
    <h2 id="utelamnade">${e.heading}</h2>
    <p>${e.intro(cases.length)}</p>
    ${
      showCases
        ? html`<p>${e.forKansli}</p>
            <table class="bokslut-table indicators excluded">
              <thead>
                <tr>
                  <th scope="col">${e.columns.caseId}</th>
                  <th scope="col">${e.columns.problem}</th>
                </tr>
              </thead>
              <tbody>
                ${excluded.map(
                  (p) =>
                    html`<tr data-case="${String(p.where)}">
                      <td>${String(p.where)}</td>
                      <td>${e.problem(p.message)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : ''
    }
  </section>`;
}

function demoNotice(demo: DemoProgress | undefined, s: BokslutSelection): SafeHtml {
  if (!demo) return html``;
  if (demo.status === 'done')
    return s.year === 2020
      ? html``
      : html`<p class="notice no-print" data-demo-status="done">
          <a href="/styrgrupp/bokslut?year=2020&amp;period=ar">${t.demo.show}</a>
        </p>`;
  const text = demo.status === 'running' ? t.demo.running(demo.loaded, demo.total) : t.demo.failed;
  return html`<p class="notice no-print" role="status" data-demo-status="${demo.status}">
    ${text}${
      demo.status === 'running'
        ? html` <progress
            max="${demo.total}"
            value="${demo.loaded}"
            aria-label="${t.demo.running(demo.loaded, demo.total)}"
          >
            ${demo.loaded}/${demo.total}
          </progress>`
        : ''
    }
  </p>`;
}

export interface BokslutPageData {
  selection: BokslutSelection;
  report: BokslutReport;
  indicators: IndicatorResult[];
  excluded: RowProblem[];
  /** Whether the user may see the case numbers of inconsistent cases (förbundskansli, admin). */
  showCases: boolean;
  demo?: DemoProgress | undefined;
}

/** The socialt bokslut page: period choice, Tabell per verksamhet and totalt, indicator table, downloads. */
export function bokslutPage(ctx: PageContext, d: BokslutPageData): SafeHtml {
  const { report, selection: s } = d;
  const body = html`${STYLE}
    <h1>${t.title} ${report.period.label}</h1>
    ${demoNotice(d.demo, s)}
    <p>${t.intro}</p>
    ${selector(s, '/styrgrupp/bokslut')}
    <p class="no-print">${t.print}</p>
    ${excludedSection(d.excluded, d.showCases)}
    ${report.tables.map((table) => tableSection(table, report.period.label))}
    <p>${t.countNote}</p>
    <p>${t.percentNote}</p>
    ${indicatorSection(d.indicators, s)} ${downloads(s)}`;
  return layout({ ...ctx, title: t.title, body });
}

/** Field name of one entered value: `<indicator>.<subgroup>.<part>`. */
export const entryField = (indicatorId: string, subgroup: string, part: 'n' | 'd' | 'v') =>
  `${indicatorId}.${subgroup || '-'}.${part}`;

export interface SurveyPageData {
  selection: BokslutSelection;
  /** Saved entries, or the values just typed when the form is shown again with errors. */
  values: Record<string, string>;
  errors: Record<string, string>;
  canEdit: boolean;
}

/** Entry of the survey, statistics and reported-example results of one period (målområde 1–5). */
export function surveyPage(ctx: PageContext, d: SurveyPageData): SafeHtml {
  const s = d.selection;
  const sv = t.survey;
  const input = (name: string, label: string, kind: 'whole' | 'decimal') => {
    const id = `f-${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const error = d.errors[name];
    return html`<div>
      <label for="${id}">${label}</label>
      <input
        id="${id}"
        name="${name}"
        value="${d.values[name] ?? ''}"
        inputmode="${kind === 'whole' ? 'numeric' : 'decimal'}"
        size="6"
        ${d.canEdit ? '' : html` readonly`}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}
      />
      ${error ? html`<span id="${id}-error" class="field-error">${error}</span>` : ''}
    </div>`;
  };
  const summary = Object.keys(d.errors).length
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
        <p>${sv.invalid}</p>
        <ul>
          ${Object.entries(d.errors).map(
            ([name, message]) => html`<li><a href="#f-${name.replace(/[^a-zA-Z0-9_-]/g, '_')}">${message}</a></li>`,
          )}
        </ul>
      </div>`
    : '';
  const fieldsets = MALOMRADEN.map((m) => {
    const defs = ENTERED_INDICATORS.filter((x) => x.malomrade === m);
    if (!defs.length) return '';
    return html`<h2>${t.indicators.malomraden[m]}</h2>
      ${defs.map((def) => {
        const name = t.indicators.names[def.id] ?? def.id;
        const who = def.respondents
          ? html`<p>${sv.respondentsLabel(t.indicators.respondents[def.respondents])}</p>`
          : '';
        const parts = subgroupsOf(def).map((sub) => {
          const label = sub ? `${t.kon[sub] ?? t.kommuner[sub] ?? sub}: ` : '';
          if (def.kind === 'forandring')
            return html`<div class="pair">
              ${input(entryField(def.id, sub, 'v'), `${label}${sv.change}`, 'decimal')}
            </div>`;
          if (def.kind === 'antal')
            return html`<div class="pair">${input(entryField(def.id, sub, 'n'), `${label}${sv.count}`, 'whole')}</div>`;
          return html`<div class="pair">
            ${input(entryField(def.id, sub, 'n'), `${label}${sv.numerator}`, 'whole')}${input(entryField(def.id, sub, 'd'), `${label}${sv.denominator}`, 'whole')}
          </div>`;
        });
        return html`<fieldset data-indicator="${def.id}">
          <legend>${name}</legend>
          ${who}
          <p>${t.indicators.target(def.target, def.kind === 'antal' ? 'antal' : 'procent')}</p>
          ${parts}
        </fieldset>`;
      })}`;
  });
  const body = html`${STYLE}
    <h1>${sv.title} ${s.year}${s.period === 'ar' ? '' : ` ${s.period}`}</h1>
    ${summary}
    <p>${sv.intro}</p>
    ${d.canEdit ? '' : html`<p>${sv.readOnly}</p>`} ${selector(s, '/styrgrupp/bokslut/enkater')}
    <form method="post" action="/styrgrupp/bokslut/enkater${bokslutQuery(s)}" class="survey-entry" novalidate>
      ${csrfField(ctx.csrfToken)} ${fieldsets} ${d.canEdit ? html`<button type="submit">${sv.save}</button>` : ''}
    </form>
    <p><a href="/styrgrupp/bokslut${bokslutQuery(s)}">${sv.back}</a></p>`;
  return layout({ ...ctx, title: sv.title, body });
}

/** Entered results as form values (the inverse of `parseSurveyForm`). */
export function entriesToValues(entries: readonly IndicatorEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (e.numerator !== null) out[entryField(e.indicatorId, e.subgroup, 'n')] = String(e.numerator);
    if (e.denominator !== null) out[entryField(e.indicatorId, e.subgroup, 'd')] = String(e.denominator);
    if (e.value !== null) out[entryField(e.indicatorId, e.subgroup, 'v')] = String(e.value).replace('.', ',');
  }
  return out;
}
