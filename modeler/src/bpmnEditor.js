// bpmn-js Modeler with the Camunda Platform 7 properties panel (camunda: dialect, which Operaton 1.0.3 runs) and live
// lint (@camunda/linting for Camunda Platform 7.24 plus the project's rules, see lintPlugin.js).
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import '@camunda/linting/assets/linting.css';

import { Linter } from '@camunda/linting';
import lintingModule from '@camunda/linting/modeler';
import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import CamundaPlatformBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import modelerModdle from 'modeler-moddle/resources/modeler.json';

import { swedishLintMessage } from '../../src/ui/bpmnLintTexts.sv.ts';
import lintPlugin from './lintPlugin.js';
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION } from './newProcess.js';
import { keepAttributesSwedish, swedishTranslateModule } from './translate.js';

/**
 * Creates the BPMN editor in `canvas` / `properties`. `onLint({ errors, warnings })` is called after every lint
 * (after import and, debounced, after each change); findings carry Swedish messages.
 */
export function createBpmnEditor({ canvas, properties, onLint, onChange }) {
  const modeler = new Modeler({
    container: canvas,
    propertiesPanel: { parent: properties },
    additionalModules: [
      swedishTranslateModule,
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      CamundaPlatformBehaviorsModule,
      lintingModule,
    ],
    moddleExtensions: { camunda: camundaModdle, modeler: modelerModdle },
    linting: { active: true },
  });
  keepAttributesSwedish(properties);
  // type 'platform': the linter's own moddle (used for XML strings) gets the camunda extension, not another dialect's.
  const linter = new Linter({ modeler: 'web', type: 'platform', plugins: [lintPlugin] });
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
      return {
        ...r,
        detail: r.message,
        message: swedishLintMessage(r.rule, r.message, r.id ? { id: r.id, name } : undefined),
      };
    });
    onLint({
      errors: findings.filter((f) => f.category === 'error' || f.category === 'rule-error'),
      warnings: findings.filter((f) => f.category === 'warn' || f.category === 'info'),
      reports,
    });
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
      fitToCanvas(modeler, canvas);
      await lint();
      return { warnings };
    },
    /** The diagram as XML in repository format (formatted, as `processes/*.bpmn`). */
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml;
    },
    /** Fits the whole diagram into the canvas, beside the palette. */
    fit() {
      fitToCanvas(modeler, canvas);
    },
    /** True when the model has no flow node (nothing to run). */
    isEmpty() {
      return !modeler
        .get('elementRegistry')
        .find((e) => /(Task|Event|Gateway|SubProcess|CallActivity|Transaction)$/.test(e.type) && e.type !== 'label');
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

/**
 * Zooms so that the whole diagram fits the canvas (never above 100 %), to the right of the palette that overlays
 * the canvas' left edge, with a margin all round.
 */
export function fitToCanvas(modeler, container) {
  const canvas = modeler.get('canvas');
  const inner = canvas.getActiveLayer()?.getBBox?.();
  const { width, height } = container.getBoundingClientRect();
  if (!inner || !inner.width || !inner.height || !width || !height) return;
  const palette = container.querySelector('.djs-palette');
  const left = (palette ? palette.getBoundingClientRect().right - container.getBoundingClientRect().left : 0) + 24;
  const margin = 24;
  const scale = Math.min((width - left - margin) / inner.width, (height - 2 * margin) / inner.height, 1);
  const free = width - left - margin - inner.width * scale; // centre what is left over beside the palette
  canvas.viewbox({
    x: inner.x - (left + free / 2) / scale,
    y: inner.y - (height - inner.height * scale) / 2 / scale,
    width: width / scale,
    height: height / scale,
  });
}
