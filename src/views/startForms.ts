import { mayAktualiseraTo } from '../domain/aktualiseringRights.js';
import { type Verksamhet, VERKSAMHETER } from '../domain/organisations.js';
import type { SessionUser } from '../middleware/auth.js';
import {
  CONSENT_PARTIES,
  CONSENT_TEXT_VERSIONS,
  DATA_CATEGORIES,
  mayAktualisera,
  mayInskriva,
  mayInventera,
  targetGroupsOf,
} from '../services/startForms.js';
import { workSv as t } from '../ui/caseworkTexts.sv.js';
import { orgLabel } from '../ui/labels.sv.js';
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

export const CASEWORK_CSS = '/static/casework.css';

const kommunOptions = [
  ...t.kommuner.map((k) => ({ value: k, label: k })),
  { value: t.otherKommun, label: t.otherKommun },
];

/** /starta: the start forms the user may use. */
export function startChooserPage(ctx: PageContext & { user: SessionUser }): SafeHtml {
  const u = ctx.user;
  return layout({
    ...ctx,
    title: t.start.chooseTitle,
    styles: [CASEWORK_CSS],
    body: html`<h1>${t.start.chooseTitle}</h1>
${
  mayAktualisera(u)
    ? html`<p>${t.start.chooseIntro}</p><ul class="start-links">${VERKSAMHETER.filter((v) => mayAktualiseraTo(u.orgCode, v)).map((v) => html`<li><a href="/aktualisera/${v}">${t.start.aktualiseraTo(t.verksamheter[v] ?? v)}</a></li>`)}</ul>`
    : html`<p>${t.start.notAllowed}</p>`
}
${mayInventera(u) ? html`<h2>${t.start.inventering}</h2><p>${t.start.inventeringIntro}</p><p><a href="/inventering">${t.start.inventering}</a></p>` : ''}
${mayInskriva(u) ? html`<h2>${t.start.etablering}</h2><p>${t.start.etableringIntro}</p><p><a href="/inskrivning">${t.start.etablering}</a></p>` : ''}`,
  });
}

function personFields(values: FormValues, errors: FieldErrors): SafeHtml {
  return html`<fieldset class="group"><legend>${t.start.person}</legend>
${textField({ name: 'personnummer', label: t.start.personnummer, hint: t.start.personnummerHint, values, errors, autocomplete: 'off', inputmode: 'numeric', required: true })}
${choiceGroup({
  name: 'kon',
  label: t.start.kon,
  type: 'radio',
  options: [
    { value: 'K', label: t.start.konK },
    { value: 'M', label: t.start.konM },
  ],
  values,
  errors,
})}
${selectField({ name: 'folkbokfordKommun', label: t.start.kommun, options: kommunOptions, empty: '', values, errors, required: true })}
${checkbox({ name: 'skyddad', label: t.start.skyddad, values, errors })}
</fieldset>`;
}

/** Field labels for the error summary. */
export const START_LABELS: Record<string, string> = {
  personnummer: t.start.personnummer,
  kon: t.start.kon,
  folkbokfordKommun: t.start.kommun,
  skyddad: t.start.skyddad,
  targetGroup: t.start.targetGroup,
  informedOfAim: t.start.informedOfAim,
  readyForChange: t.start.readyForChange,
  informedOfConsent: t.start.informedOfConsent,
  needsDescription: t.start.needsDescription,
  parties: t.start.parties,
  dataCategories: t.start.dataCategories,
  validFrom: t.start.validFrom,
  validTo: t.start.validTo,
  signedCopyGiven: t.start.signedCopyGiven,
  textVersion: t.start.textVersion,
  programmeEndDate: t.start.programmeEndDate,
};

function formShell(
  ctx: PageContext & {
    title: string;
    action: string;
    values: FormValues;
    errors: FieldErrors;
    submit: string;
    intro?: string;
    fields: SafeHtml;
    criteriaReason?: string | undefined;
  },
): SafeHtml {
  return layout({
    ...ctx,
    title: ctx.title,
    styles: [CASEWORK_CSS],
    body: html`<h1>${ctx.title}</h1>
${ctx.intro ? html`<p>${ctx.intro}</p>` : ''}
${ctx.criteriaReason ? html`<div class="error-summary" id="criteria-not-met" role="alert" tabindex="-1"><h2>${t.start.criteriaNotMet}</h2><p>${ctx.criteriaReason}</p><p>${t.start.criteriaKept}</p></div>` : ''}
${errorSummary(ctx.errors, START_LABELS)}
<form method="post" action="${ctx.action}" class="start-form" novalidate>
${csrfField(ctx.csrfToken)}
<input type="hidden" name="idempotencyKey" value="${String(ctx.values.idempotencyKey ?? '')}">
${ctx.fields}
<p><button type="submit">${ctx.submit}</button></p>
</form>`,
  });
}

