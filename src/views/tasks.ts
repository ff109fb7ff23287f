import type { MyCaseRow } from '../repositories/tasks.js';
import type { FormSchema } from '../services/taskForms.js';
import { caseStatusLabel, groupLabel, orgLabel, taskStateLabel, verksamhetLabel } from '../ui/labels.sv.js';
import { formatDate, formatDateTime, sv } from '../ui/texts.sv.js';
import { html, jsonScript, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';

export interface TaskListItem {
  task_id: string;
  element_name: string | null;
  element_id: string;
  case_id: string | null;
  bpmn_process_id: string;
  verksamhet: string | null;
  due_at: Date | null;
  follow_up_at: Date | null;
  assignee: string | null;
  assignee_name: string | null;
  state: string;
  escalated: boolean;
  overdue: boolean;
}

export interface TaskListFilters {
  view: 'mine' | 'group' | 'cases';
  sort: string;
  process?: string | undefined;
  verksamhet?: string | undefined;
  status: string;
  arende?: string | undefined;
}

const stateLabel = taskStateLabel;
const VIEW_PARAM = { mine: 'mine', group: 'group', cases: 'arenden' } as const;

function query(f: TaskListFilters, page: number): string {
  const p = new URLSearchParams({ vy: VIEW_PARAM[f.view], sortering: f.sort, status: f.status, sida: String(page) });
  if (f.process) p.set('process', f.process);
  if (f.verksamhet) p.set('verksamhet', f.verksamhet);
  if (f.arende) p.set('arende', f.arende);
  return `/uppgifter?${p}`;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
}

/** A case number that links to the case (the case view decides what the user may see). */
const caseLink = (caseId: string | null): SafeHtml | string =>
  caseId
    ? html`<a href="/arenden/${encodeURIComponent(caseId)}" aria-label="${sv.tasks.caseLink(caseId)}">${caseId}</a>`
    : '';

function tabs(f: TaskListFilters): SafeHtml {
  const tab = (view: TaskListFilters['view'], label: string) =>
    html`<a href="${query({ ...f, view }, 1)}"${f.view === view ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="tabs" aria-label="${sv.tasks.title}">
  ${tab('mine', sv.tasks.mine)}
  ${tab('group', sv.tasks.group)}
  ${tab('cases', sv.tasks.myCases)}
</nav>`;
}

function pagination(f: TaskListFilters, page: number, pages: number): SafeHtml | string {
  return pages > 1
    ? html`<nav class="pagination" aria-label="${sv.tasks.pagination}">
  ${page > 1 ? html`<a href="${query(f, page - 1)}" rel="prev">${sv.tasks.previous}</a>` : ''}
  <span>${sv.tasks.page(page, pages)}</span>
  ${page < pages ? html`<a href="${query(f, page + 1)}" rel="next">${sv.tasks.next}</a>` : ''}
</nav>`
    : '';
}

const caseSearchField = (f: TaskListFilters) =>
  html`<div><label for="f-arende">${sv.tasks.caseSearch}</label><input id="f-arende" name="arende" value="${f.arende ?? ''}" size="16" aria-describedby="f-arende-hint"><br><span id="f-arende-hint" class="hint">${sv.tasks.caseSearchHint}</span></div>`;

/** "Mina uppgifter" / "Gruppens uppgifter" with filters, badges for overdue/escalated (text, not colour alone) and pagination. */
export function taskListPage(
  ctx: PageContext & {
    filters: TaskListFilters;
    result: { tasks: TaskListItem[]; total: number; page: number; pages: number };
    options: { processes: { id: string; name: string | null }[]; verksamheter: string[] };
  },
): SafeHtml {
  const f = ctx.filters;
  const { tasks, total, page, pages } = ctx.result;
  const me = ctx.user?.username;
  const title = f.view === 'mine' ? sv.tasks.mine : sv.tasks.group;
  return layout({
    ...ctx,
    title,
    body: html`<h1>${title}</h1>
${tabs(f)}
<form method="get" action="/uppgifter" class="filters" aria-label="${sv.tasks.filters}">
  <input type="hidden" name="vy" value="${VIEW_PARAM[f.view]}">
  ${caseSearchField(f)}
  <div><label for="f-process">${sv.tasks.process}</label><select id="f-process" name="process">${option('', sv.tasks.all, f.process)}${ctx.options.processes.map((p) => option(p.id, p.name ?? p.id, f.process))}</select></div>
  <div><label for="f-verksamhet">${sv.tasks.verksamhet}</label><select id="f-verksamhet" name="verksamhet">${option('', sv.tasks.all, f.verksamhet)}${ctx.options.verksamheter.map((v) => option(v, verksamhetLabel(v), f.verksamhet))}</select></div>
  <div><label for="f-status">${sv.tasks.status}</label><select id="f-status" name="status">${option('open', sv.tasks.stateOpen, f.status)}${option('completed', sv.tasks.stateCompleted, f.status)}${option('cancelled', sv.tasks.stateCancelled, f.status)}</select></div>
  <div><label for="f-sort">${sv.tasks.sort}</label><select id="f-sort" name="sortering">${option('due_asc', sv.tasks.sortDueAsc, f.sort)}${option('due_desc', sv.tasks.sortDueDesc, f.sort)}${option('created_desc', sv.tasks.sortCreatedDesc, f.sort)}${option('created_asc', sv.tasks.sortCreatedAsc, f.sort)}</select></div>
  <div><button type="submit">${sv.tasks.apply}</button></div>
</form>
<p role="status">${sv.tasks.count(total)}</p>
${
  tasks.length === 0
    ? html`<p>${sv.tasks.empty}</p>`
    : html`<table class="task-list">
<caption class="visually-hidden">${title}</caption>
<thead><tr><th scope="col">${sv.tasks.columns.task}</th><th scope="col">${sv.tasks.columns.case}</th><th scope="col">${sv.tasks.columns.due}</th><th scope="col">${sv.tasks.followUp}</th><th scope="col">${sv.tasks.columns.verksamhet}</th><th scope="col">${sv.tasks.columns.assignee}</th><th scope="col">${sv.tasks.columns.actions}</th></tr></thead>
<tbody>
${tasks.map(
  (t) => html`<tr class="${t.overdue ? 'overdue' : ''}" data-task-id="${t.task_id}">
  <td><a href="/uppgifter/${t.task_id}">${t.element_name ?? t.element_id}</a>${t.overdue ? html` <span class="badge overdue">${sv.tasks.overdue}</span>` : ''}${t.escalated ? html` <span class="badge escalated">${sv.tasks.escalated}</span>` : ''}${t.state !== 'open' ? html` <span class="badge">${stateLabel(t.state)}</span>` : ''}</td>
  <td>${caseLink(t.case_id)}</td>
  <td>${t.due_at ? formatDate(t.due_at) : sv.tasks.noDue}</td>
  <td>${t.follow_up_at ? formatDate(t.follow_up_at) : sv.tasks.noFollowUp}</td>
  <td>${verksamhetLabel(t.verksamhet)}</td>
  <td>${t.assignee_name ?? t.assignee ?? sv.tasks.unassigned}</td>
  <td>${
    t.state === 'open'
      ? !t.assignee
        ? html`<form method="post" action="/uppgifter/${t.task_id}/ta" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit" class="secondary" aria-label="${sv.tasks.claim}: ${t.element_name ?? t.element_id} ${t.case_id ?? ''}">${sv.tasks.claim}</button></form>`
        : t.assignee === me
          ? html`<form method="post" action="/uppgifter/${t.task_id}/lamna" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit" class="secondary" aria-label="${sv.tasks.unclaim}: ${t.element_name ?? t.element_id} ${t.case_id ?? ''}">${sv.tasks.unclaim}</button></form>`
          : ''
      : ''
  }</td>
</tr>`,
)}
</tbody></table>`
}
${pagination(f, page, pages)}`,
  });
}

/** One row of "Mina ärenden" as the task list reads it. */
export type MyCaseItem = MyCaseRow;

const routineLabel = (r: string | null) =>
  r === 'etablering' ? sv.tasks.routineEtablering : r === 'arbetsprovning' ? sv.tasks.routineArbetsprovning : (r ?? '');

/** "Mina ärenden": the cases the user or their organisation works on, with why each is listed. */
export function myCasesPage(
  ctx: PageContext & {
    filters: TaskListFilters;
    result: { cases: MyCaseItem[]; total: number; page: number; pages: number };
  },
): SafeHtml {
  const f = ctx.filters;
  const { cases, total, page, pages } = ctx.result;
  const c = sv.tasks.caseColumns;
  return layout({
    ...ctx,
    title: sv.tasks.myCases,
    body: html`<h1>${sv.tasks.myCases}</h1>
${tabs(f)}
<p>${sv.tasks.myCasesIntro}</p>
<form method="get" action="/uppgifter" class="filters" aria-label="${sv.tasks.filters}">
  <input type="hidden" name="vy" value="arenden">
  ${caseSearchField(f)}
  <div><button type="submit">${sv.tasks.apply}</button></div>
</form>
<p role="status">${sv.tasks.caseCount(total)}</p>
${
  cases.length === 0
    ? html`<p>${sv.tasks.myCasesEmpty}</p>`
    : html`<table class="my-cases">
<caption class="visually-hidden">${sv.tasks.myCases}</caption>
<thead><tr><th scope="col">${c.case}</th><th scope="col">${c.verksamhet}</th><th scope="col">${c.status}</th><th scope="col">${c.arendebarare}</th><th scope="col">${c.openTasks}</th><th scope="col">${c.due}</th><th scope="col">${c.followUp}</th><th scope="col">${c.why}</th></tr></thead>
<tbody>
${cases.map(
  (x) => html`<tr data-case-id="${x.case_id}">
  <td>${caseLink(x.case_id)}</td>
  <td>${x.kind === 'samverkan' ? verksamhetLabel(x.verksamhet) : routineLabel(x.routine)}</td>
  <td>${caseStatusLabel(x.status)}</td>
  <td>${x.arendebarare_org ? orgLabel(x.arendebarare_org) : '–'}</td>
  <td class="num">${x.open_tasks}</td>
  <td>${x.next_due_at ? formatDate(x.next_due_at) : sv.tasks.noDue}</td>
  <td>${x.next_follow_up_at ? formatDate(x.next_follow_up_at) : sv.tasks.noFollowUp}</td>
  <td>${[x.is_arendebarare ? sv.tasks.whyArendebarare : '', x.my_tasks > 0 ? sv.tasks.whyMine(x.my_tasks) : x.open_tasks > 0 ? sv.tasks.whyOrg : ''].filter(Boolean).join(', ')}</td>
</tr>`,
)}
</tbody></table>`
}
${pagination(f, page, pages)}`,
  });
}

/** The form-js schema for the browser: validation is the server's (Swedish messages); required fields say so in the label. */
export function clientSchema(form: FormSchema): FormSchema {
  const strip = (cs: FormSchema['components']): FormSchema['components'] =>
    cs.map((c) => {
      const { validate, ...rest } = c;
      const label = validate?.required && rest.label ? `${rest.label} (obligatoriskt)` : rest.label;
      return {
        ...rest,
        ...(label !== undefined ? { label } : {}),
        ...(c.components ? { components: strip(c.components) } : {}),
      };
    });
  return { ...form, components: strip(form.components) };
}

/**
 * The form's data for the browser with its option lists labelled: a list that a field takes its options from
 * (`valuesKey`, e.g. the samtycke's parties as group codes) becomes `{ value, label }` pairs with the Swedish name,
 * so a checklist shows "Arbetsförmedlingen", not `af`. The values submitted stay the codes.
 */
export function formDataForBrowser(form: FormSchema, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...values };
  const walk = (cs: FormSchema['components']): void => {
    for (const c of cs) {
      const list = c.valuesKey ? out[c.valuesKey] : undefined;
      if (c.valuesKey && Array.isArray(list))
        out[c.valuesKey] = list.map((v: unknown) => (typeof v === 'string' ? { value: v, label: groupLabel(v) } : v));
      if (c.components) walk(c.components);
    }
  };
  walk(form.components);
  return out;
}

/** A task with its form (form-js viewer, bundled), the task's facts, claim/assign controls and server-side errors. */
export function taskPage(
  ctx: PageContext & {
    task: {
      task_id: string;
      element_name: string | null;
      element_id: string;
      case_id: string | null;
      due_at: Date | null;
      follow_up_at?: Date | null;
      assignee: string | null;
      state: string;
      created_at: Date;
      completed_at: Date | null;
    };
    assigneeName?: string | undefined;
    form?: FormSchema | undefined;
    formMissing: boolean;
    values: Record<string, unknown>;
    errors: Record<string, string>;
    errorsById: Record<string, string[]>;
    fieldLabels: Record<string, string>;
    colleagues: { username: string; display_name: string }[];
    message?: string | undefined;
  },
): SafeHtml {
  const t = ctx.task;
  const title = t.element_name ?? t.element_id;
  const open = t.state === 'open';
  const errorKeys = Object.keys(ctx.errors);
  return layout({
    ...ctx,
    title,
    scripts: ctx.form && open ? ['/static/build/task-form.js'] : [],
    styles: ctx.form && open ? ['/static/build/task-form.css'] : [],
    body: html`<p><a href="/uppgifter">${sv.taskForm.back}</a></p>
<h1>${title}</h1>
${ctx.message ? html`<div class="flash warning" role="alert">${ctx.message}</div>` : ''}
<dl class="task-meta">
  <dt>${sv.taskForm.caseLabel}</dt><dd>${t.case_id ? html`<a href="/arenden/${encodeURIComponent(t.case_id)}">${t.case_id}</a>` : ''}</dd>
  <dt>${sv.taskForm.dueLabel}</dt><dd>${t.due_at ? formatDateTime(t.due_at) : sv.tasks.noDue}</dd>
  <dt>${sv.taskForm.followUpLabel}</dt><dd>${t.follow_up_at ? formatDateTime(t.follow_up_at) : sv.tasks.noFollowUp}</dd>
  <dt>${sv.taskForm.assigneeLabel}</dt><dd>${ctx.assigneeName ?? t.assignee ?? sv.tasks.unassigned}</dd>
  <dt>${sv.tasks.status}</dt><dd>${stateLabel(t.state)}${t.completed_at ? ` ${formatDateTime(t.completed_at)}` : ''}</dd>
</dl>
${
  open
    ? html`<div class="task-actions">
  ${
    !t.assignee
      ? html`<form method="post" action="/uppgifter/${t.task_id}/ta" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><input type="hidden" name="tillbaka" value="uppgift"><button type="submit" class="secondary">${sv.tasks.claim}</button></form>`
      : t.assignee === ctx.user?.username
        ? html`<form method="post" action="/uppgifter/${t.task_id}/lamna" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><input type="hidden" name="tillbaka" value="uppgift"><button type="submit" class="secondary">${sv.tasks.unclaim}</button></form>`
        : ''
  }
  ${
    ctx.colleagues.length
      ? html`<form method="post" action="/uppgifter/${t.task_id}/tilldela" class="inline">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken}"><input type="hidden" name="tillbaka" value="uppgift">
    <label for="assignee">${sv.tasks.assignTo}</label>
    <select id="assignee" name="assignee" required><option value="" selected>${sv.tasks.chooseColleague}</option>${ctx.colleagues.filter((c) => c.username !== t.assignee).map((c) => html`<option value="${c.username}">${c.display_name}</option>`)}</select>
    <button type="submit" class="secondary">${sv.tasks.assign}</button>
  </form>`
      : ''
  }
</div>
${
  errorKeys.length
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary"><h2>${sv.errors.errorSummary}</h2><ul>${errorKeys.map((k) => html`<li>${ctx.fieldLabels[k] ?? k}: ${ctx.errors[k]}</li>`)}</ul></div>`
    : ''
}
${ctx.formMissing ? html`<p class="field-error">${sv.taskForm.formMissing}</p>` : ''}
<form method="post" action="/uppgifter/${t.task_id}" id="complete-form" novalidate>
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <input type="hidden" name="variables" id="variables" value="">
  ${
    ctx.form
      ? html`<div id="task-form" class="task-form"></div><noscript><p>${sv.taskForm.jsRequired}</p></noscript>
  ${jsonScript('form-schema', clientSchema(ctx.form))}${jsonScript('form-data', formDataForBrowser(ctx.form, ctx.values))}${jsonScript('form-errors', ctx.errorsById)}`
      : html`<p>${sv.taskForm.noForm}</p>`
  }
  <p><button type="submit" id="complete-button">${sv.taskForm.complete}</button></p>
</form>`
    : ''
}`,
  });
}
