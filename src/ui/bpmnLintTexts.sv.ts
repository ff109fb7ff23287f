// Pure (types only): the modeler's API (src/routes/modeler.ts) and the browser modeler bundle (modeler/src) both
// use it, so a processägare reads the same Swedish sentence in the editor and in the deploy refusal.

/**
 * Swedish explanations of every rule the product lints with (BPMNLINT_CONFIG in bpmnLint.ts: bpmnlint correctness and
 * recommended, camunda-compat for Camunda Platform 7.24, and the project's rules in lint/bpmnlint-plugin-samverkan).
 * test/unit/bpmnLintRules.unit.test.ts fails when a rule of that set has no text here.
 */
const RULE_TEXTS_SV: Record<string, string> = {
  // bpmnlint (correctness + recommended)
  'ad-hoc-sub-process': 'Ad hoc-underprocessen är felaktigt modellerad.',
  'conditional-event': 'Villkorshändelsen saknar villkor.',
  'conditional-flows': 'Flöden ut från en grind måste ha ett villkor (eller vara standardflöde).',
  'end-event-required': 'Processen saknar sluthändelse.',
  'event-based-gateway': 'Händelsebaserad grind måste följas av minst två fångande händelser.',
  'event-sub-process-typed-start-event': 'Händelseunderprocessen måste ha en typad starthändelse.',
  'fake-join': 'Flera inkommande flöden utan en sammanförande grind.',
  global: 'Globalt element används inte eller har fel typ.',
  'label-required': 'Elementet saknar namn.',
  'link-event': 'Länkhändelsen saknar motsvarande länk.',
  'no-bpmndi': 'Elementet saknar diagramgrafik (BPMN DI).',
  'no-complex-gateway': 'Komplexa grindar stöds inte.',
  'no-disconnected': 'Elementet är inte kopplat till något flöde.',
  'no-duplicate-sequence-flows': 'Det finns dubbla flöden mellan samma element.',
  'no-gateway-join-fork': 'Grinden både sammanför och delar flöden. Dela upp den i två grindar.',
  'no-implicit-end': 'Elementet saknar utgående flöde men är ingen sluthändelse.',
  'no-implicit-split': 'Elementet delar flödet utan grind. Använd en grind för att dela flödet.',
  'no-implicit-start': 'Elementet saknar inkommande flöde men är ingen starthändelse.',
  'no-inclusive-gateway': 'Inkluderande grindar bör undvikas.',
  'no-overlapping-elements': 'Elementet överlappar ett annat element.',
  'single-blank-start-event': 'Processen har mer än en tom starthändelse.',
  'single-event-definition': 'Händelsen har mer än en händelsedefinition.',
  'start-event-required': 'Processen saknar starthändelse.',
  'sub-process-blank-start-event': 'Underprocessen måste starta med en tom starthändelse.',
  'superfluous-gateway': 'Grinden har bara ett inkommande och ett utgående flöde och behövs inte.',
  'superfluous-label': 'Elementet har en etikett som inte visas.',
  'superfluous-termination': 'Avslutande sluthändelse behövs inte här.',
  // camunda-compat (Camunda Platform 7.24); switched off in favour of samverkan/history-time-to-live
  'camunda-compat/history-time-to-live': 'Processen saknar historiktid (History cleanup → Time to live).',
  // the project's rules (lint/bpmnlint-plugin-samverkan)
  'samverkan/known-extensions':
    'Elementet har inställningar för en annan processmotor som Operaton inte läser. Ange dem på nytt i egenskapspanelen.',
  'samverkan/no-leading-equals':
    'Ett uttryck börjar med "=" (Camunda 8-syntax). Skriv uttryck som ${…}, till exempel ${beslut == \'ja\'}.',
  'samverkan/external-task-topic':
    'Tjänsteuppgiften måste vara en extern uppgift (Implementation: External) med ett topic som en worker hämtar.',
  'samverkan/no-task-output-mapping':
    'Användaruppgifter och externa uppgifter får inte ha utdatamappningar (de körs även när uppgiften avbryts).',
  'samverkan/history-time-to-live':
    'Processen saknar historiktid i dagar (History cleanup → Time to live). Motorn nekar driftsättning utan den.',
  'samverkan/user-task-candidate-groups':
    'Användaruppgiften saknar kandidatgrupper (Candidate groups); ingen skulle se den i uppgiftslistan.',
  'samverkan/user-task-form':
    'Användaruppgiften ska länka ett formulär: Form type "Camunda Forms (linked)", formulär-id och Binding "deployment".',
};

import type { LintFinding } from '../services/bpmnLint.js';

/** The Swedish sentence for a rule finding; falls back to the rule's own message. */
export function swedishLintMessage(
  rule: string,
  detail: string,
  element?: { id: string; name?: string | undefined },
): string {
  const text =
    RULE_TEXTS_SV[rule] ??
    RULE_TEXTS_SV[rule.replace(/^bpmnlint\//, '')] ??
    `Regeln ${rule} är inte uppfylld (${detail}).`;
  if (!element) return text;
  const what = element.name ? `"${element.name}" (${element.id})` : element.id;
  return `${what}: ${text}`;
}

/** A finding as the process owner is shown it: with its Swedish sentence. */
export type ShownLintFinding = LintFinding & { message: string };

/** A finding of the server's lint with its Swedish sentence (an XML that does not parse says so). */
export function shownLintFinding(f: LintFinding): ShownLintFinding {
  const message =
    f.rule === 'xml'
      ? `XML-filen kunde inte läsas: ${f.detail}`
      : swedishLintMessage(f.rule, f.detail, f.id ? { id: f.id, name: f.name } : undefined);
  return { ...f, message };
}
