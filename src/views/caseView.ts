import { mayAktualiseraTo } from '../domain/aktualiseringRights.js';
import type { Verksamhet } from '../domain/organisations.js';
import { partiesWithoutStep } from '../domain/planSteps.js';
import type { CaseRow } from '../repositories/cases.js';
import type { CaseView, Phase } from '../services/caseView.js';
import type { HandoverOffer } from '../services/handover.js';
import { isIndividualStep } from '../services/samverkansplan.js';
import { isVerksamhet } from '../services/startForms.js';
import { arendebarareSv } from '../ui/arendebarareTexts.sv.js';
import { caseSv } from '../ui/caseViewTexts.sv.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import { extraMeetingSv } from '../ui/extraMeetingTexts.sv.js';
import { handoverSv } from '../ui/handoverTexts.sv.js';
import { AVSLUTSORSAK_LABELS, orgLabel } from '../ui/labels.sv.js';
import { formatDate, formatDateTime, sv } from '../ui/texts.sv.js';
import { csrfField } from './formFields.js';
import { html, jsonScript, type SafeHtml } from './html.js';
import { caseIncidentsSection } from './incidents.js';
import { layout, type PageContext } from './layout.js';
import { CASEWORK_CSS } from './startForms.js';

const orgName = orgLabel;
const forsorjningName = (f: string): string => (arendebarareSv.forsorjningar as Record<string, string>)[f] ?? f;
const PHASES: Phase[] = ['aktualisering', 'beredning', 'plan', 'uppfoljning', 'avslut'];
const AVSLUTSORSAK: Record<string, string> = AVSLUTSORSAK_LABELS;
const INRIKTNING: Record<string, string> = {
  arbetsinriktade: 'Arbetsinriktade',
  studieinriktade: 'Studieinriktade',
  arbetslivsinriktade: 'Arbetslivsinriktade/rehabiliterande',
  tidiga_insatser: 'Tidiga insatser',
  ej_arbetslinjen: 'Ej arbetslinjen',
};

const stateLabel = (s: string) =>
  s === 'open' ? sv.tasks.stateOpen : s === 'completed' ? sv.tasks.stateCompleted : sv.tasks.stateCancelled;

function tasksSection(tasks: CaseView['tasks']): SafeHtml {
  return html`<h2>${sv.cases.tasks}</h2>
${
  tasks.length
    ? html`<ul>${tasks.map((x) => html`<li><a href="/uppgifter/${x.task_id}">${x.element_name ?? x.element_id}</a> (${stateLabel(x.state)}${x.due_at ? `, ${sv.taskForm.dueLabel.toLowerCase()} ${formatDate(x.due_at)}` : ''})</li>`)}</ul>`
    : html`<p>${sv.cases.noTasks}</p>`
}`;
}

function timelineSection(events: CaseView['events']): SafeHtml {
  return html`<h2>${sv.cases.timeline}</h2>
${
  events.length
    ? html`<ol class="timeline">${events.map((e) => html`<li><time datetime="${new Date(e.occurred_at).toISOString()}">${formatDateTime(e.occurred_at)}</time> ${t.caseView.eventLabels[e.event_type] ?? sv.cases.eventLabels[e.event_type] ?? e.event_type}</li>`)}</ol>`
    : html`<p>${sv.cases.noEvents}</p>`
}`;
}

function meetingsSection(meetings: CaseView['meetings'], ended = false): SafeHtml {
  return html`<h2>${t.caseView.meetings}</h2>
${
  ended
    ? html`<p>${caseSv.endedNoMeetings}</p>`
    : meetings.length
      ? html`<ul>${meetings.map((m) => html`<li><time datetime="${new Date(m.meeting_at).toISOString()}">${formatDateTime(m.meeting_at)}</time> ${t.caseView.meetingTypes[m.meeting_type] ?? m.meeting_type}${m.participants.length ? html` (${m.participants.map(orgName).join(', ')})` : ''}</li>`)}</ul>`
      : html`<p>${t.caseView.noMeetings}</p>`
}`;
}

