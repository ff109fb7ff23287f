import type { Knex } from 'knex';
import type { BpmnElementInfo } from '../services/bpmnElements.js';

/** Records deployed form versions (form key → form id). */
export async function recordForms(db: Knex, forms: { formKey: string; formId: string; version: number; resourceName: string; schema: unknown }[]): Promise<void> {
  if (forms.length === 0) return;
  await db('deployed_forms')
    .insert(forms.map((f) => ({ form_key: f.formKey, form_id: f.formId, version: f.version, resource_name: f.resourceName, schema: f.schema === undefined ? null : JSON.stringify(f.schema) })))
    .onConflict('form_key')
    .ignore();
}

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

/** The form id of a deployed form key. */
export async function formIdByKey(db: Knex, formKey: string): Promise<string | undefined> {
  const row = await db('deployed_forms').where({ form_key: formKey }).first<{ form_id: string } | undefined>('form_id');
  return row?.form_id;
}

/** A flow node of a deployed process version. */
export async function processElement(db: Knex, bpmnProcessId: string, version: number, elementId: string) {
  return db('deployed_process_elements')
    .where({ bpmn_process_id: bpmnProcessId, version, element_id: elementId })
    .first<{ element_name: string | null; form_id: string | null; process_name: string | null } | undefined>('element_name', 'form_id', 'process_name');
}

/** Process ids and names known from deployments (for the task list's process filter). */
export async function processNames(db: Knex): Promise<{ bpmn_process_id: string; process_name: string | null }[]> {
  return db('deployed_process_elements').distinct('bpmn_process_id', 'process_name').orderBy('bpmn_process_id');
}

/** The deployed form schema: the exact version by key, else the latest deployed version of the form id. */
export async function deployedFormSchema(db: Knex, ref: { formKey?: string | null; formId?: string | null }): Promise<unknown | undefined> {
  if (ref.formKey) {
    const row = await db('deployed_forms').where({ form_key: ref.formKey }).first<{ schema: unknown } | undefined>('schema');
    if (row?.schema) return row.schema;
  }
  if (ref.formId) {
    const row = await db('deployed_forms').where({ form_id: ref.formId }).whereNotNull('schema').orderBy('version', 'desc').first<{ schema: unknown } | undefined>('schema');
    if (row?.schema) return row.schema;
  }
  return undefined;
}
