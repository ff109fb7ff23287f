import type { PlanStepForIndividual, SamverkansplanForIndividual } from '../services/samverkansplan.js';
import { caseSv } from '../ui/caseViewTexts.sv.js';
import { orgLabel as orgName } from '../ui/labels.sv.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';

const t = caseSv.plan;
const longDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** A date as the individual reads it: "15 januari 2027" (Europe/Stockholm); '' when there is none. */
export function planDate(d: Date | string | null | undefined): string {
  if (!d) return '';
  return longDate.format(typeof d === 'string' ? new Date(d) : d);
}

/** The plan's texts in reading order, shared by the print page and the PDF so both say the same. */
export function planContent(p: SamverkansplanForIndividual) {
  return {
    title: t.title,
    intro: t.intro,
    facts: [
      [t.caseRef, p.caseId],
      [t.arendebarare, orgName(p.arendebarareOrg)],
      [t.nextFollowUp, p.nextFollowUp ? planDate(p.nextFollowUp) : t.nextFollowUpNone],
      [t.decidedOn, `${planDate(p.decidedOn)} (${t.version.toLowerCase()} ${p.version})`],
    ] as [string, string][],
    own: p.ownSteps.map((s) => ({ what: s.description, when: planDate(s.dueDate) })),
    parties: p.partySteps.map((s) => ({ who: orgName(s.party), what: s.description, when: planDate(s.dueDate) })),
  };
}

function stepRows(steps: PlanStepForIndividual[], withParty: boolean): SafeHtml {
  return html`${steps.map((s) => html`<tr>${withParty ? html`<td>${orgName(s.party)}</td>` : ''}<td>${s.description}</td><td>${planDate(s.dueDate)}</td></tr>`)}`;
}

/** The printable samverkansplan for the individual: plain Swedish, their steps, each party's steps, dates, contact. */
export function samverkansplanPage(
  ctx: PageContext & { caseId: string; plan: SamverkansplanForIndividual | undefined },
): SafeHtml {
  const title = t.pageTitle(ctx.caseId);
  const p = ctx.plan;
  const actions = html`<p class="no-print plan-actions">
<button type="button" data-print>${t.print}</button>
${p ? html`<a class="button secondary" href="/arenden/${ctx.caseId}/samverkansplan.pdf">${t.pdf}</a>` : ''}
<a href="/arenden/${ctx.caseId}">${t.back}</a>
</p>`;
  if (!p) return layout({ ...ctx, title, body: html`<h1>${title}</h1><p>${t.noPlan}</p>${actions}` });
  const c = planContent(p);
  return layout({
    ...ctx,
    title,
    body: html`<article class="individual-plan">
<h1>${c.title}</h1>
<p class="lead">${c.intro}</p>
<dl class="plan-facts">${c.facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<h2 id="own-steps">${t.yourSteps}</h2>
${
  p.ownSteps.length
    ? html`<table aria-labelledby="own-steps"><thead><tr><th scope="col">${t.stepWhat}</th><th scope="col">${t.stepWhen}</th></tr></thead><tbody>${stepRows(p.ownSteps, false)}</tbody></table>`
    : html`<p>${t.yourStepsNone}</p>`
}
<h2 id="party-steps">${t.partySteps}</h2>
${
  p.partySteps.length
    ? html`<table aria-labelledby="party-steps"><thead><tr><th scope="col">${t.stepParty}</th><th scope="col">${t.stepWhat}</th><th scope="col">${t.stepWhen}</th></tr></thead><tbody>${stepRows(p.partySteps, true)}</tbody></table>`
    : html`<p>${t.partyStepsNone}</p>`
}
<p class="plan-footer">${t.footer}</p>
</article>
${actions}`,
  });
}
