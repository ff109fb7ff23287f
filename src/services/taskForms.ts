import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { evaluate } from '@bpmn-io/feelin';
import { z } from 'zod';

import { parseStockholmDateTime, stockholmDateTimeOfWallClock, stockholmWallClock } from '../domain/calendar.js';
import type { Engine } from '../engine/client.js';
import type { FieldErrors, UserMessage, UserMessageCode } from '../errors.js';
import { FORMS_DIR } from '../paths.js';

/** The subset of a form-js component the server validates. */
export interface FormComponent {
  id?: string;
  key?: string;
  type: string;
  label?: string;
  components?: FormComponent[];
  values?: { label: string; value: unknown }[];
  /** Options from a variable instead of `values`. */
  valuesKey?: string;
  subtype?: string;
  conditional?: { hide?: string };
  readonly?: boolean | string;
  disabled?: boolean;
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    min?: number;
    max?: number;
    pattern?: string;
    validationType?: string;
  };
}
export interface FormSchema {
  id: string;
  components: FormComponent[];
  [k: string]: unknown;
}

// Components that hold no value (layout and display).
const DISPLAY_TYPES = new Set([
  'text',
  'html',
  'spacer',
  'separator',
  'button',
  'image',
  'iframe',
  'table',
  'documentPreview',
  'expression',
  'filepicker',
]);

const cache = new Map<string, { mtimeMs: number; schema: FormSchema }>();

/** Loads forms/<formId>.form (cached until the file changes); undefined when missing. */
export function loadForm(formId: string): FormSchema | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(formId)) return undefined;
  const file = path.join(FORMS_DIR, `${formId}.form`);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.schema;
  const schema = JSON.parse(readFileSync(file, 'utf8')) as FormSchema;
  cache.set(file, { mtimeMs, schema });
  return schema;
}

/** Every value field of a form (flattening groups), i.e. the components with a key. */
export function valueFields(form: FormSchema): FormComponent[] {
  const out: FormComponent[] = [];
  const walk = (cs: FormComponent[] | undefined) => {
    for (const c of cs ?? []) {
      if (c.key && !DISPLAY_TYPES.has(c.type) && c.type !== 'group' && c.type !== 'dynamiclist') out.push(c);
      // dynamic lists submit an array under their path; treat the list as one opaque value
      if (c.type === 'dynamiclist' && (c as { path?: string }).path)
        out.push({ ...c, key: (c as { path?: string }).path! });
      if (c.components && c.type !== 'dynamiclist') walk(c.components);
    }
  };
  walk(form.components);
  return out;
}

const deployedForms = new Map<string, Promise<FormSchema>>();

/**
 * A task's form: the version deployed with its process definition (`camunda:formRef`, binding `deployment`), asked of
 * the engine once per definition and form (deployments never change), else forms/<formId>.form for a task the engine
 * no longer has (a completed task shown read-only).
 */
export async function taskFormOf(
  engine: Engine,
  task: { task_id: string; process_definition_id: string; form_id: string | null; state: string },
): Promise<FormSchema | undefined> {
  if (!task.form_id) return undefined;
  if (task.state !== 'open') return loadForm(task.form_id);
  const key = `${task.process_definition_id}|${task.form_id}`;
  let cached = deployedForms.get(key);
  if (!cached) {
    cached = engine.taskForm(task.task_id).then((f) => f as unknown as FormSchema);
    deployedForms.set(key, cached);
    cached.catch(() => deployedForms.delete(key));
  }
  const form = await cached;
  return Array.isArray(form.components) ? form : loadForm(task.form_id);
}

const FEEL_WORDS = new Set(['and', 'or', 'not', 'null', 'true', 'false', 'in', 'if', 'then', 'else', 'between']);

/** The variable names a field's `conditional.hide` expression reads (its FEEL names, string literals left out). */
function conditionKeys(c: FormComponent): string[] {
  const expr = c.conditional?.hide?.replace(/^=/, '').replace(/"(?:[^"\\]|\\.)*"/g, '');
  return (expr?.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((w) => !FEEL_WORDS.has(w));
}

/**
 * The variable names a form reads and writes, those its options come from (`valuesKey`), and those its conditions
 * read (so a field shown only for some cases can be decided by a task variable, e.g. `handoverTorg`).
 */
export function formFieldKeys(form: FormSchema | undefined): string[] {
  if (!form) return [];
  const fields = valueFields(form);
  return [
    ...new Set([
      ...fields.map((c) => c.key!),
      ...fields.flatMap((c) => (c.valuesKey ? [c.valuesKey] : [])),
      ...fields.flatMap(conditionKeys),
    ]),
  ];
}

