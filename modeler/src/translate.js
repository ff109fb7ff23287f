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
  return text.replace(/{([^}]+)}/g, (whole, key) => (replacements[key] !== undefined ? String(replacements[key]) : whole));
}

/** Replaces diagram-js's default translate module. */
export const swedishTranslateModule = { translate: ['value', translate] };
