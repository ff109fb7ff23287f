import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
// @ts-ignore bpmn-moddle ships no typings for its root entry (ts-ignore, not expect-error: a shared d.ts may add them)
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const zeebeSchema = JSON.parse(readFileSync(require.resolve('zeebe-bpmn-moddle/resources/zeebe.json'), 'utf8')) as object;

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
  extensionElements?: { values?: ModdleElement[] };
  formId?: string;
  formKey?: string;
}

/** Parses BPMN XML into its flow nodes (including those in sub-processes). */
export async function parseBpmnElements(xml: string): Promise<BpmnElementInfo[]> {
  const moddle = new (BpmnModdle as new (p: object) => { fromXML(xml: string): Promise<unknown> })({ zeebe: zeebeSchema });
  const { rootElement } = (await moddle.fromXML(xml)) as unknown as { rootElement: ModdleElement };
  const out: BpmnElementInfo[] = [];
  for (const proc of rootElement.rootElements ?? []) {
    if (proc.$type !== 'bpmn:Process' || !proc.id) continue;
    const walk = (container: ModdleElement) => {
      for (const el of container.flowElements ?? []) {
        if (el.$type === 'bpmn:SequenceFlow' || !el.id) continue;
        const formDef = el.extensionElements?.values?.find((v) => v.$type === 'zeebe:FormDefinition');
        out.push({
          bpmnProcessId: proc.id!,
          processName: proc.name ?? null,
          elementId: el.id,
          elementName: el.name ?? null,
          elementType: el.$type.replace(/^bpmn:/, ''),
          formId: formDef?.formId ?? null,
        });
        if (el.flowElements) walk(el);
      }
    };
    walk(proc);
  }
  return out;
}
