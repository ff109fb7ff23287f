// Browser entry (bundled by scripts/build-client.mjs into src/public/build/task-form.js): renders the task's form
// with the form-js viewer, shows the server's Swedish field errors and posts the values as JSON in a hidden field.
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import './task-form.css';

import { Form } from '@bpmn-io/form-js-viewer';

import { keepFormSwedish, swedishDatePicker, swedishFormText } from './formJsSv.js';

const json = <T>(id: string, fallback: T): T => {
  const el = document.getElementById(id);
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as T) : fallback;
  } catch {
    return fallback;
  }
};

type FieldUpdate = { fieldInstance: { id: string; valuePath: string[]; indexes: object }; value: unknown };

/**
 * The plan form: when the person's försörjning is chosen, the ärendebärare proposed for it (the server sends the
 * proposals for this person) is pre-selected, unless the user has chosen another party themselves.
 */
function followArendebarareProposal(form: Form, schema: { components?: { id?: string; key?: string }[] }): void {
  const data0 = json<Record<string, unknown>>('form-data', {});
  const proposals = data0.arendebarareProposals as Record<string, string> | undefined;
  const fieldId = schema.components?.find((c) => c.key === 'arendebarareOrg')?.id;
  if (!proposals || !fieldId) return;
  const proposalOf = (f: unknown) => (typeof f === 'string' ? proposals[f] : undefined);
  let forsorjning = data0.forsorjning;
  form.on('changed', (state: { data: Record<string, unknown> }) => {
    const { data } = state;
    if (data.forsorjning === forsorjning) return;
    const before = proposalOf(forsorjning);
    forsorjning = data.forsorjning;
    const next = proposalOf(forsorjning);
    const chosen = data.arendebarareOrg;
    if (!next || chosen === next || (chosen != null && chosen !== '' && chosen !== before)) return;
    (form as unknown as { _update(u: FieldUpdate): void })._update({
      fieldInstance: { id: fieldId, valuePath: ['arendebarareOrg'], indexes: {} },
      value: next,
    });
  });
}

async function main(): Promise<void> {
  const container = document.getElementById('task-form');
  const htmlForm = document.getElementById('complete-form') as HTMLFormElement | null;
  const hidden = document.getElementById('variables') as HTMLInputElement | null;
  if (!container || !htmlForm || !hidden) return;
  swedishDatePicker();
  keepFormSwedish(container);
  const form = new Form({ container });
  const data = json<Record<string, unknown>>('form-data', {});
  const errors = json<Record<string, string[]>>('form-errors', {});
  // The server is the validator (Swedish messages). Its errors stay beside a field until the value is changed:
  // form-js re-validates fields on import and blur, so its validator is wrapped to keep reporting them.
  type Instance = { id: string; valuePath?: (string | number)[] };
  const validator = form.get('validator') as { validateFieldInstance(fi: Instance, value: unknown): string[] };
  const original = validator.validateFieldInstance.bind(validator);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  validator.validateFieldInstance = (fi, value) => {
    const own = original(fi, value).map((m) => swedishFormText(m) ?? m);
    const server = errors[fi.id];
    const key = fi.valuePath?.[0];
    return server && (key === undefined || same(value, data[String(key)])) ? [...own, ...server] : own;
  };
  const schema = json<{ components?: { id?: string; key?: string }[] }>('form-schema', {});
  await form.importSchema(schema, data);
  followArendebarareProposal(form, schema);
  if (Object.keys(errors).length) {
    (form as unknown as { _setState(s: object): void })._setState({ errors });
    document.getElementById('error-summary')?.focus();
  }
  let submitting = false;
  htmlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submitting) return; // the server also refuses a second completion; this just avoids the round trip
    const submit = (form as unknown as { _getSubmitData(): Record<string, unknown> })._getSubmitData();
    // the task's own variables that the form's conditions read (not fields, so form-js leaves them out) go along, so
    // the server decides what was shown as the browser did; the server writes only the form's fields
    const fieldKeys = new Set<string>();
    const walk = (cs: { key?: string; components?: unknown[] }[] | undefined) =>
      cs?.forEach((c) => {
        if (c.key) fieldKeys.add(c.key);
        walk(c.components as typeof cs);
      });
    walk(json<{ components?: { key?: string }[] }>('form-schema', {}).components);
    const context = Object.fromEntries(Object.entries(data).filter(([k]) => !fieldKeys.has(k)));
    hidden.value = JSON.stringify({ ...context, ...submit });
    submitting = true;
    htmlForm.submit();
  });
}

void main();
