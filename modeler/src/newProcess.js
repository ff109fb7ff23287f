// What a diagram targets and how a new one starts (pure: test/unit/modelerLintPlugin.unit.test.ts imports it).

/**
 * The engine the product runs: Operaton 1.0.3 speaks Camunda Platform 7.24. @camunda/linting maps these two to the
 * camunda-compat config `camunda-platform-7-24` (the server's BPMNLINT_CONFIG extends the same one).
 */
export const EXECUTION_PLATFORM = 'Camunda Platform';
export const EXECUTION_PLATFORM_VERSION = '7.24.0';
/** Days the engine keeps a finished instance's history; the models of processes/ use the same (5 years, gallring). */
export const HISTORY_TIME_TO_LIVE = '1827';

/** An empty executable process in repository format, with one start event and its diagram shape. */
export function newProcessXml(processId) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Samverkan" exporterVersion="1.0" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${processId}" isExecutable="true" camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE}">
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
