// The `translate` service of bpmn-js / diagram-js and the properties panel, in Swedish. A template without a
// Swedish text is shown in English and recorded in `window.__untranslated` (the e2e tests fail on any entry).
import { SV_TRANSLATIONS } from './translations.sv.js';

const missing = new Set();

/** Swedish text of an English template; `{name}` placeholders are replaced from `replacements`. */
export function translate(template, replacements = {}) {
  let text = SV_TRANSLATIONS[template];
  if (text === undefined) {
    text = template;
    if (!missing.has(template)) {
      missing.add(template);
      if (typeof window !== 'undefined') window.__untranslated = [...missing];
    }
  }
  return text.replace(/{([^}]+)}/g, (whole, key) =>
    replacements[key] !== undefined ? String(replacements[key]) : whole,
  );
}

/** Replaces diagram-js's default translate module. */
export const swedishTranslateModule = { translate: ['value', translate] };

const ATTRIBUTES = ['title', 'aria-label', 'placeholder'];

/**
 * Some components of @bpmn-io/properties-panel (group headers, list add buttons, the pop-up editor button) fall back
 * to their own English `translate` when their parent does not pass ours down. This keeps the tooltip and label
 * attributes under `root` Swedish as they render; element names and typed values are never touched (only attributes
 * that are exactly one of the libraries' templates).
 */
export function keepAttributesSwedish(root) {
  const fix = (node) => {
    if (!(node instanceof Element)) return;
    for (const a of ATTRIBUTES) {
      const v = node.getAttribute(a);
      const sv = v === null ? undefined : SV_TRANSLATIONS[v];
      if (sv !== undefined && sv !== v) node.setAttribute(a, sv);
    }
    for (const child of node.children) fix(child);
  };
  fix(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') fix(r.target);
      else r.addedNodes.forEach(fix);
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ATTRIBUTES });
  return observer;
}