function kartlaggningSection(contributions: Extract<CaseView, { kind: 'samverkan' }>['kartlaggning']): SafeHtml {
  if (!contributions.length) return html``;
  const state = (c: (typeof contributions)[number]) =>
    c.state === 'completed'
      ? caseSv.kartlaggningGiven(formatDate(c.completedAt))
      : c.state === 'open'
        ? caseSv.kartlaggningWaiting
        : caseSv.kartlaggningCancelled;
  return html`<h2 id="kartlaggning-title">${caseSv.kartlaggning}</h2>
<p>${caseSv.kartlaggningIntro}</p>
<table aria-labelledby="kartlaggning-title"><thead><tr><th scope="col">${caseSv.kartlaggningParty}</th><th scope="col">${caseSv.kartlaggningState}</th></tr></thead>
<tbody>${contributions.map((c) => html`<tr><td>${orgName(c.party)}</td><td>${state(c)}</td></tr>`)}</tbody></table>`;
}

/** "Begär extra kartläggningsträff" of a running etablering, for its parties; `key` makes a double submit ask once. */
function extraMeetingSection(
  caseId: string,
  csrfToken: string | undefined,
  extraMeeting: { key: string } | undefined,
): SafeHtml | string {
  if (!extraMeeting) return '';
  return html`<section class="extra-meeting" aria-labelledby="extra-meeting-heading">
<h2 id="extra-meeting-heading">${extraMeetingSv.heading}</h2>
<p>${extraMeetingSv.intro}</p>
<form method="post" action="/arenden/${caseId}/extra-traff">
${csrfField(csrfToken)}
<input type="hidden" name="key" value="${extraMeeting.key}">
<button type="submit">${extraMeetingSv.button}</button>
</form>
</section>`;
}

/**
 * An ended case can be aktualiserad again, linked to it (seed 001); a kranskommun case that was asked for at a torg
 * can be referred on to that torg by the kommun. Only the verksamheter the user's organisation may aktualisera to.
 */
function reaktualiseringSection(user: PageContext['user'], c: CaseRow): SafeHtml {
  if (!user || user.role !== 'handlaggare') return html``;
  const targets = [
    ...new Set([c.requested_verksamhet, c.verksamhet].filter((v): v is Verksamhet => !!v && isVerksamhet(v))),
  ].filter((v) => mayAktualiseraTo(user.orgCode, v));
  if (!targets.length) return html``;
  return html`<h2>${caseSv.reaktualisera}</h2><p>${caseSv.reaktualiseraIntro}</p>
<ul class="start-links">${targets.map((v) => html`<li><a href="/aktualisera/${v}?tidigare=${encodeURIComponent(c.case_id)}">${t.start.aktualiseraTo(t.verksamheter[v] ?? v)}</a></li>`)}</ul>`;
}

/** To the ärendebärare: the parties under the samtycke that have no step in the plan. */
function planWarning(
  user: PageContext['user'],
  arendebarareOrg: string,
  consentParties: string[],
  steps: { party: string }[],
): SafeHtml {
  const missing = user?.orgCode === arendebarareOrg ? partiesWithoutStep(consentParties, steps) : [];
  return missing.length
    ? html`<p class="warning" role="status">${caseSv.partiesWithoutStep(missing.map(orgName).join(', '))}</p>`
    : html``;
}

const endedNotice = (status: string) => html`<p class="case-ended" role="status">${caseSv.ended(status)}</p>`;

