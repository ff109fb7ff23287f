// Page controller of /modeler: model list, BPMN editor with live lint, deploy, version history, diff and forms.
import './modeler.css';

import { getJson, postJson } from './api.js';
import { createBpmnEditor } from './bpmnEditor.js';
import { diffLists, diffSummary, renderDiff } from './diffView.js';
import { downloadText } from './download.js';
import { createFormEditor, newFormSchema } from './formEditor.js';
import { newProcessXml } from './newProcess.js';
import { sv } from './texts.sv.js';

const $ = (id) => document.getElementById(id);
const el = (tag, { dataset, ...props } = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
};
const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const dateTime = (iso) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });

const state = {
  catalogue: { processes: [], forms: [] },
  current: null, // { id, version } of what the editor shows; version null = file in processes/ or new
  dirty: false,
  lint: { errors: [], warnings: [] },
  editedForms: new Map(), // form id → schema changed in this session, deployed with every process deploy that links it
  currentFormId: null,
};

const editor = createBpmnEditor({
  canvas: $('mdl-canvas'),
  properties: $('mdl-properties'),
  onLint: (result) => {
    state.lint = result;
    renderLint();
  },
  onChange: () => {
    state.dirty = true;
    renderCurrent();
    renderLint();
  },
});
// The bpmn-js instance, for the browser tests and for a look in the developer tools.
window.__modeler = editor.modeler;
let formEditor; // created when the forms tab is first shown (form-js measures its container)

function renderCurrent() {
  const c = state.current;
  $('mdl-current').textContent = c ? sv.editing(c.id, c.version) + (state.dirty ? sv.unsaved : '') : '';
}

/** Why the current model cannot be deployed although lint is clean: empty, or the deployed version unchanged. */
function notDeployable() {
  if (!state.current) return sv.nothingOpen;
  if (editor.isEmpty()) return sv.emptyModel;
  const latest = state.catalogue.processes.find((p) => p.id === state.current.id)?.versions[0]?.version;
  if (!state.dirty && state.current.version !== null && state.current.version === latest)
    return sv.unchangedModel(latest);
  return null;
}

function renderLint() {
  const { errors, warnings } = state.lint;
  const summary = $('mdl-lint-summary');
  const blocked = errors.length ? null : notDeployable();
  summary.textContent =
    (errors.length ? sv.lintErrors(errors.length) : blocked ? sv.lintOkBut(blocked) : sv.lintOk) +
    (warnings.length ? ` ${sv.lintWarnings(warnings.length)}.` : '');
  summary.className = errors.length
    ? 'mdl-lint-summary mdl-has-errors'
    : blocked
      ? 'mdl-lint-summary mdl-blocked'
      : 'mdl-lint-summary';
  $('mdl-lint-list').replaceChildren(
    ...[...errors, ...warnings].map((f) => {
      const button = el('button', { type: 'button', className: 'mdl-link', textContent: f.message, title: f.detail });
      button.addEventListener('click', () => editor.showFinding(f));
      const kind = errors.includes(f) ? sv.error : sv.warning;
      return el(
        'li',
        {
          className: errors.includes(f) ? 'mdl-finding-error' : 'mdl-finding-warn',
          dataset: { rule: f.rule, elementId: f.id },
        },
        el('strong', { textContent: `${kind}: ` }),
        button,
      );
    }),
  );
  $('mdl-deploy-button').disabled = errors.length > 0 || blocked !== null;
  document.body.dataset.lint = errors.length ? 'errors' : 'ok';
  document.body.dataset.deployable = String(!errors.length && blocked === null);
}

