import type { StuckOverview } from '../services/stuckCases.js';
import { userText } from '../ui/errorTexts.sv.js';
import { groupLabel } from '../ui/labels.sv.js';
import { stuckSv as t } from '../ui/stuckTexts.sv.js';
import { formatDateTime } from '../ui/texts.sv.js';
import { html, type SafeHtml } from './html.js';
import { cockpitUrl, layout, type PageContext } from './layout.js';

const org = (code: string | null) => (code ? groupLabel(code) : t.noOrg);
const when = (d: Date | null) =>
  d ? html`<time datetime="${new Date(d).toISOString()}">${formatDateTime(d)}</time>` : '';

/** /fastnade-arenden: stuck and overdue cases per organisation and step; rows with case links for the samordnare. */
export function stuckCasesPage(ctx: PageContext & StuckOverview): SafeHtml {
  const c = t.columns;
  const cockpit = cockpitUrl();
  const instanceUrl = (id: string) =>
    cockpit ? `${cockpit}#/process-instance/${encodeURIComponent(id)}/runtime?tab=incidents-tab` : undefined;
  return layout({
    ...ctx,
    title: t.title,
    body: html`<h1>${t.title}</h1>
<p>${t.intro}${ctx.items ? '' : html` ${t.countsOnly}`}</p>
${cockpit ? html`<p><a href="${cockpit}" rel="noopener">${t.cockpit}</a></p>` : ''}
${ctx.engineUnavailable ? html`<p class="flash warning" role="status">${t.engineUnavailable}</p>` : ''}
${ctx.truncated ? html`<p role="status">${t.truncated}</p>` : ''}
${
  ctx.groups.length === 0
    ? html`<p>${t.none}</p>`
    : html`<h2 id="stuck-summary">${t.summaryTitle}</h2>
<div class="table-scroll"><table aria-labelledby="stuck-summary" class="stuck-summary">
<thead><tr><th scope="col">${c.org}</th><th scope="col">${c.process}</th><th scope="col">${c.step}</th><th scope="col" class="num">${c.incidents}</th><th scope="col" class="num">${c.overdue}</th><th scope="col" class="num">${c.escalated}</th></tr></thead>
<tbody>${ctx.groups.map(
        (g) =>
          html`<tr><th scope="row">${org(g.orgCode)}</th><td>${g.processName}</td><td>${g.stepName}</td><td class="num">${g.incidents}</td><td class="num">${g.overdue}</td><td class="num">${g.escalated}</td></tr>`,
      )}</tbody></table></div>
${
  ctx.items
    ? html`<h2 id="stuck-rows">${t.rowsTitle}</h2>
<div class="table-scroll"><table aria-labelledby="stuck-rows" class="stuck-rows">
<thead><tr><th scope="col">${c.case}</th><th scope="col">${c.kind}</th><th scope="col">${c.org}</th><th scope="col">${c.step}</th><th scope="col">${c.since}</th><th scope="col">${c.cause}</th><th scope="col">${c.cockpit}</th></tr></thead>
<tbody>${ctx.items.map((i) => {
        const cp = i.processInstanceId ? instanceUrl(i.processInstanceId) : undefined;
        return html`<tr data-case-id="${i.caseId ?? ''}" data-kind="${i.kind}">
<td>${i.caseId ? (i.mayOpen ? html`<a href="/arenden/${encodeURIComponent(i.caseId)}">${i.caseId}</a>` : html`${i.caseId} <span class="visually-hidden">${t.noCaseAccess}</span>`) : ''}</td>
<td><span class="badge ${i.kind}">${t.kinds[i.kind]}</span></td><td>${org(i.orgCode)}</td><td>${i.stepName} <span class="hint">(${i.processName})</span></td><td>${when(i.since)}</td><td>${i.cause ? userText(i.cause) : ''}</td>
<td>${cp ? html`<a href="${cp}" rel="noopener">${t.cockpitInstance(i.caseId ?? '')}</a>` : ''}</td></tr>`;
      })}</tbody></table></div>`
    : ''
}`
}`,
  });
}
