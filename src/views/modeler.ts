// The process owner's modeler page (/modeler) in the app's layout: the browser bundle (modeler/src) fills the editor,
// the lint list, the version table, the semantic diff and the deploy confirmation.
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';

export const MODELER_TEXTS = {
  title: 'Processer och formulär',
  notBuilt: 'Modelleraren är inte byggd än. Kör npm run build:modeler och ladda om sidan.',
};

const ASSETS = { script: '/modeler/assets/modeler.js', style: '/modeler/assets/modeler.css' };

/** The page shown when the bundle is missing (a production image without a prebuilt modeler). */
export function modelerNotBuiltPage(ctx: PageContext) {
  return layout({
    ...ctx,
    title: MODELER_TEXTS.title,
    body: html`<h1>${MODELER_TEXTS.title}</h1><p>${MODELER_TEXTS.notBuilt}</p>`,
  });
}

/** The modeler page. */
export function modelerPage(ctx: PageContext) {
  return layout({
    ...ctx,
    title: MODELER_TEXTS.title,
    styles: [ASSETS.style],
    scripts: [ASSETS.script],
    body: html`<div class="modeler-page">
<h1>${MODELER_TEXTS.title}</h1>
<div class="mdl-tabs" role="tablist" aria-label="Vad du redigerar">
  <button type="button" role="tab" id="mdl-tab-bpmn" aria-controls="mdl-panel-bpmn" aria-selected="true">Processer</button>
  <button type="button" role="tab" id="mdl-tab-forms" aria-controls="mdl-panel-forms" aria-selected="false">Formulär</button>
</div>
<section class="mdl-panel" id="mdl-panel-bpmn" role="tabpanel" aria-labelledby="mdl-tab-bpmn">
  <div class="mdl-sidebar">
    <h2>Modeller</h2>
    <ul id="mdl-models"><li>Laddar…</li></ul>
    <form id="mdl-new-process-form">
      <label for="mdl-new-process-id">Ny process, id</label>
      <input id="mdl-new-process-id" name="id" placeholder="t.ex. ny-rutin" pattern="[a-z][a-z0-9\\-]*" autocomplete="off">
      <button type="submit">Skapa</button>
    </form>
  </div>
  <div class="mdl-main">
    <div class="mdl-toolbar">
      <span id="mdl-current"></span>
      <button type="button" id="mdl-fit" class="secondary">Visa hela modellen</button>
      <button type="button" id="mdl-download" class="secondary">Spara som fil (.bpmn)</button>
      <a id="mdl-export-link" href="#" hidden>Ladda ner driftsatt version</a>
    </div>
    <div class="mdl-editor">
      <div id="mdl-canvas" role="region" aria-label="Processdiagram"></div>
      <div id="mdl-properties" role="region" aria-label="Egenskaper"></div>
    </div>
    <section aria-labelledby="mdl-lint-title">
      <h2 id="mdl-lint-title">Kontroll av modellen</h2>
      <p id="mdl-lint-summary" class="mdl-lint-summary" role="status"></p>
      <ul id="mdl-lint-list"></ul>
    </section>
    <form id="mdl-deploy-form">
      <label for="mdl-deploy-comment">Kommentar till versionen</label>
      <input id="mdl-deploy-comment" name="comment" maxlength="2000" autocomplete="off" placeholder="Vad har ändrats och varför?">
      <button type="submit" id="mdl-deploy-button" disabled>Driftsätt …</button>
    </form>
    <div id="mdl-deploy-status" class="mdl-status" role="status" aria-live="polite"></div>
    <dialog id="mdl-confirm" aria-labelledby="mdl-confirm-title">
      <form method="dialog">
        <h2 id="mdl-confirm-title">Driftsätta den här versionen?</h2>
        <div id="mdl-confirm-summary"></div>
        <div class="mdl-dialog-actions">
          <button type="submit" value="deploy" id="mdl-confirm-deploy">Driftsätt</button>
          <button type="submit" value="cancel" id="mdl-confirm-cancel" class="secondary">Avbryt</button>
        </div>
      </form>
    </dialog>
    <section aria-labelledby="mdl-versions-title">
      <h2 id="mdl-versions-title">Versioner</h2>
      <table class="mdl-versions">
        <thead><tr><th scope="col">Version</th><th scope="col">Driftsatt</th><th scope="col">Av</th><th scope="col">Kommentar</th><th scope="col" title="Instanser av versionen som pågår i motorn just nu">Pågående instanser</th><th scope="col"><span class="visually-hidden">Åtgärder</span></th></tr></thead>
        <tbody id="mdl-versions"></tbody>
      </table>
      <p class="mdl-hint">Pågående instanser fortsätter på den version de startade med; nya instanser startar på den senaste.</p>
      <form id="mdl-diff-form" hidden>
        <label for="mdl-diff-a">Jämför</label> <select id="mdl-diff-a"></select>
        <label for="mdl-diff-b">med</label> <select id="mdl-diff-b"></select>
        <button type="submit">Jämför</button>
      </form>
      <div id="mdl-diff"></div>
    </section>
  </div>
</section>
<section class="mdl-panel" id="mdl-panel-forms" role="tabpanel" aria-labelledby="mdl-tab-forms" hidden>
  <div class="mdl-sidebar">
    <h2>Formulär</h2>
    <ul id="mdl-forms"></ul>
    <form id="mdl-new-form-form">
      <label for="mdl-new-form-id">Nytt formulär, id</label>
      <input id="mdl-new-form-id" name="id" placeholder="t.ex. samtycke" pattern="[a-z][a-z0-9\\-]*" autocomplete="off">
      <button type="submit">Skapa</button>
      <p id="mdl-form-status" role="status"></p>
    </form>
  </div>
  <div class="mdl-main">
    <div class="mdl-form-toolbar">
      <span id="mdl-form-current"></span>
      <button type="button" id="mdl-form-download" class="secondary" disabled>Spara som fil (.form)</button>
    </div>
    <p class="mdl-hint">Användaruppgifter länkar formulär med formulär-id (Typ "Formulär (form-js, länkat)", Bindning "samma driftsättning"). Ett ändrat formulär driftsätts med nästa process du driftsätter som länkar det; varje processversion har sina egna formulär.</p>
    <div id="mdl-form-editor"></div>
  </div>
</section>
</div>`,
  });
}