function diagramSection(v: Pick<CaseView, 'diagram' | 'pathProblem'>): SafeHtml {
  const note =
    v.pathProblem === 'engine-unavailable'
      ? t.caseView.pathEngineUnavailable
      : v.pathProblem === 'no-history'
        ? t.caseView.pathNoHistory
        : undefined;
  if (!v.diagram)
    return html`<h2>${t.caseView.diagram}</h2>${note ? html`<p>${note}</p>` : ''}<p>${t.caseView.diagramUnavailable}</p>`;
  return html`<h2 id="diagram-title">${t.caseView.diagram}</h2>
<p>${note ?? t.caseView.diagramIntro}</p>
${note ? '' : html`<div class="diagram-legend"><span><span class="legend-swatch" aria-hidden="true"></span>${t.caseView.legendCurrent}</span><span><span class="legend-swatch done" aria-hidden="true"></span>${t.caseView.legendDone}</span></div>`}
<div id="case-diagram-toolbar" class="diagram-toolbar" role="toolbar" aria-label="${caseSv.diagramControls}" aria-controls="case-diagram" hidden>
<button type="button" class="secondary" data-action="zoom-in">${caseSv.zoomIn}</button>
<button type="button" class="secondary" data-action="zoom-out">${caseSv.zoomOut}</button>
<button type="button" class="secondary" data-action="fit">${caseSv.zoomFit}</button>
<button type="button" class="secondary" data-action="current">${caseSv.zoomCurrent}</button>
</div>
<p class="diagram-help" id="case-diagram-help">${caseSv.diagramHelp}</p>
<div id="case-diagram" class="diagram" role="region" aria-labelledby="diagram-title" aria-describedby="case-diagram-help" tabindex="0" data-unavailable="${t.caseView.diagramUnavailable}"></div>
${jsonScript('case-diagram-data', v.diagram)}`;
}

/**
 * The case page: stuck steps (for those who handle them), facts, phases, samtycke (with "Återkalla samtycke"), plan,
 * meetings, timeline, tasks and the BPMN diagram with the path from the engine's history. No personal data.
 */
/**
 * "Lämna över till torget" once the hemkommun's beredningsgrupp has said nej to a case that was asked for at a torg
 * (seed 000); after the hand-over, a link to the torg's case instead.
 */
function handoverSection(
  caseId: string,
  csrfToken: string | undefined,
  offer: HandoverOffer | undefined,
): SafeHtml | string {
  if (!offer) return '';
  const torg = t.verksamheter[offer.torg] ?? offer.torg;
  if (offer.handedOverTo)
    return html`<section class="handover" aria-labelledby="handover-heading"><h2 id="handover-heading">${handoverSv.heading}</h2>
<p>${handoverSv.handedOver(offer.handedOverTo)} <a href="/arenden/${offer.handedOverTo}">${handoverSv.openCase}</a></p></section>`;
  if (!offer.torgShouldTake)
    return html`<section class="handover" aria-labelledby="handover-heading"><h2 id="handover-heading">${handoverSv.heading}</h2>
<p>${handoverSv.notJudged(torg)}</p></section>`;
  return html`<section class="handover" aria-labelledby="handover-heading">
<h2 id="handover-heading">${handoverSv.heading}</h2>
<p>${handoverSv.intro(torg)}</p>
<form method="post" action="/arenden/${caseId}/overlamna-till-torget">
${csrfField(csrfToken)}
<label for="handover-target-group">${handoverSv.targetGroup}</label>
<select id="handover-target-group" name="targetGroup" required>
<option value="">${handoverSv.chooseTargetGroupOption}</option>
${offer.targetGroups.map((g) => html`<option value="${g}"${g === offer.targetGroup ? html` selected` : ''}>${t.targetGroups[g] ?? g}</option>`)}
</select>
<button type="submit">${handoverSv.button(torg)}</button>
</form>
</section>`;
}