function renderModelList() {
  const list = $('mdl-models');
  const { processes } = state.catalogue;
  if (!processes.length) return list.replaceChildren(el('li', { textContent: sv.noModels }));
  list.replaceChildren(
    ...processes.map((p) => {
      const actions = [];
      if (p.inRepository) actions.push(openButton(sv.openLatestFile, p.id, null));
      for (const v of p.versions.slice(0, 5)) actions.push(openButton(sv.openVersion(v.version), p.id, v.version));
      return el(
        'li',
        { className: 'mdl-model', dataset: { processId: p.id } },
        el('span', { className: 'mdl-model-id', textContent: p.name ? `${p.name} (${p.id})` : p.id }),
        el('span', { className: 'mdl-actions' }, ...actions),
      );
    }),
  );
}

function openButton(label, id, version) {
  const b = el('button', { type: 'button', className: 'mdl-small', textContent: label });
  b.dataset.open = version ? `${id}@${version}` : id;
  b.addEventListener('click', () => void openModel(id, version));
  return b;
}

function renderVersions() {
  const id = state.current?.id;
  const entry = state.catalogue.processes.find((p) => p.id === id);
  $('mdl-versions-title').textContent = id ? sv.versionsTitle(id) : '';
  const versions = entry?.versions ?? [];
  $('mdl-versions').replaceChildren(
    ...(versions.length
      ? versions.map((v) =>
          el(
            'tr',
            { dataset: { version: String(v.version) } },
            el('td', { textContent: String(v.version) }),
            el('td', { textContent: dateTime(v.deployedAt) }),
            el('td', { textContent: v.deployedBy }),
            el('td', { textContent: v.comment ?? '' }),
            el('td', { className: 'mdl-num', textContent: sv.running(v.runningInstances) }),
            el(
              'td',
              {},
              openButton(sv.openVersion(v.version), id, v.version),
              ' ',
              el('a', {
                href: `/api/modeler/models/${encodeURIComponent(id)}/export?version=${v.version}`,
                textContent: 'BPMN',
              }),
            ),
          ),
        )
      : [el('tr', {}, el('td', { colSpan: 6, textContent: sv.noVersions }))]),
  );
  const options = [
    ...(entry?.inRepository ? [{ value: 'repo', label: sv.fileVersion }] : []),
    ...versions.map((v) => ({ value: String(v.version), label: sv.version(v.version) })),
  ];
  for (const [select, pick] of [
    [$('mdl-diff-a'), 1],
    [$('mdl-diff-b'), 0],
  ]) {
    select.replaceChildren(...options.map((o) => el('option', { value: o.value, textContent: o.label })));
    if (options[pick]) select.value = options[pick].value;
  }
  $('mdl-diff-form').hidden = options.length < 2;
  $('mdl-diff').replaceChildren();
  $('mdl-export-link').hidden = !versions.length;
  if (entry)
    $('mdl-export-link').href =
      `/api/modeler/models/${encodeURIComponent(id)}/export${state.current.version ? `?version=${state.current.version}` : ''}`;
}

async function loadCatalogue() {
  state.catalogue = await getJson('/api/modeler/models');
  renderModelList();
  renderFormList();
  renderVersions();
}

async function openModel(id, version) {
  const { xml } = await getJson(`/api/modeler/models/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`);
  state.current = { id, version };
  await editor.open(xml);
  state.dirty = false;
  renderCurrent();
  renderVersions();
  renderLint();
  setStatus('');
  history.replaceState(null, '', `?id=${encodeURIComponent(id)}${version ? `&version=${version}` : ''}`);
}

function setStatus(text, kind = 'info', details = []) {
  const status = $('mdl-deploy-status');
  status.className = `mdl-status mdl-status-${kind}`;
  status.replaceChildren(
    text,
    ...(details.length ? [el('ul', {}, ...details.map((d) => el('li', { textContent: d })))] : []),
  );
}

