import type { AuditRow } from '../repositories/audit.js';
import { toExcelCsv } from '../services/csv.js';
import { auditSv as t } from '../ui/auditTexts.sv.js';
import { auditActionLabel, auditObjectLabel, orgLabel } from '../ui/labels.sv.js';
import { formatDateTimeSeconds } from '../ui/texts.sv.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';

/** The filters of the log review, as typed (kept in the form after a search). */
export interface AuditFilterValues {
  anvandare?: string | undefined;
  arende?: string | undefined;
  fran?: string | undefined;
  till?: string | undefined;
}

const qs = (f: AuditFilterValues) =>
  new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();

/** The object of an entry in Swedish: "Ärende SV-2026-00042", "Uppgift 3f…". */
const objectOf = (r: AuditRow) => `${auditObjectLabel(r.object_type)} ${r.object_id}`;

/** /logg: who read or changed case data, when and from where, with filters; events, organisations and objects in Swedish. */
export function auditPage(ctx: PageContext & { filter: AuditFilterValues; rows: AuditRow[]; total: number }): SafeHtml {
  const { filter: f, rows, total } = ctx;
  const c = t.columns;
  const l = t.filters;
  const names = new Map(rows.filter((r) => r.display_name).map((r) => [r.username, r.display_name!]));
  return layout({
    ...ctx,
    title: t.title,
    body: html`<h1>${t.title}</h1>
<p>${t.intro} ${t.timeZone}</p>
<form method="get" action="/logg" class="filters"><fieldset><legend>${l.legend}</legend>
  <div><label for="logg-user">${l.user}</label> <input id="logg-user" name="anvandare" value="${f.anvandare ?? ''}" aria-describedby="logg-user-hint"> <span id="logg-user-hint" class="hint">${l.userHint}</span></div>
  <div><label for="logg-case">${l.caseId}</label> <input id="logg-case" name="arende" value="${f.arende ?? ''}"></div>
  <div><label for="logg-from">${l.from}</label> <input id="logg-from" name="fran" type="date" value="${f.fran ?? ''}"></div>
  <div><label for="logg-to">${l.to}</label> <input id="logg-to" name="till" type="date" value="${f.till ?? ''}"></div>
  <div><button type="submit">${l.show}</button></div>
</fieldset></form>
<p><a href="/logg.csv?${qs(f)}">${t.csv}</a></p>
<p role="status">${t.count(rows.length, total)}</p>
${
  rows.length === 0
    ? html`<p>${t.none}</p>`
    : html`<div class="table-scroll"><table class="audit-log"><caption>${t.caption}</caption>
<thead><tr><th scope="col">${c.at}</th><th scope="col">${c.user}</th><th scope="col">${c.org}</th><th scope="col">${c.action}</th><th scope="col">${c.object}</th><th scope="col">${c.caseId}</th><th scope="col">${c.ip}</th></tr></thead>
<tbody>${rows.map(
        (
          r,
        ) => html`<tr data-action="${r.action}"${r.action === 'refused' ? html` class="refused"` : ''}><td><time datetime="${new Date(r.at).toISOString()}">${formatDateTimeSeconds(r.at)}</time></td>
<td>${r.display_name ? html`${r.display_name} <span class="hint">(${r.username})</span>` : r.username}</td><td>${orgLabel(r.org_code)}</td>
<td>${auditActionLabel(r.action, names)}</td><td>${objectOf(r)}</td><td>${r.case_id ?? ''}</td><td>${r.ip ?? ''}</td></tr>`,
      )}</tbody></table></div>`
}`,
  });
}

/**
 * The review result as CSV for Swedish Excel (the CSV module: UTF-8 with BOM, semicolons): Swedish column names, events,
 * organisations and objects in Swedish, times in Europe/Stockholm as on the page.
 */
export function auditCsv(rows: AuditRow[]): string {
  const names = new Map(rows.filter((r) => r.display_name).map((r) => [r.username, r.display_name!]));
  const details = (d: unknown) =>
    d === null || d === undefined ? '' : typeof d === 'object' ? JSON.stringify(d) : String(d);
  return toExcelCsv([
    [...t.csvColumns],
    ...rows.map((r) => [
      new Date(r.at),
      r.username,
      r.display_name ?? '',
      orgLabel(r.org_code),
      auditActionLabel(r.action, names),
      `${auditObjectLabel(r.object_type)} ${r.object_id}`,
      r.case_id,
      r.ip,
      details(r.details),
    ]),
  ]);
}
