import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// @ts-ignore bpmn-moddle ships no typings for its root entry (ts-ignore, not expect-error: a shared d.ts may add them)
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camundaSchema = JSON.parse(
  readFileSync(require.resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8'),
) as object;

/** One flow node of a process, with what the task list shows and the linked form id of user tasks. */
export interface BpmnElementInfo {
  bpmnProcessId: string;
  processName: string | null;
  elementId: string;
  elementName: string | null;
  elementType: string;
  formId: string | null;
}

interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  /** camunda:formRef on user tasks (and start events): the id of a form deployed with the process. */
  formRef?: string;
}

/** Parses BPMN XML (Camunda 7 / Operaton dialect) into its flow nodes, including those in sub-processes. */
export async function parseBpmnElements(xml: string): Promise<BpmnElementInfo[]> {
  const moddle = new (BpmnModdle as new (p: object) => { fromXML(xml: string): Promise<unknown> })({
    camunda: camundaSchema,
  });
  const { rootElement } = (await moddle.fromXML(xml)) as unknown as { rootElement: ModdleElement };
  const out: BpmnElementInfo[] = [];
  for (const proc of rootElement.rootElements ?? []) {
    if (proc.$type !== 'bpmn:Process' || !proc.id) continue;
    const walk = (container: ModdleElement) => {
      for (const el of container.flowElements ?? []) {
        if (el.$type === 'bpmn:SequenceFlow' || !el.id) continue;
        out.push({
          bpmnProcessId: proc.id!,
          processName: proc.name ?? null,
          elementId: el.id,
          elementName: el.name ?? null,
          elementType: el.$type.replace(/^bpmn:/, ''),
          formId: el.formRef ?? null,
        });
        if (el.flowElements) walk(el);
      }
    };
    walk(proc);
  }
  return out;
}
