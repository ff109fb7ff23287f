import { TARGET_GROUPS } from '../domain/referralCriteria.js';
import type { AgendaRow } from '../repositories/beredningAgenda.js';
import type { Agenda } from '../services/beredning.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import { orgLabel, verksamhetLabel } from '../ui/labels.sv.js';
import {
  checkbox,
  choiceGroup,
  csrfField,
  errorSummary,
  type FieldErrors,
  type FormValues,
  selectField,
  textArea,
  textField,
} from './formFields.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';
import { CASEWORK_CSS } from './startForms.js';

const orgName = orgLabel;

/** The target group's age band (seeds 000 and 001), e.g. "25–65 år"; the person's own age is not needed to judge. */
function ageBandOf(c: AgendaRow): string | undefined {
  const groups: Record<string, Record<string, readonly [number, number]>> = TARGET_GROUPS;
  const band = (groups[c.verksamhet] ?? groups.samordningsteam!)[c.target_group];
  return band ? t.agenda.ageBand(band[0], band[1]) : undefined;
}
const agendaUrl = (group: string, date: string) => `/beredning?grupp=${encodeURIComponent(group)}&datum=${date}`;

/** Per-case form state after a failed submission: typed values and Swedish errors. */
export interface RowState {
  caseId: string;
  values: FormValues;
  errors: FieldErrors;
}

function decisionForm(ctx: PageContext, agenda: Agenda, c: AgendaRow, state: RowState | undefined): SafeHtml {
  const caseId = c.case_id;
  // field names are per row (suffix = case id) so ids stay unique on the page and labels stay linked
  const n = (f: string) => `${f}-${caseId}`;
  const values: FormValues = {};
  const errors: FieldErrors = {};
  for (const f of ['beslut', 'motivering', 'rekommendation', 'parter', 'torget']) {
    if (state?.values[f] !== undefined) values[n(f)] = state.values[f];
    if (state?.errors[f]) errors[n(f)] = state.errors[f]!;
  }
  // the group's choice starts from every party under the samtycke; after a failed submission, what was typed
  if (!state) values[n('parter')] = c.consent_parties;
  const labels = {
    [n('beslut')]: t.agenda.decision,
    [n('parter')]: t.agenda.recommendedParties,
    [n('motivering')]: t.agenda.motivering,
    [n('rekommendation')]: t.agenda.rekommendation,
  };
  return html`<form method="post" action="/beredning/beslut" class="agenda-decision" novalidate>
${errorSummary(errors, labels)}
${csrfField(ctx.csrfToken)}
<input type="hidden" name="grupp" value="${agenda.group.code}">
<input type="hidden" name="datum" value="${agenda.meetingDate}">
<input type="hidden" name="arende" value="${caseId}">
${choiceGroup({
  name: n('beslut'),
  label: t.agenda.decision,
  type: 'radio',
  options: [
    { value: 'ja', label: t.agenda.ja },
    { value: 'nej', label: t.agenda.nej },
  ],
  values,
  errors,
})}
${choiceGroup({ name: n('parter'), label: t.agenda.recommendedParties, hint: t.agenda.recommendedPartiesHint, type: 'checkbox', options: c.consent_parties.map((p) => ({ value: p, label: orgName(p) })), values, errors })}
${textArea({ name: n('motivering'), label: t.agenda.motivering, hint: t.agenda.motiveringHint, values, errors })}
${textArea({ name: n('rekommendation'), label: t.agenda.rekommendation, hint: t.agenda.rekommendationHint, values, errors })}
${c.requested_verksamhet ? checkbox({ name: n('torget'), label: t.agenda.torgShouldTake(verksamhetLabel(c.requested_verksamhet)), hint: t.agenda.torgShouldTakeHint(verksamhetLabel(c.requested_verksamhet)), values, errors }) : ''}
<button type="submit">${t.agenda.save(caseId)}</button>
</form>`;
}

