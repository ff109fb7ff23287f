import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { computeIndicators, periodOf, RADER, type BokslutReport, type BokslutTable, type Indicator } from '../domain/bokslut.js';
import { ValidationFailed } from '../errors.js';
import { requireRole } from '../middleware/auth.js';
import { bokslutFromDatabase } from '../services/bokslut.js';
import { bokslutCsv, bokslutPdf, bokslutXlsx, finsamCsv } from '../services/bokslutExport.js';
import { bokslutSv as t } from '../ui/bokslutTexts.sv.js';
import { html, type SafeHtml } from '../views/html.js';
import { layout } from '../views/layout.js';
import { pageContext, sendPage } from '../web/render.js';

const PERIODS = ['ar', 'T1', 'T2', 'T3'] as const;
const stockholmToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

const Query = z.object({
  year: z.coerce.number().int().min(2000).max(2100).default(() => Number(stockholmToday().slice(0, 4))),
  period: z.enum(PERIODS).default('ar'),
});
type Selection = z.infer<typeof Query>;

function selection(req: Request): Selection {
  const q = Query.safeParse(req.query);
  if (!q.success) throw new ValidationFailed(q.error.message, {}, t.invalidQuery);
  return q.data;
}

const periodFor = (s: Selection) => periodOf(s.year, s.period === 'ar' ? undefined : s.period);
const fileName = (s: Selection, stem: string, ext: string) => `${stem}-${s.year}${s.period === 'ar' ? '' : `-${s.period}`}.${ext}`;
const qs = (s: Selection) => `?year=${s.year}&period=${s.period}`;

/**
 * The socialt bokslut for the styrgrupp and förbundskansli: the page, its XLSX/PDF/CSV exports and the masked
 * Uppföljning Finsam export. Aggregates only; nothing here links to a case.
 */
export function bokslutRouter(deps: { db: Knex }): Router {
  const router = Router();
  const guard = requireRole('styrgrupp', 'forbundskansli', 'admin');

  router.get('/styrgrupp/bokslut', guard, async (req, res) => {
    const s = selection(req);
    const report = await bokslutFromDatabase(deps.db, periodFor(s));
    sendPage(res, layout({ ...pageContext(req, res), title: t.title, body: bokslutPage(s, report, computeIndicators(report)) }));
  });

  router.get('/styrgrupp/bokslut.xlsx', guard, async (req, res) => {
    const s = selection(req);
    const report = await bokslutFromDatabase(deps.db, periodFor(s));
    res.attachment(fileName(s, 'socialt-bokslut', 'xlsx')).type('xlsx').send(await bokslutXlsx(report, computeIndicators(report)));
  });

  router.get('/styrgrupp/bokslut.pdf', guard, async (req, res) => {
    const s = selection(req);
    const report = await bokslutFromDatabase(deps.db, periodFor(s));
    res.attachment(fileName(s, 'socialt-bokslut', 'pdf')).type('pdf').send(await bokslutPdf(report, computeIndicators(report), { generatedOn: stockholmToday() }));
  });

  router.get('/styrgrupp/bokslut.csv', guard, async (req, res) => {
    const s = selection(req);
    const report = await bokslutFromDatabase(deps.db, periodFor(s));
    res.attachment(fileName(s, 'socialt-bokslut', 'csv')).type('text/csv; charset=utf-8').send(bokslutCsv(report));
  });

  router.get('/styrgrupp/finsam.csv', guard, async (req, res) => {
    const s = selection(req);
    const report = await bokslutFromDatabase(deps.db, periodFor(s));
    res.attachment(fileName(s, 'uppfoljning-finsam', 'csv')).type('text/csv; charset=utf-8').send(finsamCsv(report));
  });

  return router;
}

// Print: hide navigation and controls, keep each table on one page. Signals carry a symbol and a word, so they read
// without colour and in black-and-white print. app.css hides the 4th column on narrow screens; these tables keep it.
const STYLE = html`<style>
.bokslut-table th, .bokslut-table td { display: table-cell; text-align: right; padding: .2rem .5rem; }
.bokslut-table th[scope="row"], .bokslut-table thead th:first-child { text-align: left; font-weight: normal; }
.bokslut-table tbody tr.sub th[scope="row"] { padding-left: 1.5rem; }
.bokslut-section { break-inside: avoid; margin-bottom: 1.5rem; }
.signal { font-weight: bold; white-space: nowrap; }
.signal-uppnatt { color: #0b6b2b; }
.signal-ej_uppnatt { color: #a4161a; }
.signal-saknar_data { color: #555; }
@media print {
  header.site-header, .skip-link, .no-print { display: none !important; }
  .bokslut-section { page-break-inside: avoid; }
  .signal { color: #000 !important; }
  a[href]::after { content: none; }
}
</style>`;

