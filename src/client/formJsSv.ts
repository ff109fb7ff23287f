// form-js in Swedish. The viewer has no translation service: its built-in texts are fixed English strings in its
// components, so a MutationObserver over the form rewrites them (text, placeholder, title, aria-label, alt) as they
// render, and the validator's messages are translated where they are produced. The date picker gets flatpickr's
// Swedish locale (month and day names, weeks from Monday) and the sv-SE date format whatever the browser's locale.
import flatpickr from 'flatpickr';
import { Swedish } from 'flatpickr/dist/l10n/sv.js';

/** The viewer's fixed English texts (as in @bpmn-io/form-js-viewer) and their Swedish. */
export const FORM_JS_SV: Readonly<Record<string, string>> = {
  Select: 'Välj',
  Search: 'Sök',
  'No results': 'Inga träffar',
  'All values selected': 'Alla värden är valda',
  'Remove tag': 'Ta bort',
  'Skip to search': 'Hoppa till sökfältet',
  'Add new': 'Lägg till',
  Collapse: 'Fäll ihop',
  'Nothing to show.': 'Inget att visa.',
  'No content to show.': 'Inget innehåll att visa.',
  'Previous page': 'Föregående sida',
  'Next page': 'Nästa sida',
  'Click to remove sorting': 'Klicka för att ta bort sorteringen',
  Increment: 'Öka',
  Decrement: 'Minska',
  Browse: 'Bläddra',
  'No files selected': 'Inga filer valda',
  'Unable to download document': 'Dokumentet kunde inte hämtas',
  'Document reference is not defined.': 'Dokumentet saknas.',
  'This is an image placeholder': 'Platshållare för bild',
  'Date and time must both be entered.': 'Ange både datum och tid.',
  'Date time': 'Datum och tid',
  Date: 'Datum',
  Time: 'Tid',
  'No options source defined in the form definition': 'Formuläret anger inga svarsalternativ',
  'Value is not a number.': 'Värdet är inte ett tal.',
  'Field is required.': 'Fältet måste fyllas i.',
  'Field must be a valid email.': 'Ange en giltig e-postadress.',
  'Field must be a valid  international phone number. (e.g. +4930664040900)':
    'Ange ett giltigt telefonnummer med landsnummer (t.ex. +46901234567).',
  'Min validation value is not a valid number.': 'Minsta värdet i formuläret är inte ett tal.',
  'Max validation value is not a valid number.': 'Största värdet i formuläret är inte ett tal.',
  'yyyy-mm-dd': 'åååå-mm-dd',
  // flatpickr's own labels of the date picker (its Swedish locale leaves them English)
  Month: 'Månad',
  Year: 'År',
};

/** Texts of the viewer built from values ("Expand all (3)"), as patterns and their Swedish. */
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [/^Expand all \((\d+)\)$/, (n) => `Fäll ut alla (${n})`],
  [/^Remove list item (\d+)$/, (n) => `Ta bort rad ${n}`],
  [/^Download (.+)$/, (f) => `Ladda ner ${f}`],
  [/^Click to sort by (.+) descending$/, (l) => `Klicka för att sortera efter ${l}, fallande`],
  [/^Click to sort by (.+) ascending$/, (l) => `Klicka för att sortera efter ${l}, stigande`],
  [/^Field must have minimum value of (.+)\.$/, (v) => `Värdet måste vara minst ${v}.`],
  [/^Field must have maximum value of (.+)\.$/, (v) => `Värdet får vara högst ${v}.`],
  [/^Field must have minimum length of (\d+)\.$/, (n) => `Skriv minst ${n} tecken.`],
  [/^Field must have maximum length of (\d+)\.$/, (n) => `Skriv högst ${n} tecken.`],
  [/^Field must match pattern (.+)\.$/, () => 'Värdet har fel format.'],
  [/^Value is expected to be an integer\.$/, () => 'Ange ett heltal.'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (n) => `Ange högst ${n} decimaler.`],
  [
    /^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    (a, b) => `Välj ett giltigt värde; de två närmaste är ${a} och ${b}.`,
  ],
];

/** The Swedish of one of the viewer's texts, or undefined when it is not one of them. */
export function swedishFormText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const fixed = FORM_JS_SV[trimmed];
  if (fixed !== undefined) return text.replace(trimmed, fixed);
  for (const [re, sv] of PATTERNS) {
    const m = re.exec(trimmed);
    if (m) return text.replace(trimmed, sv(...m.slice(1)));
  }
  return undefined;
}

const ATTRIBUTES = ['placeholder', 'title', 'aria-label', 'alt'];

/**
 * Keeps the library texts under `root` translated, also those rendered later: text nodes and the placeholder, title,
 * aria-label and alt attributes that `translate` knows (it returns undefined for any other text). Nothing inside an
 * element matching `skip` is touched (text a user wrote).
 */
export function keepTextsTranslated(
  root: Element,
  translate: (text: string) => string | undefined,
  { skip }: { skip?: string } = {},
): MutationObserver {
  const translateNode = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (skip && node.parentElement?.closest(skip)) return;
      const sv = translate(node.nodeValue ?? '');
      if (sv !== undefined && sv !== node.nodeValue) node.nodeValue = sv;
      return;
    }
    if (!(node instanceof Element)) return;
    if (!skip || !node.closest(skip)) {
      for (const attr of ATTRIBUTES) {
        const value = node.getAttribute(attr);
        const sv = value === null ? undefined : translate(value);
        if (sv !== undefined && sv !== value) node.setAttribute(attr, sv);
      }
    }
    node.childNodes.forEach(translateNode);
  };
  translateNode(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach(translateNode);
      else translateNode(r.target);
    }
  });
  observer.observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
  return observer;
}

/** Keeps every built-in text of form-js under `root` in Swedish, also those rendered later. */
export const keepFormSwedish = (root: Element): MutationObserver => keepTextsTranslated(root, swedishFormText);

/**
 * The date picker in Swedish: flatpickr's Swedish locale for every picker, and the sv-SE date format. form-js takes
 * the format from `new Intl.DateTimeFormat('default')`, the browser's locale; on this page the default locale is sv-SE.
 */
export function swedishDatePicker(): void {
  // the typings describe the CommonJS namespace; the bundle gets the ES module's default export
  const fp = ((flatpickr as unknown as { default?: unknown }).default ?? flatpickr) as unknown as {
    localize(l: object): void;
  };
  fp.localize({ ...Swedish, firstDayOfWeek: 1 });
  const Native = Intl.DateTimeFormat;
  const SwedishDefault = function (this: unknown, locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
    const locale = locales === undefined || locales === 'default' ? 'sv-SE' : locales;
    return new Native(locale, options);
  } as unknown as typeof Intl.DateTimeFormat;
  SwedishDefault.supportedLocalesOf = Native.supportedLocalesOf.bind(Native);
  Object.defineProperty(SwedishDefault, 'prototype', { value: Native.prototype });
  Intl.DateTimeFormat = SwedishDefault;
}
