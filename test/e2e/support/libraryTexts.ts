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