function selector(s: Selection): SafeHtml {
  const f = t.form;
  return html`<form method="get" action="/styrgrupp/bokslut" class="no-print">
  <fieldset><legend>${f.legend}</legend>
    <label for="bokslut-year">${f.year}</label>
    <input id="bokslut-year" name="year" type="number" inputmode="numeric" min="2000" max="2100" value="${s.year}" required>
    <label for="bokslut-period">${f.period}</label>
    <select id="bokslut-period" name="period">${PERIODS.map(
      (p) => html`<option value="${p}"${p === s.period ? html` selected` : ''}>${f.options[p]}</option>`,
    )}</select>
    <button type="submit">${f.show}</button>
  </fieldset>
</form>`;
}

function downloads(s: Selection): SafeHtml {
  const d = t.downloads;
  return html`<nav class="no-print" aria-label="${d.heading}"><h2>${d.heading}</h2><ul>
  <li><a href="/styrgrupp/bokslut.xlsx${qs(s)}">${d.xlsx}</a></li>
  <li><a href="/styrgrupp/bokslut.pdf${qs(s)}">${d.pdf}</a></li>
  <li><a href="/styrgrupp/bokslut.csv${qs(s)}">${d.csv}</a></li>
  <li><a href="/styrgrupp/finsam.csv${qs(s)}">${d.finsam}</a></li>
</ul><p>${t.finsamNote}</p></nav>`;
}

function tableSection(table: BokslutTable, periodLabel: string): SafeHtml {
  const name = t.verksamheter[table.verksamhet];
  const id = `tabell-${table.verksamhet}`;
  const c = t.columns;
  return html`<section class="bokslut-section" aria-labelledby="${id}">
<h2 id="${id}">${name}</h2>
${table.rader.deltagare.T === 0 ? html`<p>${t.noParticipants}</p>` : ''}
<table class="bokslut-table" data-verksamhet="${table.verksamhet}">
<caption class="visually-hidden">${t.tableCaption(name, periodLabel)}</caption>
<thead><tr><th scope="col">${c.rad}</th><th scope="col">${c.K}</th><th scope="col">${c.M}</th><th scope="col">${c.T}</th><th scope="col">${c.procent}</th></tr></thead>
<tbody>${RADER.map((rad) => {
    const row = table.rader[rad];
    const p = 'procent' in row ? row.procent : undefined;
    return html`<tr data-rad="${rad}"${t.rader[rad].startsWith('–') ? html` class="sub"` : ''}><th scope="row">${t.rader[rad]}</th><td>${row.K}</td><td>${row.M}</td><td>${row.T}</td><td>${p === undefined ? '' : p === null ? '–' : `${p} %`}</td></tr>`;
  })}</tbody>
</table>
</section>`;
}

function indicatorSection(indicators: Indicator[]): SafeHtml {
  const c = t.indicators.columns;
  return html`<section class="bokslut-section" aria-labelledby="indikatorer">
<h2 id="indikatorer">${t.indicators.heading}</h2>
<table class="bokslut-table indicators">
<thead><tr><th scope="col">${c.verksamhet}</th><th scope="col">${c.indikator}</th><th scope="col">${c.utfall}</th><th scope="col">${c.mal}</th><th scope="col">${c.status}</th></tr></thead>
<tbody>${indicators.map((i) => {
    const s = t.indicators.status[i.status];
    return html`<tr data-indicator="${i.id}" data-verksamhet="${i.verksamhet}" data-status="${i.status}"><th scope="row">${t.verksamheter[i.verksamhet]}</th><td>${t.indicators.names[i.id]}</td><td>${t.indicators.outcome(i.procent, i.numerator, i.denominator)}</td><td>${t.indicators.target(i.target.min, i.target.max)}</td><td><span class="signal signal-${i.status}"><span aria-hidden="true">${s.symbol}</span> ${s.text}</span></td></tr>`;
  })}</tbody>
</table>
</section>`;
}

function bokslutPage(s: Selection, report: BokslutReport, indicators: Indicator[]): SafeHtml {
  return html`${STYLE}
<h1>${t.title} ${report.period.label}</h1>
<p>${t.intro}</p>
${selector(s)}
<p class="no-print">${t.print}</p>
${report.tables.map((table) => tableSection(table, report.period.label))}
<p>${t.percentNote}</p>
${indicatorSection(indicators)}
${downloads(s)}`;
}