export function casePage(
  ctx: PageContext & {
    view: CaseView;
    extraMeeting?: { key: string } | undefined;
    handover?: HandoverOffer | undefined;
  },
): SafeHtml {
  const v = ctx.view;
  /** The frame of either kind of case: the title, the ended notice and the incidents, then the kind's own sections. */
  const page = (caseId: string, status: string, sections: SafeHtml): SafeHtml => {
    const title = sv.cases.title(caseId);
    return layout({
      ...ctx,
      title,
      styles: [CASEWORK_CSS, '/static/build/case-diagram.css'],
      scripts: ['/static/build/case-diagram.js'],
      body: html`<h1>${title}</h1>
${v.ended ? endedNotice(t.caseView.status[status] ?? status) : ''}
${caseIncidentsSection({ csrfToken: ctx.csrfToken, caseId, incidents: v.incidents })}
${sections}`,
    });
  };
  if (v.kind === 'routine') {
    const r = v.routine;
    return page(
      r.case_id,
      r.status,
      html`<dl class="task-meta">
<dt>${t.agenda.verksamhetCol}</dt><dd>${r.routine === 'etablering' ? t.start.etablering : t.start.inventering}</dd>
<dt>${sv.cases.status}</dt><dd>${t.caseView.status[r.status] ?? r.status}</dd>
<dt>${t.agenda.referrerCol}</dt><dd>${orgName(r.responsible_org)}</dd>
<dt>${sv.cases.referredAt}</dt><dd>${r.opened_on}</dd>
${r.programme_end_date ? html`<dt>${t.start.programmeEndDate}</dt><dd>${r.programme_end_date}</dd>` : ''}
${v.nextMeetingDate !== undefined ? html`<dt>${caseSv.nextMeeting}</dt><dd>${v.nextMeetingDate ? formatDate(v.nextMeetingDate) : caseSv.nextMeetingNone}</dd>` : ''}
</dl>
${meetingsSection(v.meetings, v.ended)}
${extraMeetingSection(r.case_id, ctx.csrfToken, v.ended ? undefined : ctx.extraMeeting)}
${tasksSection(v.tasks)}
${timelineSection(v.events)}
${diagramSection(v)}`,
    );
  }
  const { case: c, consent } = v;
  return page(
    c.case_id,
    c.status,
    html`<ol class="phases" aria-label="${t.caseView.phasesLabel}">
${PHASES.map((p) => {
  const state = v.phases[p];
  return html`<li class="${state}"${state === 'current' ? html` aria-current="step"` : ''}>${t.caseView.phases[p]}<span class="state">${state === 'done' ? t.caseView.phaseDone : state === 'current' ? t.caseView.phaseCurrent : t.caseView.phaseTodo}</span></li>`;
})}
</ol>
<h2>${sv.cases.facts}</h2>
<dl class="task-meta">
  <dt>${sv.cases.verksamhet}</dt><dd>${t.verksamheter[c.verksamhet] ?? c.verksamhet}</dd>
  <dt>${t.agenda.targetGroupCol}</dt><dd>${t.targetGroups[c.target_group] ?? c.target_group}</dd>
  <dt>${sv.cases.status}</dt><dd>${t.caseView.status[c.status] ?? c.status}</dd>
  <dt>${sv.cases.referringOrg}</dt><dd>${orgName(c.referring_org)}</dd>
  <dt>${sv.cases.arendebarare}</dt><dd>${c.arendebarare_org ? orgName(c.arendebarare_org) : '–'}</dd>
  ${c.forsorjning ? html`<dt>${arendebarareSv.forsorjning}</dt><dd>${forsorjningName(c.forsorjning)}</dd>` : ''}
  ${c.arendebarare_reason ? html`<dt>${arendebarareSv.reason}</dt><dd>${c.arendebarare_reason}</dd>` : ''}
  <dt>${sv.cases.referredAt}</dt><dd>${formatDate(c.referred_at)}</dd>
  ${c.rejection_reason ? html`<dt>${t.caseView.status.returnerad}</dt><dd>${c.rejection_reason}</dd>` : ''}
  ${c.avslutsorsak ? html`<dt>${t.caseView.avslutsorsak}</dt><dd>${AVSLUTSORSAK[c.avslutsorsak] ?? c.avslutsorsak}${c.closure_reason ? ` (${c.closure_reason})` : ''}</dd>` : ''}
  ${c.end_date ? html`<dt>${t.caseView.endDate}</dt><dd>${c.end_date}</dd>` : ''}
</dl>
${handoverSection(c.case_id, ctx.csrfToken, ctx.handover)}
${v.ended ? reaktualiseringSection(ctx.user, ctx.handover ? { ...c, requested_verksamhet: null } : c) : ''}
<h2>${sv.cases.consent}</h2>
${
  consent
    ? html`<p>${consent.withdrawn_at ? sv.cases.consentWithdrawn(formatDateTime(consent.withdrawn_at)) : sv.cases.consentValid(consent.valid_from, consent.valid_to)}</p>
<dl class="task-meta">
<dt>${sv.cases.consentParties}</dt><dd>${consent.parties.map(orgName).join(', ')}</dd>
<dt>${sv.cases.consentData}</dt><dd>${consent.data_categories.map((d) => t.dataCategories[d] ?? d).join(', ')}</dd>
<dt>${t.start.textVersion}</dt><dd>${consent.text_version}</dd>
</dl>
${v.mayWithdraw ? html`<p><a class="button danger" href="/arenden/${c.case_id}/samtycke/aterkalla">${t.caseView.withdraw}</a></p>` : ''}`
    : html`<p>${sv.cases.consentMissing}</p>`
}
${
  v.decision
    ? html`<h2>${t.caseView.decision}</h2><p>${v.decision.decision === 'ja' ? t.agenda.ja : t.agenda.nej} (${v.decision.meeting_date})${v.decision.motivering ? html`. ${t.agenda.motivering}: ${v.decision.motivering}` : ''}${v.decision.rekommendation ? html`. ${t.agenda.rekommendation}: ${v.decision.rekommendation}` : ''}</p>`
    : ''
}
<h2>${t.caseView.plan}</h2>
${
  v.plan
    ? html`<p>${t.caseView.planVersion(v.plan.version, INRIKTNING[v.plan.inriktning] ?? v.plan.inriktning)}. ${sv.cases.arendebarare}: ${orgName(v.plan.arendebarare_org)}.</p>
<div class="table-scroll"><table><caption class="visually-hidden">${t.caseView.plan}</caption>
<thead><tr><th scope="col">${t.caseView.stepParty}</th><th scope="col">${t.caseView.stepWhat}</th><th scope="col">${t.caseView.stepDue}</th></tr></thead>
<tbody>${v.plan.steps.map((s) => html`<tr><td>${isIndividualStep({ ...s }) ? caseSv.individualParty : orgName(s.party)}</td><td>${s.description}</td><td>${s.due_date}</td></tr>`)}</tbody></table></div>
${planWarning(ctx.user, v.plan.arendebarare_org, consent?.parties ?? [], v.plan.steps)}
<p class="plan-actions"><a href="/arenden/${c.case_id}/samverkansplan">${caseSv.planPrint}</a> <a href="/arenden/${c.case_id}/samverkansplan.pdf">${caseSv.planPdf}</a></p>`
    : html`<p>${t.caseView.noPlan}</p>`
}
${kartlaggningSection(v.kartlaggning)}
${meetingsSection(v.meetings, v.ended)}
${v.followUps.length ? html`<h2>${t.caseView.followUps}</h2><ul>${v.followUps.map((f) => html`<li>${f.held_on}: ${t.caseView.followUpOutcomes[f.outcome] ?? f.outcome}</li>`)}</ul>` : ''}
${tasksSection(v.tasks)}
${timelineSection(v.events)}
${diagramSection(v)}`,
  );
}

/** The confirmation step of "Återkalla samtycke". */
export function withdrawConfirmPage(ctx: PageContext & { caseId: string }): SafeHtml {
  const title = t.caseView.withdrawTitle(ctx.caseId);
  return layout({
    ...ctx,
    title,
    styles: [CASEWORK_CSS],
    body: html`<h1>${title}</h1>
<div class="danger-zone">
<p>${t.caseView.withdrawConfirmText}</p>
<form method="post" action="/arenden/${ctx.caseId}/samtycke/aterkalla">
${csrfField(ctx.csrfToken)}
<button type="submit" class="danger">${t.caseView.withdrawConfirm}</button>
<a href="/arenden/${ctx.caseId}">${t.caseView.withdrawCancel}</a>
</form>
</div>`,
  });
}