/** The beredning agenda of a group's meeting, with a decision form per case (only cases with a valid samtycke). */
export function agendaPage(ctx: PageContext & { agenda: Agenda | undefined; rowState?: RowState }): SafeHtml {
  const a = ctx.agenda;
  if (!a)
    return layout({
      ...ctx,
      title: t.agenda.title,
      styles: [CASEWORK_CSS],
      body: html`<h1>${t.agenda.title}</h1><p>${t.agenda.notMember}</p>`,
    });
  const heading = t.agenda.heading(a.group.name, a.meetingDate);
  return layout({
    ...ctx,
    title: heading,
    styles: [CASEWORK_CSS],
    body: html`<h1>${heading}</h1>
<p>${t.agenda.intro}</p>
<form method="get" action="/beredning" class="filters">
${selectField({ name: 'grupp', label: t.agenda.group, options: a.groups.map((g) => ({ value: g.code, label: g.name })), values: { grupp: a.group.code }, errors: {} })}
${textField({ name: 'datum', label: t.agenda.date, type: 'date', values: { datum: a.meetingDate }, errors: {} })}
<button type="submit">${t.agenda.show}</button>
</form>
<nav class="pagination" aria-label="${t.agenda.meetingNav}">
<a href="${agendaUrl(a.group.code, a.previousMeeting)}">${t.agenda.previous} (${a.previousMeeting})</a>
<a href="${agendaUrl(a.group.code, a.nextMeeting)}">${t.agenda.next} (${a.nextMeeting})</a>
${a.openMeetingDates.filter((d) => d !== a.meetingDate).map((d) => html`<a href="${agendaUrl(a.group.code, d)}">${d}</a>`)}
</nav>
${
  a.cases.length === 0
    ? html`<p>${t.agenda.empty}</p>`
    : a.cases.map(
        (c) => html`<section class="agenda-case" id="arende-${c.case_id}" aria-labelledby="rubrik-${c.case_id}">
<h2 id="rubrik-${c.case_id}">${c.case_id}</h2>
<dl class="task-meta">
<dt>${t.agenda.verksamhetCol}</dt><dd>${t.verksamheter[c.verksamhet] ?? c.verksamhet}</dd>
<dt>${t.agenda.targetGroupCol}</dt><dd>${t.targetGroups[c.target_group] ?? c.target_group}</dd>
${ageBandOf(c) ? html`<dt>${t.agenda.ageBandCol}</dt><dd>${ageBandOf(c)}</dd>` : ''}
<dt>${t.agenda.referrerCol}</dt><dd>${orgName(c.referring_org)}</dd>
<dt>${t.agenda.needsCol}</dt><dd class="needs">${c.needs_description ?? t.agenda.needsMissing}</dd>
<dt>${t.agenda.consentPartiesCol}</dt><dd>${c.consent_parties.map(orgName).join(', ')}</dd>
<dt>${t.agenda.consentDataCol}</dt><dd>${c.consent_data_categories.map((d) => t.dataCategories[d] ?? d).join(', ')}</dd>
<dt>${t.agenda.consentCol}</dt><dd>${c.consent_valid_to}</dd>
${c.decision ? html`<dt>${t.agenda.decisionCol}</dt><dd>${c.decision === 'ja' ? t.agenda.decidedJa : t.agenda.decidedNej}${c.motivering ? html`: ${c.motivering}` : ''}${c.rekommendation ? html` (${c.rekommendation})` : ''}</dd>` : ''}
${c.recommended_parties?.length ? html`<dt>${t.agenda.recommendedCol}</dt><dd>${c.recommended_parties.map(orgName).join(', ')}</dd>` : ''}
</dl>
${c.decision ? '' : c.task_id ? decisionForm(ctx, a, c, ctx.rowState?.caseId === c.case_id ? ctx.rowState : undefined) : html`<p>${t.agenda.waitingForEngine}</p>`}
</section>`,
      )
}`,
  });
}
