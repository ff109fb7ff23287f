// The English built-in texts of bpmn-js, diagram-js, the properties panel and form-js, read from the installed
// libraries' sources (not from our translations), and a check of a page's rendered text against them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import { ROOT } from '../../../src/paths.js';

const NM = path.join(ROOT, 'node_modules');
const LITERAL = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")`;
const unquote = (lit: string) =>
  JSON.parse(lit.startsWith("'") ? `"${lit.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : lit) as string;

function files(p: string): string[] {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return [];
  if (!st.isDirectory()) return p.endsWith('.js') ? [p] : [];
  return readdirSync(p).flatMap((f) => files(path.join(p, f)));
}

/** Texts that read the same in Swedish (or are names), which a Swedish page may show. */
const SAME_IN_SWEDISH = new Set([
  'BPMN',
  'CMMN',
  'DMN',
  'ID',
  'Timer',
  'Signal',
  'Process',
  'Version',
  'Format',
  'Config',
  'Status',
  'Filter',
  'Information',
  'Association',
  'OK',
  'Link',
  'Script',
  'Transaktion',
  'Map',
  'Label',
  'Presentation',
  'Text',
  'Layout',
  'Prefix',
  'Suffix',
]);

/** Every template bpmn-js, diagram-js and the properties panel pass to translate(), and the replace menu's labels. */
export function bpmnLibraryTexts(): string[] {
  const out = new Set<string>();
  const call = new RegExp(String.raw`translate\(\s*(${LITERAL}(?:\s*\+\s*${LITERAL})*)\s*[,)]`, 'g');
  const sources = [
    'bpmn-js/lib',
    'diagram-js/lib',
    'bpmn-js-properties-panel/dist/index.esm.js',
    '@bpmn-io/properties-panel/dist/index.esm.js',
  ].flatMap((p) => files(path.join(NM, p)));
  for (const f of sources) {
    for (const m of readFileSync(f, 'utf8').matchAll(call)) {
      const parts = [...m[1]!.matchAll(new RegExp(LITERAL, 'g'))].map((p) => unquote(p[0]));
      out.add(parts.join(''));
    }
  }
  for (const m of readFileSync(path.join(NM, 'bpmn-js/lib/features/replace/ReplaceOptions.js'), 'utf8').matchAll(
    /label: '([^']+)'/g,
  ))
    out.add(m[1]!);
  return [...out].filter(keep);
}

/** The fixed English texts form-js's viewer renders (labels, placeholders, titles, aria-labels and its validation messages). */
export function formJsLibraryTexts(): string[] {
  const src = readFileSync(path.join(NM, '@bpmn-io/form-js-viewer/dist/index.es.js'), 'utf8');
  const out = new Set<string>();
  const re = new RegExp(
    String.raw`(?:children|placeholder|title|alt|"aria-label"|'aria-label'|errors\.push)\s*[:(]\s*(${LITERAL})`,
    'g',
  );
  for (const m of src.matchAll(re)) out.add(unquote(m[1]!));
  for (const m of src.matchAll(new RegExp(String.raw`\[jsx\(Svg\w+, \{\}\), " ", (${LITERAL})\]`, 'g')))
    out.add(unquote(m[1]!));
  for (const m of src.matchAll(new RegExp(String.raw`(?:valueLabel|label) \|\| (${LITERAL})`, 'g')))
    out.add(unquote(m[1]!));
  return [...out].filter(keep);
}

/**
 * The fixed English texts of the form-js editor: its palette, canvas, properties panel (and the properties-panel
 * components bundled into it), the entries' labels, descriptions, tooltips and validation messages, and the names of
 * the form fields it offers (their configs live in the viewer).
 */
export function formJsEditorLibraryTexts(): string[] {
  const editor = readFileSync(path.join(NM, '@bpmn-io/form-js-editor/dist/index.es.js'), 'utf8');
  const viewer = readFileSync(path.join(NM, '@bpmn-io/form-js-viewer/dist/index.es.js'), 'utf8');
  const out = new Set<string>();
  // string and template literals without placeholders (multi-line tooltips are template literals)
  const LIT = String.raw`(?:${LITERAL}|\x60[^\x60$]*\x60)`;
  const text = (lit: string) => (lit.startsWith('`') ? lit.slice(1, -1) : unquote(lit));
  const patterns = [
    // jsx props and entry definitions: label: 'Field label', placeholder: "Search components"
    String.raw`(?:\b(?:children|placeholder|title|alt|label|description|tooltip|text|name)|"aria-label"|'aria-label')\s*:\s*(${LIT})`,
    // strings between elements in jsx children: children: ["A comma-separated list of", jsx("a", …), …]
    String.raw`children: \[(${LIT})`,
    String.raw`\}\), (${LIT})`,
    // texts assigned before use: let label = 'Hide if'; const TOOLTIP_TEXT = `…`
    String.raw`\b\w*(?:label|description|tooltip|title|text|placeholder\w*)\s*=\s*(${LIT})`,
    String.raw`translate\(\s*(${LIT})\s*[,)]`,
  ];
  for (const p of patterns) for (const m of editor.matchAll(new RegExp(p, 'gi'))) out.add(text(m[1]!));
  // messages returned by validators and label helpers: `return 'Must not be empty.';`
  for (const m of editor.matchAll(new RegExp(String.raw`\breturn (${LITERAL});`, 'g')))
    if (/^[A-Z]/.test(unquote(m[1]!))) out.add(unquote(m[1]!));
  // the names of the form fields (their configs are in the viewer)
  for (const m of viewer.matchAll(/\.config = \{[^]*?\n\};/g))
    for (const n of m[0].matchAll(new RegExp(String.raw`\n  (?:name|label): (${LITERAL})`, 'g')))
      out.add(unquote(n[1]!));
  // the viewer's option labels the editor's selects show (date subtypes, options sources, iframe security attributes)
  for (const m of viewer.matchAll(/\nconst \w+_(?:LABELS|DEFINITIONS) = [{[][^]*?\n[}\]];/g))
    for (const n of m[0].matchAll(new RegExp(String.raw`(?:label|\]): (${LITERAL})`, 'g'))) out.add(unquote(n[1]!));
  // not slot names (editor-palette__footer) or CSS classes (fjs-drag-container)
  const texts = [...out]
    .map((t) => t.trim())
    .filter((t) => keep(t) && !t.includes('__') && !/^[a-z0-9_.:/-]+$/.test(t));
  // one-word element contents, which keep() takes for code: jsx("a", { children: "documentation" })
  for (const m of editor.matchAll(new RegExp(String.raw`children: (${LITERAL})`, 'g')))
    if (/^[a-z]{3,}$/i.test(unquote(m[1]!))) texts.push(unquote(m[1]!));
  return [...new Set(texts)].filter((t) => !SAME_IN_SWEDISH.has(t));
}

function keep(text: string): boolean {
  const t = text.trim();
  return t.length >= 3 && /[a-z]{2}/i.test(t) && !SAME_IN_SWEDISH.has(t) && !/^[a-z][a-zA-Z]*$/.test(t); // not camelCase codes
}

/**
 * The English library texts visible on the page: text nodes and placeholder/title/aria-label/alt values that are
 * exactly one of `english`, inside `scope` (a CSS selector). The bpmn.io watermark (licence) is allowed.
 */
export async function englishTextsOnPage(page: Page, english: string[], scope = 'body'): Promise<string[]> {
  return page.evaluate(
    ({ english, scope }) => {
      const wanted = new Set(english.map((e) => e.trim()));
      const found = new Set<string>();
      const visible = (el: Element) => {
        const r = (el as HTMLElement).getBoundingClientRect?.();
        const s = getComputedStyle(el);
        return !!r && r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      for (const root of Array.from(document.querySelectorAll(scope))) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let n = walker.currentNode as Node | null; n; n = walker.nextNode()) {
          if (n.nodeType === Node.TEXT_NODE) {
            const t = (n.nodeValue ?? '').trim();
            const parent = n.parentElement;
            if (
              t &&
              wanted.has(t) &&
              parent &&
              !parent.closest('.bjs-powered-by, .fjs-powered-by, script, style') &&
              visible(parent)
            )
              found.add(t);
            continue;
          }
          const el = n as Element;
          if (el.closest('.bjs-powered-by, .fjs-powered-by, script, style')) continue;
          for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
            const v = el.getAttribute(a)?.trim();
            if (v && wanted.has(v)) found.add(`${a}="${v}"`);
          }
        }
      }
      return [...found].sort();
    },
    { english, scope },
  );
}