/** The aktualisering form of a verksamhet, with the samtycke registration. */
export function aktualiseringPage(
  ctx: PageContext & { verksamhet: Verksamhet; values: FormValues; errors: FieldErrors; criteriaReason?: string },
): SafeHtml {
  const { values, errors } = ctx;
  const title = t.start.aktualiseraTo(t.verksamheter[ctx.verksamhet] ?? ctx.verksamhet);
  const previous =
    typeof values.previousCaseId === 'string' && values.previousCaseId ? values.previousCaseId : undefined;
  return formShell({
    ...ctx,
    title,
    ...(previous ? { intro: t.start.reaktualisering(previous) } : {}),
    action: `/aktualisera/${ctx.verksamhet}`,
    submit: t.start.submitAktualisering,
    fields: html`${previous ? html`<input type="hidden" name="previousCaseId" value="${previous}">` : ''}${personFields(values, errors)}
<fieldset class="group"><legend>${t.start.referral}</legend>
${selectField({ name: 'targetGroup', label: t.start.targetGroup, options: targetGroupsOf(ctx.verksamhet).map((g) => ({ value: g, label: t.targetGroups[g] ?? g })), empty: '', values, errors, required: true })}
${checkbox({ name: 'informedOfAim', label: t.start.informedOfAim, values, errors })}
${checkbox({ name: 'readyForChange', label: t.start.readyForChange, values, errors })}
${textArea({ name: 'needsDescription', label: t.start.needsDescription, hint: t.start.needsDescriptionHint, rows: 5, values, errors, required: true })}
</fieldset>
<fieldset class="group"><legend>${t.start.consent}</legend>
<p class="hint">${t.start.consentIntro}</p>
${choiceGroup({ name: 'parties', label: t.start.parties, type: 'checkbox', columns: true, options: CONSENT_PARTIES.map((o) => ({ value: o.code, label: orgLabel(o.code) })), values, errors })}
${choiceGroup({ name: 'dataCategories', label: t.start.dataCategories, type: 'checkbox', options: DATA_CATEGORIES.map((c) => ({ value: c, label: t.dataCategories[c] ?? c })), values, errors })}
<div class="row">
${textField({ name: 'validFrom', label: t.start.validFrom, type: 'date', hint: t.start.dateHint, values, errors, required: true })}
${textField({ name: 'validTo', label: t.start.validTo, type: 'date', hint: t.start.dateHint, values, errors, required: true })}
</div>
${selectField({ name: 'textVersion', label: t.start.textVersion, options: CONSENT_TEXT_VERSIONS.map((v) => ({ value: v, label: v })), values, errors, required: true })}
${checkbox({ name: 'informedOfConsent', label: t.start.informedOfConsent, values, errors })}
${checkbox({ name: 'signedCopyGiven', label: t.start.signedCopyGiven, values, errors })}
</fieldset>`,
  });
}

/** Försörjningsstöd's inventering. */
export function inventeringPage(ctx: PageContext & { values: FormValues; errors: FieldErrors }): SafeHtml {
  return formShell({
    ...ctx,
    title: t.start.inventering,
    intro: t.start.inventeringIntro,
    action: '/inventering',
    submit: t.start.submitInventering,
    fields: personFields(ctx.values, ctx.errors),
  });
}

/** Inskrivning in the etableringsprogram. */
export function etableringPage(ctx: PageContext & { values: FormValues; errors: FieldErrors }): SafeHtml {
  return formShell({
    ...ctx,
    title: t.start.etablering,
    intro: t.start.etableringIntro,
    action: '/inskrivning',
    submit: t.start.submitEtablering,
    fields: html`${personFields(ctx.values, ctx.errors)}${textField({ name: 'programmeEndDate', label: t.start.programmeEndDate, type: 'date', hint: t.start.dateHint, values: ctx.values, errors: ctx.errors, required: true })}`,
  });
}