/** Asks the server what a deploy would change and who stays on the old version, and shows it for confirmation. */
async function confirmDeploy(event) {
  event.preventDefault();
  if (state.lint.errors.length || notDeployable()) return;
  const comment = $('mdl-deploy-comment').value.trim();
  if (!comment) {
    setStatus(sv.noComment, 'error');
    $('mdl-deploy-comment').focus();
    return;
  }
  setStatus(sv.preparing);
  const xml = await editor.xml();
  const { status, body } = await postJson('/api/modeler/deploy/preview', { xml });
  if (status !== 200) return setStatus(body.error ?? sv.deployFailed, 'error');
  setStatus('');
  const dialog = $('mdl-confirm');
  const summary = $('mdl-confirm-summary');
  const running =
    body.runningInstances === null ? sv.runningUnknown : sv.runningStay(body.runningInstances, body.latestVersion);
  summary.replaceChildren(
    el('p', {
      textContent: body.latestVersion
        ? sv.confirmNewVersion(body.processId, body.latestVersion)
        : sv.confirmFirst(body.processId),
    }),
    ...(body.diff
      ? [el('p', { className: 'mdl-confirm-counts', textContent: diffSummary(body.diff) }), ...diffLists(body.diff)]
      : []),
    el('p', { className: 'mdl-confirm-running', textContent: running }),
    el('p', { textContent: sv.confirmComment(comment) }),
    ...(body.canDeploy
      ? []
      : [
          el('p', {
            className: 'mdl-status-error',
            textContent: body.empty
              ? sv.emptyModel
              : body.diff?.identical
                ? sv.unchangedModel(body.latestVersion)
                : sv.deployFailed,
          }),
        ]),
  );
  $('mdl-confirm-deploy').disabled = !body.canDeploy;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.addEventListener(
    'close',
    () => (dialog.returnValue === 'deploy' ? void deploy(xml, comment) : setStatus(sv.deployCancelled)),
    { once: true },
  );
}

let deploying = false;

async function deploy(xml, comment) {
  if (deploying) return; // one deploy at a time (the engine would also return the same version for a repeat)
  deploying = true;
  setStatus(sv.deploying);
  $('mdl-deploy-button').disabled = true;
  try {
    const forms = [...state.editedForms].map(([id, schema]) => ({ id, schema }));
    const { status, body } = await postJson('/api/modeler/deploy', {
      xml,
      comment,
      ...(forms.length ? { forms } : {}),
    });
    if (status === 201 || status === 200) {
      const formIds = (body.forms ?? []).map((f) => f.id);
      setStatus(
        (body.unchanged
          ? sv.deployUnchanged(body.processId, body.version)
          : sv.deployed(body.processId, body.version)) + (formIds.length ? ` ${sv.deployedForms(formIds)}` : ''),
        'ok',
      );
      // Edited forms stay edited: with binding "deployment" every later deploy of a process that links them must
      // carry them again (until they are saved to forms/ and committed).
      state.current = { id: body.processId, version: body.version };
      state.dirty = false;
      history.replaceState(null, '', `?id=${encodeURIComponent(body.processId)}&version=${body.version}`);
      $('mdl-deploy-comment').value = '';
      await loadCatalogue();
      renderCurrent();
    } else {
      setStatus(
        body.error ?? sv.deployFailed,
        'error',
        (body.findings ?? []).map((f) => f.message),
      );
    }
  } catch {
    setStatus(sv.deployFailed, 'error');
  } finally {
    deploying = false;
    renderLint();
  }
}

async function showDiff(event) {
  event.preventDefault();
  const id = state.current?.id;
  const a = $('mdl-diff-a').value;
  const b = $('mdl-diff-b').value;
  const [{ diff }, { xml }] = await Promise.all([
    getJson(`/api/modeler/diff?id=${encodeURIComponent(id)}&a=${a}&b=${b}`),
    getJson(`/api/modeler/models/${encodeURIComponent(id)}?version=${b}`),
  ]);
  await renderDiff($('mdl-diff'), diff, { title: sv.diffTitle(sv.diffLabel(a), sv.diffLabel(b)), xml });
  document.body.dataset.diff = 'shown';
}

