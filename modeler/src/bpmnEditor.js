// bpmn-js Modeler with the Camunda 8 (Zeebe) properties panel and live lint (@camunda/linting) for engine 8.6.
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import modelerModdle from 'modeler-moddle/resources/modeler.json';
import { Linter } from '@camunda/linting';
import lintingModule from '@camunda/linting/modeler';
import { swedishLintMessage } from '../../src/services/bpmnLintMessages.ts';
import recommendedLintPlugin from './recommendedLintPlugin.js';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import '@camunda/linting/assets/linting.css';

/** The engine the product runs (docs/architecture.md); the linter picks its camunda-compat rules from it. */
export const EXECUTION_PLATFORM = 'Camunda Cloud';
export const EXECUTION_PLATFORM_VERSION = '8.6.0';

/** An empty executable process in repository format, with one start event and its diagram shape. */
export function newProcessXml(processId) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Samverkan" exporterVersion="1.0" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_Started" name="Ärende mottaget" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_Started_di" bpmnElement="StartEvent_Started"><dc:Bounds x="152" y="82" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/**
 * Creates the BPMN editor in `canvas` / `properties`. `onLint({ errors, warnings })` is called after every lint
 * (after import and, debounced, after each change); findings carry Swedish messages.
 */
export function createBpmnEditor({ canvas, properties, onLint, onChange }) {
  const modeler = new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule, lintingModule],
    moddleExtensions: { zeebe: zeebeModdle, modeler: modelerModdle },
    linting: { active: true },
  });
  const linter = new Linter({ modeler: 'web', type: 'cloud', plugins: [recommendedLintPlugin] });
  let lintRun = 0;
  let timer;

  const lint = async () => {
    const run = ++lintRun;
    const reports = await linter.lint(modeler.getDefinitions());
    if (run !== lintRun) return; // a newer lint started while this one ran
    modeler.get('linting').setErrors(reports);
    const registry = modeler.get('elementRegistry');
    const findings = reports.map((r) => {
      const name = registry.get(r.id)?.businessObject?.name;
      return { ...r, detail: r.message, message: swedishLintMessage(r.rule, r.message, r.id ? { id: r.id, name } : undefined) };
    });
    onLint({ errors: findings.filter((f) => f.category === 'error' || f.category === 'rule-error'), warnings: findings.filter((f) => f.category === 'warn' || f.category === 'info'), reports });
  };

  modeler.on('commandStack.changed', () => {
    onChange?.();
    clearTimeout(timer);
    timer = setTimeout(() => void lint(), 250);
  });

  return {
    modeler,
    /** Opens BPMN XML, pins the execution platform to the engine's version, and lints. */
    async open(xml) {
      const { warnings } = await modeler.importXML(xml);
      const definitions = modeler.getDefinitions();
      definitions.set('modeler:executionPlatform', EXECUTION_PLATFORM);
      definitions.set('modeler:executionPlatformVersion', EXECUTION_PLATFORM_VERSION);
      modeler.get('canvas').zoom('fit-viewport');
      await lint();
      return { warnings };
    },
    /** The diagram as XML in repository format (formatted, as `processes/*.bpmn`). */
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml;
    },
    /** The id of the (first) executable process. */
    processId() {
      const root = modeler.getDefinitions()?.rootElements?.find((e) => e.$type === 'bpmn:Process');
      return root?.id;
    },
    /** Selects the element of a finding and opens its properties entry. */
    showFinding(report) {
      modeler.get('linting').showError(report);
    },
    lint,
  };
}
