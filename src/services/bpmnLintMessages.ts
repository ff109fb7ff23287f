// Pure (no imports): the server lint (src/services/bpmnLint.ts) and the browser modeler bundle (modeler/src) both
// use it, so a processägare reads the same Swedish sentence in the editor and in the deploy refusal.

/** Swedish explanations of the bpmnlint / camunda-compat rules a process owner is likely to meet. */
const RULE_TEXTS_SV: Record<string, string> = {
  'label-required': 'Elementet saknar namn.',
  'no-disconnected': 'Elementet är inte kopplat till något flöde.',
  'start-event-required': 'Processen saknar starthändelse.',
  'bpmnlint/start-event-required': 'Processen saknar starthändelse.',
  'end-event-required': 'Processen saknar sluthändelse.',
  'conditional-flows': 'Flöden ut från en grind måste ha ett villkor (eller vara standardflöde).',
  'no-implicit-split': 'Elementet delar flödet utan grind. Använd en grind för att dela flödet.',
  'no-implicit-start': 'Elementet saknar inkommande flöde men är ingen starthändelse.',
  'no-implicit-end': 'Elementet saknar utgående flöde men är ingen sluthändelse.',
  'no-gateway-join-fork': 'Grinden både sammanför och delar flöden. Dela upp den i två grindar.',
  'fake-join': 'Flera inkommande flöden utan en sammanförande grind.',
  'no-bpmndi': 'Elementet saknar diagramgrafik (BPMN DI).',
  'no-complex-gateway': 'Komplexa grindar stöds inte.',
  'no-duplicate-sequence-flows': 'Det finns dubbla flöden mellan samma element.',
  'no-inclusive-gateway': 'Inkluderande grindar bör undvikas.',
  'no-overlapping-elements': 'Elementet överlappar ett annat element.',
  'single-blank-start-event': 'Processen har mer än en tom starthändelse.',
  'single-event-definition': 'Händelsen har mer än en händelsedefinition.',
  'superfluous-gateway': 'Grinden har bara ett inkommande och ett utgående flöde och behövs inte.',
  'superfluous-label': 'Elementet har en etikett som inte visas.',
  'superfluous-termination': 'Avslutande sluthändelse behövs inte här.',
  'global': 'Globalt element används inte eller har fel typ.',
  'event-based-gateway': 'Händelsebaserad grind måste följas av minst två fångande händelser.',
  'sub-process-blank-start-event': 'Underprocessen måste starta med en tom starthändelse.',
  'event-sub-process-typed-start-event': 'Händelseunderprocessen måste ha en typad starthändelse.',
  'link-event': 'Länkhändelsen saknar motsvarande länk.',
  'ad-hoc-sub-process': 'Ad hoc-underprocessen är felaktigt modellerad.',
  'camunda-compat/implementation': 'Elementet saknar implementering (till exempel jobbtyp för en servicetask).',
  'camunda-compat/executable-process': 'Processen måste vara körbar (isExecutable).',
  'camunda-compat/element-type': 'Elementtypen stöds inte av Camunda 8.6.',
  'camunda-compat/error-reference': 'Felhändelsen saknar fel eller felkod.',
  'camunda-compat/message-reference': 'Meddelandehändelsen saknar meddelande.',
  'camunda-compat/subscription': 'Meddelandet saknar korrelationsnyckel.',
  'camunda-compat/timer': 'Timern saknar eller har ett ogiltigt värde.',
  'camunda-compat/feel': 'FEEL-uttrycket är ogiltigt.',
  'camunda-compat/io-mapping': 'In- eller utdatamappningen är ofullständig.',
  'camunda-compat/called-element': 'Anropsaktiviteten saknar process-id.',
  'camunda-compat/user-task-form': 'Användaruppgiftens formulär är felaktigt angivet.',
  'camunda-compat/user-task-definition': 'Användaruppgiften saknar formulärkoppling (zeebe:formDefinition) eller har en ofullständig definition.',
  'camunda-compat/sequence-flow-condition': 'Villkorsflödet saknar villkor.',
  'camunda-compat/no-loop': 'Flödet har en loop utan väntetillstånd.',
  'camunda-compat/duplicate-task-headers': 'Uppgiften har dubbla huvuden (headers).',
  'camunda-compat/no-multiple-none-start-events': 'Processen har mer än en tom starthändelse.',
  'camunda-compat/variable-name': 'Variabelnamnet är ogiltigt.',
  'camunda-compat/zeebe-user-task': 'Användaruppgiften använder en variant som inte stöds här.',
};

/** A lint finding in the shape both the server and the browser use. */
export interface LintFinding {
  /** Element id the finding is about. */
  id: string;
  /** Rule name, e.g. `label-required` or `camunda-compat/implementation`. */
  rule: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
  /** Swedish, for the process owner. */
  message: string;
  /** The rule's own (English) message, for developers. */
  detail: string;
}

/** The Swedish sentence for a rule finding; falls back to the rule's own message. */
export function swedishLintMessage(rule: string, detail: string, element?: { id: string; name?: string | undefined }): string {
  const text = RULE_TEXTS_SV[rule] ?? RULE_TEXTS_SV[rule.replace(/^bpmnlint\//, '')] ?? `Regeln ${rule} är inte uppfylld (${detail}).`;
  if (!element) return text;
  const what = element.name ? `"${element.name}" (${element.id})` : element.id;
  return `${what}: ${text}`;
}
