import { sv } from '../ui/texts.sv.js';
import { html, type SafeHtml } from './html.js';

/** Submitted (or default) values of a server-rendered form: strings, or string lists for checkbox groups. */
export type FormValues = Record<string, string | string[] | undefined>;
export type FieldErrors = Record<string, string>;

interface Common {
  name: string;
  label: string;
  values: FormValues;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const describedBy = (name: string, hint: string | undefined, error: string | undefined) =>
  [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');

function hintAndError(name: string, hint: string | undefined, error: string | undefined): SafeHtml {
  return html`${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : ''}${error ? html`<span class="field-error" id="${name}-error">${error}</span>` : ''}`;
}

/** A labelled text/date input; the error sits beside the field and is linked with aria-describedby. */
export function textField(f: Common & { type?: 'text' | 'date'; autocomplete?: string; inputmode?: string }): SafeHtml {
  const error = f.errors[f.name];
  const by = describedBy(f.name, f.hint, error);
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${f.name}">${f.label}</label>
${hintAndError(f.name, f.hint, error)}
<input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}" value="${str(f.values[f.name])}"${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${f.required ? html` required aria-required="true"` : ''}${by ? html` aria-describedby="${by}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

/** A labelled textarea. */
export function textArea(f: Common & { rows?: number }): SafeHtml {
  const error = f.errors[f.name];
  const by = describedBy(f.name, f.hint, error);
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${f.name}">${f.label}</label>
${hintAndError(f.name, f.hint, error)}
<textarea id="${f.name}" name="${f.name}" rows="${f.rows ?? 3}"${by ? html` aria-describedby="${by}"` : ''}${error ? html` aria-invalid="true"` : ''}>${str(f.values[f.name])}</textarea>
</div>`;
}

/** A labelled select with an empty first option. */
export function selectField(f: Common & { options: { value: string; label: string }[]; empty?: string }): SafeHtml {
  const error = f.errors[f.name];
  const by = describedBy(f.name, f.hint, error);
  const current = str(f.values[f.name]);
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${f.name}">${f.label}</label>
${hintAndError(f.name, f.hint, error)}
<select id="${f.name}" name="${f.name}"${f.required ? html` required aria-required="true"` : ''}${by ? html` aria-describedby="${by}"` : ''}${error ? html` aria-invalid="true"` : ''}>
${f.empty !== undefined ? html`<option value="">${f.empty}</option>` : ''}
${f.options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}
</select>
</div>`;
}

/** Radio buttons or checkboxes in a fieldset with a legend; the error is announced with the group. */
export function choiceGroup(
  f: Common & { type: 'radio' | 'checkbox'; options: { value: string; label: string }[]; columns?: boolean },
): SafeHtml {
  const error = f.errors[f.name];
  const chosen = list(f.values[f.name]);
  const by = describedBy(f.name, f.hint, error);
  return html`<fieldset class="field choices${f.columns ? ' columns' : ''}${error ? ' has-error' : ''}" id="${f.name}"${by ? html` aria-describedby="${by}"` : ''}>
<legend>${f.label}</legend>
${hintAndError(f.name, f.hint, error)}
${f.options.map(
  (o, i) =>
    html`<div class="choice"><input type="${f.type}" id="${f.name}-${i}" name="${f.name}" value="${o.value}"${chosen.includes(o.value) ? html` checked` : ''}${error ? html` aria-invalid="true"` : ''}><label for="${f.name}-${i}">${o.label}</label></div>`,
)}
</fieldset>`;
}

/** One checkbox (value "on"), e.g. a confirmation. */
export function checkbox(f: Common): SafeHtml {
  const error = f.errors[f.name];
  const by = describedBy(f.name, f.hint, error);
  return html`<div class="field choice single${error ? ' has-error' : ''}">
${hintAndError(f.name, f.hint, error)}
<input type="checkbox" id="${f.name}" name="${f.name}" value="on"${str(f.values[f.name]) === 'on' ? html` checked` : ''}${by ? html` aria-describedby="${by}"` : ''}${error ? html` aria-invalid="true"` : ''}><label for="${f.name}">${f.label}</label>
</div>`;
}

/** The error summary at the top of a form: focusable, each error links to its field. */
export function errorSummary(errors: FieldErrors, labels: Record<string, string>): SafeHtml {
  const entries = Object.entries(errors);
  if (!entries.length) return html``;
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${sv.errors.errorSummary}</h2>
<ul>${entries.map(([k, m]) => html`<li><a href="#${k}">${labels[k] ?? k}: ${m}</a></li>`)}</ul>
</div>`;
}

/** The hidden CSRF field. */
export const csrfField = (token: string | undefined) => html`<input type="hidden" name="_csrf" value="${token ?? ''}">`;