function isHidden(c: FormComponent, data: Record<string, unknown>): boolean {
  const expr = c.conditional?.hide;
  if (!expr) return false;
  try {
    return evaluate(expr.replace(/^=/, ''), data).value === true;
  } catch {
    return false;
  }
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The codes `fieldSchema` gives as zod messages; any other message (zod's own) is shown as an invalid value. */
type FieldCode = Extract<UserMessageCode, `field.${string}`>;
const FIELD_CODES: ReadonlySet<string> = new Set<FieldCode>([
  'field.required',
  'field.invalid',
  'field.number',
  'field.min',
  'field.max',
  'field.minLength',
  'field.maxLength',
  'field.pattern',
  'field.option',
  'field.email',
  'field.date',
]);

/** A field's error as a code, with the limit the text names taken from the component's own rules. */
function fieldError(c: FormComponent, message: string | undefined): UserMessage {
  const code: FieldCode = message && FIELD_CODES.has(message) ? (message as FieldCode) : 'field.invalid';
  const v = c.validate ?? {};
  const limit = {
    'field.min': v.min,
    'field.max': v.max,
    'field.minLength': v.minLength,
    'field.maxLength': v.maxLength,
  }[code as string];
  return limit === undefined ? { code } : { code, arg: String(limit) };
}

function fieldSchema(c: FormComponent): z.ZodType {
  const v = c.validate ?? {};
  const opts = c.values?.map((o) => o.value);
  switch (c.type) {
    case 'number': {
      let n = z.coerce.number({ error: 'field.number' }).refine(Number.isFinite, 'field.number');
      if (v.min !== undefined) n = n.refine((x) => x >= v.min!, 'field.min');
      if (v.max !== undefined) n = n.refine((x) => x <= v.max!, 'field.max');
      return n;
    }
    case 'checkbox':
      return z.boolean({ error: 'field.invalid' });
    case 'checklist':
    case 'taglist':
      return z.array(z.any()).refine((arr) => !opts || arr.every((x) => opts.includes(x)), 'field.option');
    case 'radio':
    case 'select':
      return z.any().refine((x) => !opts || opts.includes(x), 'field.option');
    case 'datetime':
      if (c.subtype === 'date' || !c.subtype)
        return z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date')
          .refine((s) => !Number.isNaN(Date.parse(s)), 'field.date');
      // the date and time the user picked, in Stockholm (the browser's own time zone does not move a meeting)
      if (c.subtype === 'datetime')
        return z
          .string({ error: 'field.invalid' })
          .transform((s) => stockholmDateTimeOfWallClock(s) ?? '')
          .refine((s) => s !== '', 'field.invalid');
      return z.string({ error: 'field.invalid' });
    case 'dynamiclist':
      return z.array(z.any());
    default: {
      let s = z.string({ error: 'field.invalid' });
      if (v.minLength !== undefined) s = s.min(v.minLength, 'field.minLength');
      if (v.maxLength !== undefined) s = s.max(v.maxLength, 'field.maxLength');
      if (v.pattern) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${v.pattern})$`);
        } catch {
          re = undefined;
        }
        if (re) s = s.regex(re, 'field.pattern');
      }
      if (v.validationType === 'email') s = s.email('field.email');
      return s;
    }
  }
}

export interface FormValidation {
  ok: boolean;
  /** Only the form's own keys, coerced (numbers as numbers); unknown keys from the client are dropped. */
  variables: Record<string, unknown>;
  /** Message codes by field key. */
  errors: FieldErrors;
}

/**
 * Validates a submission with the form's own rules (required, min/max length, min/max, pattern, options), the
 * same the form-js viewer checks in the browser. Hidden (conditional) and read-only fields are neither required
 * nor written.
 */
export function validateSubmission(form: FormSchema, submitted: Record<string, unknown>): FormValidation {
  const errors: FieldErrors = {};
  const variables: Record<string, unknown> = {};
  for (const c of valueFields(form)) {
    const key = c.key!;
    if (isHidden(c, submitted) || c.readonly === true || c.disabled) continue;
    const value = submitted[key];
    if (empty(value) || (c.type === 'checkbox' && value === false && c.validate?.required)) {
      if (c.validate?.required) errors[key] = { code: 'field.required' };
      else if (c.type === 'checkbox') variables[key] = false;
      continue;
    }
    const result = fieldSchema(c).safeParse(value);
    if (result.success) variables[key] = result.data;
    else errors[key] = fieldError(c, result.error.issues[0]?.message);
  }
  return { ok: Object.keys(errors).length === 0, variables, errors };
}

/**
 * The values a form shows, as the browser should read them: date-time fields as Stockholm wall-clock time without
 * an offset ('2026-12-29T10:00'), so form-js shows 10:00 in any browser time zone.
 */
export function valuesForBrowser(form: FormSchema, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  for (const c of valueFields(form)) {
    const v = c.key ? out[c.key] : undefined;
    if (c.type !== 'datetime' || c.subtype !== 'datetime' || typeof v !== 'string') continue;
    const at = parseStockholmDateTime(v);
    if (at) out[c.key!] = stockholmWallClock(at);
  }
  return out;
}

/** Maps errors by key to errors by component id (form-js shows errors by id). */
export function errorsById(form: FormSchema, errors: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of valueFields(form)) if (c.key && errors[c.key] && c.id) out[c.id] = [errors[c.key]!];
  return out;
}
