// The @camunda/linting plugin of the modeler: adds bpmnlint:recommended and the project's rules
// (lint/bpmnlint-plugin-samverkan) to what the linter brings itself (camunda-compat for the diagram's
// modeler:executionPlatformVersion, pinned to 7.24.0 on open, and bpmnlint:correctness). The server lints with the
// same set (src/services/bpmnLint.ts: BPMNLINT_CONFIG, .bpmnlintrc). The browser cannot resolve packages, so every
// rule is bundled statically; test/unit/modelerLintPlugin.unit.test.ts keeps these lists in step with the packages.
import recommended from 'bpmnlint/config/recommended';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import globalRule from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';

import samverkan from '../../lint/bpmnlint-plugin-samverkan/index.js';
import samverkanExternalTaskTopic from '../../lint/bpmnlint-plugin-samverkan/rules/external-task-topic.js';
import samverkanHistoryTimeToLive from '../../lint/bpmnlint-plugin-samverkan/rules/history-time-to-live.js';
import samverkanKnownExtensions from '../../lint/bpmnlint-plugin-samverkan/rules/known-extensions.js';
import samverkanNoLeadingEquals from '../../lint/bpmnlint-plugin-samverkan/rules/no-leading-equals.js';
import samverkanNoTaskOutputMapping from '../../lint/bpmnlint-plugin-samverkan/rules/no-task-output-mapping.js';
import samverkanUserTaskCandidateGroups from '../../lint/bpmnlint-plugin-samverkan/rules/user-task-candidate-groups.js';
import samverkanUserTaskForm from '../../lint/bpmnlint-plugin-samverkan/rules/user-task-form.js';

export default {
  config: {
    extends: ['bpmnlint:recommended', 'plugin:samverkan/recommended'],
    rules: {
      // @camunda/linting downgrades no-bpmndi to a warning; the server refuses models without diagram shapes.
      'bpmnlint/no-bpmndi': 'error',
    },
  },
  resolver: new StaticResolver({
    'config:bpmnlint/recommended': recommended,
    'config:bpmnlint-plugin-samverkan/recommended': samverkan.configs.recommended,
    'rule:bpmnlint/ad-hoc-sub-process': adHocSubProcess,
    'rule:bpmnlint/conditional-flows': conditionalFlows,
    'rule:bpmnlint/end-event-required': endEventRequired,
    'rule:bpmnlint/event-based-gateway': eventBasedGateway,
    'rule:bpmnlint/event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
    'rule:bpmnlint/fake-join': fakeJoin,
    'rule:bpmnlint/global': globalRule,
    'rule:bpmnlint/label-required': labelRequired,
    'rule:bpmnlint/link-event': linkEvent,
    'rule:bpmnlint/no-bpmndi': noBpmndi,
    'rule:bpmnlint/no-complex-gateway': noComplexGateway,
    'rule:bpmnlint/no-disconnected': noDisconnected,
    'rule:bpmnlint/no-duplicate-sequence-flows': noDuplicateSequenceFlows,
    'rule:bpmnlint/no-gateway-join-fork': noGatewayJoinFork,
    'rule:bpmnlint/no-implicit-split': noImplicitSplit,
    'rule:bpmnlint/no-implicit-end': noImplicitEnd,
    'rule:bpmnlint/no-implicit-start': noImplicitStart,
    'rule:bpmnlint/no-inclusive-gateway': noInclusiveGateway,
    'rule:bpmnlint/no-overlapping-elements': noOverlappingElements,
    'rule:bpmnlint/single-blank-start-event': singleBlankStartEvent,
    'rule:bpmnlint/single-event-definition': singleEventDefinition,
    'rule:bpmnlint/start-event-required': startEventRequired,
    'rule:bpmnlint/sub-process-blank-start-event': subProcessBlankStartEvent,
    'rule:bpmnlint/superfluous-gateway': superfluousGateway,
    'rule:bpmnlint/superfluous-label': superfluousLabel,
    'rule:bpmnlint/superfluous-termination': superfluousTermination,
    'rule:bpmnlint-plugin-samverkan/known-extensions': samverkanKnownExtensions,
    'rule:bpmnlint-plugin-samverkan/no-leading-equals': samverkanNoLeadingEquals,
    'rule:bpmnlint-plugin-samverkan/external-task-topic': samverkanExternalTaskTopic,
    'rule:bpmnlint-plugin-samverkan/no-task-output-mapping': samverkanNoTaskOutputMapping,
    'rule:bpmnlint-plugin-samverkan/history-time-to-live': samverkanHistoryTimeToLive,
    'rule:bpmnlint-plugin-samverkan/user-task-candidate-groups': samverkanUserTaskCandidateGroups,
    'rule:bpmnlint-plugin-samverkan/user-task-form': samverkanUserTaskForm,
  }),
};