function newProcess(event) {
  event.preventDefault();
  const input = $('mdl-new-process-id');
  const id = input.value.trim();
  if (!ID_PATTERN.test(id)) return setStatus(sv.invalidProcessId, 'error');
  state.current = { id, version: null };
  input.value = '';
  void editor.open(newProcessXml(id)).then(() => {
    state.dirty = true;
    renderCurrent();
    renderVersions();
    renderLint();
  });
}

// ---- forms ----

function renderFormList() {
  const ids = new Set([...state.catalogue.forms.map((f) => f.id), ...state.editedForms.keys()]);
  $('mdl-forms').replaceChildren(
    ...(ids.size
      ? [...ids].sort().map((id) => {
          const b = el('button', { type: 'button', className: 'mdl-link', textContent: id });
          b.addEventListener('click', () => void openForm(id));
          return el(
            'li',
            { dataset: { formId: id } },
            b,
            state.editedForms.has(id) ? el('em', { textContent: ` (${sv.forms.edited})` }) : '',
          );
        })
      : [el('li', { textContent: sv.forms.none })]),
  );
}

function ensureFormEditor() {
  formEditor ??= createFormEditor({
    container: $('mdl-form-editor'),
    onChange: (schema) => {
      if (!state.currentFormId) return;
      state.editedForms.set(state.currentFormId, { ...schema, id: state.currentFormId });
      renderFormList();
    },
  });
  return formEditor;
}

async function openForm(id) {
  const schema = state.editedForms.get(id) ?? (await getJson(`/api/modeler/forms/${encodeURIComponent(id)}`)).schema;
  state.currentFormId = null; // importing fires 'changed'; it is not an edit
  await ensureFormEditor().open(schema);
  state.currentFormId = id;
  $('mdl-form-current').textContent = id;
  $('mdl-form-download').disabled = false;
}

function newForm(event) {
  event.preventDefault();
  const input = $('mdl-new-form-id');
  const id = input.value.trim();
  if (!ID_PATTERN.test(id)) return ($('mdl-form-status').textContent = sv.forms.invalidId);
  if (state.catalogue.forms.some((f) => f.id === id) || state.editedForms.has(id))
    return ($('mdl-form-status').textContent = sv.forms.exists);
  $('mdl-form-status').textContent = '';
  input.value = '';
  state.editedForms.set(id, newFormSchema(id));
  renderFormList();
  void openForm(id);
}

function showTab(name) {
  for (const tab of ['bpmn', 'forms']) {
    $(`mdl-tab-${tab}`).setAttribute('aria-selected', String(tab === name));
    $(`mdl-panel-${tab}`).hidden = tab !== name;
  }
  if (name === 'forms') ensureFormEditor();
}

// ---- wiring ----

$('mdl-deploy-form').addEventListener(
  'submit',
  (e) => void confirmDeploy(e).catch(() => setStatus(sv.deployFailed, 'error')),
);
$('mdl-fit').addEventListener('click', () => editor.fit());
$('mdl-diff-form').addEventListener('submit', (e) => void showDiff(e));
$('mdl-new-process-form').addEventListener('submit', newProcess);
$('mdl-new-form-form').addEventListener('submit', newForm);
$('mdl-tab-bpmn').addEventListener('click', () => showTab('bpmn'));
$('mdl-tab-forms').addEventListener('click', () => showTab('forms'));
$('mdl-download').addEventListener('click', async () => {
  const id = editor.processId() ?? state.current?.id ?? 'process';
  downloadText(`${id}.bpmn`, await editor.xml(), 'application/xml');
});
$('mdl-form-download').addEventListener('click', () => {
  if (!formEditor || !state.currentFormId) return;
  downloadText(
    `${state.currentFormId}.form`,
    `${JSON.stringify({ ...formEditor.schema(), id: state.currentFormId }, null, 2)}\n`,
    'application/json',
  );
});

(async () => {
  await loadCatalogue();
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  if (id) await openModel(id, params.get('version') ? Number(params.get('version')) : null);
  renderLint();
  document.body.dataset.ready = 'true';
})().catch((err) => setStatus(sv.loadFailed(err.message), 'error'));
