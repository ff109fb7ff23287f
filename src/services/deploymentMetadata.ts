import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { PROCESSES_DIR } from '../paths.js';
import { formIdByKey, processElement, recordForms, recordProcessElements } from '../repositories/deploymentMetadata.js';
import { parseBpmnElements } from './bpmnElements.js';

interface DeployedItem {
  process?: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string };
  form?: { formId: string; version: number; formKey: string; resourceName: string };
}

/**
 * Stores what the task projection needs from a deployment: form keys → form ids, and each process version's
 * element names and linked form ids (parsed from the deployed BPMN content). Called by deployChangedResources.
 */
export async function recordDeploymentMetadata(db: Knex, response: { deployments: unknown[] }, resources: { name: string; content: Buffer }[]): Promise<void> {
  const items = response.deployments as DeployedItem[];
  const schemaOf = (resourceName: string) => {
    const r = resources.find((x) => x.name === resourceName);
    try {
      return r ? (JSON.parse(r.content.toString('utf8')) as unknown) : undefined;
    } catch {
      return undefined;
    }
  };
  await recordForms(
    db,
    items.flatMap((d) => (d.form ? [{ ...d.form, version: Number(d.form.version), formKey: String(d.form.formKey), schema: schemaOf(d.form.resourceName) }] : [])),
  );
  for (const d of items) {
    if (!d.process) continue;
    const resource = resources.find((r) => r.name === d.process!.resourceName);
    if (!resource) continue;
    const elements = (await parseBpmnElements(resource.content.toString('utf8'))).filter((e) => e.bpmnProcessId === d.process!.bpmnProcessId);
    await recordProcessElements(db, Number(d.process.version), elements);
  }
}

const diskCache = new Map<string, Promise<Map<string, { elementName: string | null; formId: string | null }>>>();

/** Fallback for processes deployed outside deployChangedResources (tests, modeler): parse processes/<id>.bpmn once. */
function fromDisk(bpmnProcessId: string) {
  let cached = diskCache.get(bpmnProcessId);
  if (!cached) {
    cached = readFile(path.join(PROCESSES_DIR, `${bpmnProcessId}.bpmn`), 'utf8')
      .then(parseBpmnElements)
      .then((els) => new Map(els.filter((e) => e.bpmnProcessId === bpmnProcessId).map((e) => [e.elementId, { elementName: e.elementName, formId: e.formId }])))
      .catch(() => new Map());
    diskCache.set(bpmnProcessId, cached);
  }
  return cached;
}

/** Element name and form id of a user-task job: deployed metadata, then the formKey header, then the BPMN on disk. */
export async function resolveTaskElement(
  db: Knex,
  job: { bpmnProcessId: string; version: number; elementId: string; formKey?: string | undefined },
): Promise<{ elementName: string | null; formId: string | null }> {
  const recorded = await processElement(db, job.bpmnProcessId, job.version, job.elementId);
  let elementName = recorded?.element_name ?? null;
  let formId = recorded?.form_id ?? null;
  if (!formId && job.formKey) {
    // linked forms: the header carries the deployed form's key; embedded forms: "camunda-forms:bpmn:<id>"
    formId = (await formIdByKey(db, job.formKey)) ?? (/^[a-z0-9][a-z0-9-]*$/i.test(job.formKey) && !/^\d+$/.test(job.formKey) ? job.formKey : null);
  }
  if (!recorded || !formId) {
    const disk = (await fromDisk(job.bpmnProcessId)).get(job.elementId);
    elementName ??= disk?.elementName ?? null;
    formId ??= disk?.formId ?? null;
  }
  return { elementName, formId };
}
