import { formatDate, formatDateTime, sv } from '../ui/texts.sv.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';
import type { caseViewForUser } from '../services/caseView.js';

type CaseView = Awaited<ReturnType<typeof caseViewForUser>>;

/** The case page: facts, samtycke status and scope, timeline and the user's tasks in the case. No personal data. */
export function casePage(ctx: PageContext & { view: CaseView }): SafeHtml {
  const { case: c, consent, events, tasks } = ctx.view;
  return layout({
    ...ctx,
    title: sv.cases.title(c.case_id),
    body: html`<h1>${sv.cases.title(c.case_id)}</h1>
<h2>${sv.cases.facts}</h2>
<dl class="task-meta">
  <dt>${sv.cases.verksamhet}</dt><dd>${c.verksamhet}</dd>
  <dt>${sv.cases.status}</dt><dd>${c.status}</dd>
  <dt>${sv.cases.referringOrg}</dt><dd>${c.referring_org}</dd>
  <dt>${sv.cases.arendebarare}</dt><dd>${c.arendebarare_org ?? '–'}</dd>
  <dt>${sv.cases.referredAt}</dt><dd>${formatDate(c.referred_at)}</dd>
</dl>
<h2>${sv.cases.consent}</h2>
${consent
  ? html`<p>${consent.withdrawn_at ? sv.cases.consentWithdrawn(formatDateTime(consent.withdrawn_at)) : sv.cases.consentValid(consent.valid_from, consent.valid_to)}</p>
<dl class="task-meta"><dt>${sv.cases.consentParties}</dt><dd>${consent.parties.join(', ')}</dd><dt>${sv.cases.consentData}</dt><dd>${consent.data_categories.join(', ')}</dd></dl>`
  : html`<p>${sv.cases.consentMissing}</p>`}
<h2>${sv.cases.timeline}</h2>
${events.length
  ? html`<ol class="timeline">${events.map((e) => html`<li><time datetime="${new Date(e.occurred_at).toISOString()}">${formatDateTime(e.occurred_at)}</time> ${sv.cases.eventLabels[e.event_type] ?? e.event_type}</li>`)}</ol>`
  : html`<p>${sv.cases.noEvents}</p>`}
<h2>${sv.cases.tasks}</h2>
${tasks.length
  ? html`<ul>${tasks.map((t) => html`<li><a href="/uppgifter/${t.job_key}">${t.element_name ?? t.element_id}</a> (${t.state === 'open' ? sv.tasks.stateOpen : t.state === 'completed' ? sv.tasks.stateCompleted : sv.tasks.stateCancelled}${t.due_at ? `, ${sv.taskForm.dueLabel.toLowerCase()} ${formatDate(t.due_at)}` : ''})</li>`)}</ul>`
  : html`<p>${sv.cases.noTasks}</p>`}`,
  });
}
