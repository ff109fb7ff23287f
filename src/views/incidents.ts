import type { CaseIncidents, IncidentItem, OverviewIncident } from '../services/incidents.js';
import { workSv } from '../ui/caseworkTexts.sv.js';
import { userText } from '../ui/errorTexts.sv.js';
import { formatDateTime } from '../ui/texts.sv.js';
import { csrfField } from './formFields.js';
import { html, type SafeHtml } from './html.js';
import { cockpitUrl, layout, type PageContext } from './layout.js';
import { CASEWORK_CSS } from './startForms.js';

const t = workSv.incidents;

const since = (d: Date) => html`<time datetime="${d.toISOString()}">${formatDateTime(d)}</time>`;

/** The cause in Swedish, with the engine's own message folded away for support when the cause rewords it. */
const causeCell = (i: IncidentItem) =>
  html`${userText(i.cause)}${i.technical ? html`<details class="technical"><summary>${t.technical}</summary><code>${i.technical}</code></details>` : ''}`;

/** The incident's instance in Cockpit (the engine's monitoring UI), when its address is configured. */
const cockpitInstanceUrl = (processInstanceId: string) => {
  const base = cockpitUrl();
  return base
    ? `${base}#/process-instance/${encodeURIComponent(processInstanceId)}/runtime?tab=incidents-tab`
    : undefined;
};

/** The "Tekniska fel" section of a case page, with "Försök igen" per stuck step; nothing when there is none. */
export function caseIncidentsSection(
  ctx: Pick<PageContext, 'csrfToken'> & { caseId: string; incidents: CaseIncidents | null },
): SafeHtml {
  const v = ctx.incidents;
  if (!v) return html``;
  if (v.unavailable) return html`<h2>${t.caseTitle}</h2><p>${t.caseUnavailable}</p>`;
  if (v.items.length === 0) return html``;
  return html`<section class="incidents" aria-labelledby="incidents-title">
<h2 id="incidents-title">${t.caseTitle}</h2>
<p>${t.caseIntro}</p>
<div class="table-scroll"><table><caption class="visually-hidden">${t.caseTitle}</caption>
<thead><tr><th scope="col">${t.step}</th><th scope="col">${t.cause}</th><th scope="col">${t.since}</th><th scope="col">${t.action}</th></tr></thead>
<tbody>${v.items.map(
    (i) => html`<tr><td>${i.stepName}</td><td>${causeCell(i)}</td><td>${since(i.since)}</td>
<td>${
      i.retryable
        ? html`<form method="post" action="/arenden/${ctx.caseId}/incidenter/${encodeURIComponent(i.id)}/forsok-igen" class="inline">${csrfField(ctx.csrfToken)}<button type="submit" aria-label="${t.retryFor(i.stepName)}">${t.retry}</button></form>`
        : t.notRetryable
    }</td></tr>`,
  )}</tbody></table></div>
</section>`;
}

/** /incidenter: every stuck step of our processes (samordnare, admin), linked to the case for those who may open it. */
export function incidentsPage(ctx: PageContext & { incidents: OverviewIncident[]; unavailable: boolean }): SafeHtml {
  const cockpit = cockpitUrl();
  return layout({
    ...ctx,
    title: t.overviewTitle,
    styles: [CASEWORK_CSS],
    body: html`<h1>${t.overviewTitle}</h1>
<p>${t.overviewIntro}</p>
${cockpit ? html`<p><a href="${cockpit}" rel="noopener" target="_blank">${t.cockpit}</a></p>` : ''}
${
  ctx.unavailable
    ? html`<p role="alert">${t.overviewUnavailable}</p>`
    : ctx.incidents.length === 0
      ? html`<p>${t.overviewEmpty}</p>`
      : html`<p>${t.overviewCount(ctx.incidents.length)}</p>
<div class="table-scroll"><table><caption class="visually-hidden">${t.overviewTitle}</caption>
<thead><tr><th scope="col">${t.caseCol}</th><th scope="col">${t.processCol}</th><th scope="col">${t.step}</th><th scope="col">${t.cause}</th><th scope="col">${t.since}</th></tr></thead>
<tbody>${ctx.incidents.map((i) => {
          const inCockpit = cockpitInstanceUrl(i.processInstanceId);
          return html`<tr><td>${i.caseId ? (i.mayOpen ? html`<a href="/arenden/${encodeURIComponent(i.caseId)}">${i.caseId}</a>` : i.caseId) : t.noCase}</td>
<td>${i.processName}${inCockpit ? html`<br><a class="hint" href="${inCockpit}" rel="noopener" target="_blank">${t.cockpitInstance}</a>` : ''}</td>
<td>${i.stepName}</td><td>${causeCell(i)}</td><td>${since(i.since)}</td></tr>`;
        })}</tbody></table></div>`
}`,
  });
}
