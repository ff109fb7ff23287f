// A @camunda/linting plugin that adds `bpmnlint:recommended` to the camunda-compat rules the linter picks from
// `modeler:executionPlatformVersion` (8.6.0), so the editor checks what the server and `npm run lint:bpmn` check
// (src/services/bpmnLint.ts: BPMNLINT_CONFIG). Rules are bundled statically: the browser cannot resolve packages.
// The rule list is bpmnlint/config/recommended; test/unit/modelerLintPlugin.unit.test.ts keeps them in step.
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import recommended from 'bpmnlint/config/recommended';
import rule0 from 'bpmnlint/rules/ad-hoc-sub-process';
import rule1 from 'bpmnlint/rules/conditional-flows';
import rule2 from 'bpmnlint/rules/end-event-required';
import rule3 from 'bpmnlint/rules/event-based-gateway';
import rule4 from 'bpmnlint/rules/event-sub-process-typed-start-event';
import rule5 from 'bpmnlint/rules/fake-join';
import rule6 from 'bpmnlint/rules/global';
import rule7 from 'bpmnlint/rules/label-required';
import rule8 from 'bpmnlint/rules/link-event';
import rule9 from 'bpmnlint/rules/no-bpmndi';
import rule10 from 'bpmnlint/rules/no-complex-gateway';
import rule11 from 'bpmnlint/rules/no-disconnected';
import rule12 from 'bpmnlint/rules/no-duplicate-sequence-flows';
import rule13 from 'bpmnlint/rules/no-gateway-join-fork';
import rule14 from 'bpmnlint/rules/no-implicit-split';
import rule15 from 'bpmnlint/rules/no-implicit-end';
import rule16 from 'bpmnlint/rules/no-implicit-start';
import rule17 from 'bpmnlint/rules/no-inclusive-gateway';
import rule18 from 'bpmnlint/rules/no-overlapping-elements';
import rule19 from 'bpmnlint/rules/single-blank-start-event';
import rule20 from 'bpmnlint/rules/single-event-definition';
import rule21 from 'bpmnlint/rules/start-event-required';
import rule22 from 'bpmnlint/rules/sub-process-blank-start-event';
import rule23 from 'bpmnlint/rules/superfluous-gateway';
import rule24 from 'bpmnlint/rules/superfluous-label';
import rule25 from 'bpmnlint/rules/superfluous-termination';

export const RECOMMENDED_RULES = ['ad-hoc-sub-process', 'conditional-flows', 'end-event-required', 'event-based-gateway', 'event-sub-process-typed-start-event', 'fake-join', 'global', 'label-required', 'link-event', 'no-bpmndi', 'no-complex-gateway', 'no-disconnected', 'no-duplicate-sequence-flows', 'no-gateway-join-fork', 'no-implicit-split', 'no-implicit-end', 'no-implicit-start', 'no-inclusive-gateway', 'no-overlapping-elements', 'single-blank-start-event', 'single-event-definition', 'start-event-required', 'sub-process-blank-start-event', 'superfluous-gateway', 'superfluous-label', 'superfluous-termination'];

export default {
  config: {
    extends: 'bpmnlint:recommended',
    // @camunda/linting downgrades no-bpmndi to a warning; the server refuses models without diagram shapes.
    rules: {
      'bpmnlint/no-bpmndi': 'error',
      // Web-modeler-only advice to use Camunda user tasks; Samverkan's job-worker user tasks are deliberate
      // (docs/architecture.md: 8.6 has no Tasklist), and the server lint does not report it either.
      'camunda-compat/zeebe-user-task': 'off',
    },
  },
  resolver: new StaticResolver({
    'config:bpmnlint/recommended': recommended,
  'rule:bpmnlint/ad-hoc-sub-process': rule0,
  'rule:bpmnlint/conditional-flows': rule1,
  'rule:bpmnlint/end-event-required': rule2,
  'rule:bpmnlint/event-based-gateway': rule3,
  'rule:bpmnlint/event-sub-process-typed-start-event': rule4,
  'rule:bpmnlint/fake-join': rule5,
  'rule:bpmnlint/global': rule6,
  'rule:bpmnlint/label-required': rule7,
  'rule:bpmnlint/link-event': rule8,
  'rule:bpmnlint/no-bpmndi': rule9,
  'rule:bpmnlint/no-complex-gateway': rule10,
  'rule:bpmnlint/no-disconnected': rule11,
  'rule:bpmnlint/no-duplicate-sequence-flows': rule12,
  'rule:bpmnlint/no-gateway-join-fork': rule13,
  'rule:bpmnlint/no-implicit-split': rule14,
  'rule:bpmnlint/no-implicit-end': rule15,
  'rule:bpmnlint/no-implicit-start': rule16,
  'rule:bpmnlint/no-inclusive-gateway': rule17,
  'rule:bpmnlint/no-overlapping-elements': rule18,
  'rule:bpmnlint/single-blank-start-event': rule19,
  'rule:bpmnlint/single-event-definition': rule20,
  'rule:bpmnlint/start-event-required': rule21,
  'rule:bpmnlint/sub-process-blank-start-event': rule22,
  'rule:bpmnlint/superfluous-gateway': rule23,
  'rule:bpmnlint/superfluous-label': rule24,
  'rule:bpmnlint/superfluous-termination': rule25,
  }),
};
