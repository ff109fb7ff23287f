// The process owner's modeler page (/modeler) in the app's layout: the browser bundle (modeler/src) fills the editor,
// the lint list, the version table, the semantic diff and the deploy confirmation.
import { modelerSv } from '../ui/modelerTexts.sv.js';
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';

const p = modelerSv.page;

const ASSETS = { script: '/modeler/assets/modeler.js', style: '/modeler/assets/modeler.css' };

/** The page shown when the bundle is missing (a production image without a prebuilt modeler). */
export function modelerNotBuiltPage(ctx: PageContext) {
  return layout({
    ...ctx,
    title: p.title,
    body: html`<h1>${p.title}</h1><p>${p.notBuilt}</p>`,
  });
}

/** The modeler page. */
export function modelerPage(ctx: PageContext) {
  return layout({
    ...ctx,
    title: p.title,
    styles: [ASSETS.style],
    scripts: [ASSETS.script],
    body: html`<div class="modeler-page">
<h1>${p.title}</h1>
<div class="mdl-tabs" role="tablist" aria-label="${p.tabs}">
  <button type="button" role="tab" id="mdl-tab-bpmn" aria-controls="mdl-panel-bpmn" aria-selected="true">${p.tabProcesses}</button>
  <button type="button" role="tab" id="mdl-tab-forms" aria-controls="mdl-panel-forms" aria-selected="false">${p.tabForms}</button>
</div>
<section class="mdl-panel" id="mdl-panel-bpmn" role="tabpanel" aria-labelledby="mdl-tab-bpmn">
  <div class="mdl-sidebar">
    <h2>${p.models}</h2>
    <ul id="mdl-models"><li>${p.loading}</li></ul>
    <form id="mdl-new-process-form">
      <label for="mdl-new-process-id">${p.newProcessId}</label>
      <input id="mdl-new-process-id" name="id" placeholder="${p.newProcessPlaceholder}" pattern="[a-z][a-z0-9\\-]*" autocomplete="off">
      <button type="submit">${p.create}</button>
    </form>
  </div>
  <div class="mdl-main">
    <div class="mdl-toolbar">
      <span id="mdl-current"></span>
      <button type="button" id="mdl-fit" class="secondary">${p.fit}</button>
      <button type="button" id="mdl-download" class="secondary">${p.downloadBpmn}</button>
      <a id="mdl-export-link" href="#" hidden>${p.exportDeployed}</a>
    </div>
    <div class="mdl-editor">
      <div id="mdl-canvas" role="region" aria-label="${p.canvas}"></div>
      <div id="mdl-properties" role="region" aria-label="${p.properties}"></div>
    </div>
    <section aria-labelledby="mdl-lint-title">
      <h2 id="mdl-lint-title">${p.lintTitle}</h2>
      <p id="mdl-lint-summary" class="mdl-lint-summary" role="status"></p>
      <ul id="mdl-lint-list"></ul>
    </section>
    <form id="mdl-deploy-form">
      <label for="mdl-deploy-comment">${p.deployComment}</label>
      <input id="mdl-deploy-comment" name="comment" maxlength="2000" autocomplete="off" placeholder="${p.deployCommentPlaceholder}">
      <button type="submit" id="mdl-deploy-button" disabled>${p.deployButton}</button>
    </form>
    <div id="mdl-deploy-status" class="mdl-status" role="status" aria-live="polite"></div>
    <dialog id="mdl-confirm" aria-labelledby="mdl-confirm-title">
      <form method="dialog">
        <h2 id="mdl-confirm-title">${p.confirmTitle}</h2>
        <div id="mdl-confirm-summary"></div>
        <div class="mdl-dialog-actions">
          <button type="submit" value="deploy" id="mdl-confirm-deploy">${p.confirmDeploy}</button>
          <button type="submit" value="cancel" id="mdl-confirm-cancel" class="secondary">${p.confirmCancel}</button>
        </div>
      </form>
    </dialog>
    <section aria-labelledby="mdl-versions-title">
      <h2 id="mdl-versions-title">${p.versions}</h2>
      <table class="mdl-versions">
        <thead><tr><th scope="col">${p.colVersion}</th><th scope="col">${p.colDeployed}</th><th scope="col">${p.colBy}</th><th scope="col">${p.colComment}</th><th scope="col" title="${p.colRunningTitle}">${p.colRunning}</th><th scope="col"><span class="visually-hidden">${p.colActions}</span></th></tr></thead>
        <tbody id="mdl-versions"></tbody>
      </table>
      <p class="mdl-hint">${p.versionsHint}</p>
      <form id="mdl-diff-form" hidden>
        <label for="mdl-diff-a">${p.compare}</label> <select id="mdl-diff-a"></select>
        <label for="mdl-diff-b">${p.compareWith}</label> <select id="mdl-diff-b"></select>
        <button type="submit">${p.compareButton}</button>
      </form>
      <div id="mdl-diff"></div>
    </section>
  </div>
</section>
<section class="mdl-panel" id="mdl-panel-forms" role="tabpanel" aria-labelledby="mdl-tab-forms" hidden>
  <div class="mdl-sidebar">
    <h2>${p.forms}</h2>
    <ul id="mdl-forms"></ul>
    <form id="mdl-new-form-form">
      <label for="mdl-new-form-id">${p.newFormId}</label>
      <input id="mdl-new-form-id" name="id" placeholder="${p.newFormPlaceholder}" pattern="[a-z][a-z0-9\\-]*" autocomplete="off">
      <button type="submit">${p.create}</button>
      <p id="mdl-form-status" role="status"></p>
    </form>
  </div>
  <div class="mdl-main">
    <div class="mdl-form-toolbar">
      <span id="mdl-form-current"></span>
      <button type="button" id="mdl-form-download" class="secondary" disabled>${p.downloadForm}</button>
    </div>
    <p class="mdl-hint">${p.formsHint}</p>
    <div id="mdl-form-editor"></div>
  </div>
</section>
</div>`,
  });
}
