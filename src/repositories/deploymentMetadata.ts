import type { Knex } from 'knex';

import type { BpmnElementInfo } from '../services/bpmnElements.js';

/** Records the flow nodes of a deployed process version. */
export async function recordProcessElements(db: Knex, version: number, elements: BpmnElementInfo[]): Promise<void> {
  if (elements.length === 0) return;
  await db('deployed_process_elements')
    .insert(
      elements.map((e) => ({
        bpmn_process_id: e.bpmnProcessId,
        version,
        element_id: e.elementId,
        element_name: e.elementName,
        element_type: e.elementType,
        form_id: e.formId,
        process_name: e.processName,
      })),
    )
    .onConflict(['bpmn_process_id', 'version', 'element_id'])
    .merge();
}

/** A flow node of a deployed process version. */
export async function processElement(db: Knex, bpmnProcessId: string, version: number, elementId: string) {
  return db('deployed_process_elements')
    .where({ bpmn_process_id: bpmnProcessId, version, element_id: elementId })
    .first<{ element_name: string | null; form_id: string | null; process_name: string | null } | undefined>(
      'element_name',
      'form_id',
      'process_name',
    );
}

/** Process ids and names known from deployments (for the task list's process filter). */
export async function processNames(db: Knex): Promise<{ bpmn_process_id: string; process_name: string | null }[]> {
  return db('deployed_process_elements').distinct('bpmn_process_id', 'process_name').orderBy('bpmn_process_id');
}
