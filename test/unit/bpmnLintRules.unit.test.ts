import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../src/paths.js';
import { closeBpmnLint, lintBpmnXml, resolveLintRules } from '../../src/services/bpmnLint.js';
import { shownLintFinding, swedishLintMessage } from '../../src/ui/bpmnLintTexts.sv.js';

// The project's rules (lint/bpmnlint-plugin-samverkan), run through the product's one lint config (BPMNLINT_CONFIG)
// exactly as `npm run lint:bpmn` and the deploy run them. Each bad fixture also holds an element done right, which
// must not be reported; modeler-lint-good.bpmn is the agreed dialect (ENGINE.md §3) and must pass every rule.
const fixture = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures', `${name}.bpmn`), 'utf8');

const RULES: { rule: string; fixture: string; reported: string[] }[] = [
  {
    rule: 'samverkan/known-extensions',
    fixture: 'modeler-lint-known-extensions',
    reported: ['Task_ReviewLetter', 'Task_SendLetter'],
  },
  {
    rule: 'samverkan/no-leading-equals',
    fixture: 'modeler-lint-leading-equals',
    // candidateGroups and dueDate of the user task, two input parameters, a condition and a timer
    reported: [
      'SequenceFlow_ApprovedYes',
      'Task_Notify',
      'Task_Notify',
      'Task_Review',
      'Task_Review',
      'TimerEvent_Wait',
    ],
  },
  {
    rule: 'samverkan/external-task-topic',
    fixture: 'modeler-lint-no-topic',
    reported: ['IntermediateThrowEvent_Notified', 'Task_JavaDelegate', 'Task_NoImplementation', 'Task_NoTopic'],
  },
  {
    rule: 'samverkan/no-task-output-mapping',
    fixture: 'modeler-lint-output-mapping',
    reported: ['Task_Decide', 'Task_Register'],
  },
  {
    rule: 'samverkan/history-time-to-live',
    fixture: 'modeler-lint-no-history-ttl',
    reported: ['modeler-lint-bad-history-ttl', 'modeler-lint-no-history-ttl'],
  },
  {
    rule: 'samverkan/user-task-candidate-groups',
    fixture: 'modeler-lint-user-task-groups',
    reported: ['Task_Unassigned'],
  },
  {
    rule: 'samverkan/user-task-form',
    fixture: 'modeler-lint-user-task-form',
    reported: ['Task_FormKey', 'Task_LatestBinding', 'Task_NoForm'],
  },
];

describe('project lint rules (lint/bpmnlint-plugin-samverkan)', () => {
  afterAll(closeBpmnLint);

  test('when a model in the agreed Camunda 7 dialect is linted, then no rule reports anything', async () => {
    // given: external task with properties, JUEL/list/FEEL inputs, user task with groups, dates and a linked form,
    // a JUEL timer, a JUEL and a FEEL condition, historyTimeToLive
    const xml = fixture('modeler-lint-good');
    // when
    const result = await lintBpmnXml(xml);
    // then
    expect([...result.errors, ...result.warnings]).toEqual([]);
  });

  test('when the long-lived lint worker lints models one after another, then no finding carries over (stateful rules)', async () => {
    // given: bpmnlint's no-duplicate-sequence-flows remembers the flows it saw in its rule instance
    const xml = fixture('modeler-lint-good');
    // when
    const first = await lintBpmnXml(xml);
    const second = await lintBpmnXml(xml);
    // then
    expect(second).toEqual(first);
    expect(second.errors).toEqual([]);
  });

  test.each(RULES)(
    'when $fixture is linted, then $rule reports exactly the bad elements as errors',
    async ({ rule, fixture: name, reported }) => {
      // given
      const xml = fixture(name);
      // when
      const result = await lintBpmnXml(xml);
      // then
      expect(
        result.errors
          .filter((f) => f.rule === rule)
          .map((f) => f.id)
          .sort(),
      ).toEqual(reported);
      expect(result.warnings.filter((f) => f.rule === rule)).toEqual([]);
    },
  );

  test("when the good model is linted, then none of the project rules reports it (each rule's good case)", async () => {
    const result = await lintBpmnXml(fixture('modeler-lint-good'));
    for (const { rule } of RULES)
      expect({ rule, findings: result.errors.filter((f) => f.rule === rule) }).toEqual({ rule, findings: [] });
  });

  test('when a project rule reports an element, then the finding names it in Swedish and keeps the English detail', async () => {
    // when
    const result = await lintBpmnXml(fixture('modeler-lint-user-task-groups'));
    // then
    const finding = result.errors.find((f) => f.rule === 'samverkan/user-task-candidate-groups')!;
    expect(shownLintFinding(finding).message).toBe(
      '"Utan grupp" (Task_Unassigned): Användaruppgiften saknar kandidatgrupper (Candidate groups); ingen skulle se den i uppgiftslistan.',
    );
    expect(finding.detail).toBe('User task has no <camunda:candidateGroups>');
  });

  test("when camunda-compat's own history rule would fire, then it is off in favour of the project rule (no duplicate finding)", async () => {
    const result = await lintBpmnXml(fixture('modeler-lint-no-history-ttl'));
    expect(
      [...result.errors, ...result.warnings].filter((f) => f.rule === 'camunda-compat/history-time-to-live'),
    ).toEqual([]);
  });

  test("when any rule of the product's lint set reports, then the process owner reads a Swedish sentence for it", async () => {
    // given
    const rules = await resolveLintRules();
    // then
    expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(RULES.map((r) => r.rule)));
    const untranslated = rules
      .filter((r) => swedishLintMessage(r.name, 'detail').startsWith('Regeln '))
      .map((r) => r.name);
    expect(untranslated).toEqual([]);
  });
});
