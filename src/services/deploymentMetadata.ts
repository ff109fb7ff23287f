import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Knex } from 'knex';

import type { ProcessDefinition } from '../engine/client.js';
import { PROCESSES_DIR } from '../paths.js';
import { processElement, recordProcessElements } from '../repositories/deploymentMetadata.js';
import { parseBpmnElements } from './bpmnElements.js';

/**
 * Stores what the task list and the dashboard need from a deployed process version: element names and the form
 * linked to each user task (parsed from the deployed BPMN).
 */
export async function recordDeploymentMetadata(
  db: Knex,
  definition: Pick<ProcessDefinition, 'key' | 'version'>,
  bpmnXml: string,
): Promise<void> {
  const elements = (await parseBpmnElements(bpmnXml)).filter((e) => e.bpmnProcessId === definition.key);
  await recordProcessElements(db, definition.version, elements);
}

const diskCache = new Map<string, Promise<Map<string, { elementName: string | null; formId: string | null }>>>();

/** Fallback for processes deployed without recorded metadata (test fixtures): parse processes/<id>.bpmn once. */
function fromDisk(bpmnProcessId: string) {
  let cached = diskCache.get(bpmnProcessId);
  if (!cached) {
    cached = readFile(path.join(PROCESSES_DIR, `${bpmnProcessId}.bpmn`), 'utf8')
      .then(parseBpmnElements)
      .then(
        (els) =>
          new Map(
            els
              .filter((e) => e.bpmnProcessId === bpmnProcessId)
              .map((e) => [e.elementId, { elementName: e.elementName, formId: e.formId }]),
          ),
      )
      .catch(() => new Map());
    diskCache.set(bpmnProcessId, cached);
  }
  return cached;
}

/** Element name and form id of a user task: the deployed version's metadata, else the BPMN on disk. */
export async function resolveTaskElement(
  db: Knex,
  t: { bpmnProcessId: string; version: number; elementId: string },
): Promise<{ elementName: string | null; formId: string | null }> {
  const recorded = await processElement(db, t.bpmnProcessId, t.version, t.elementId);
  if (recorded?.form_id) return { elementName: recorded.element_name, formId: recorded.form_id };
  const disk = (await fromDisk(t.bpmnProcessId)).get(t.elementId);
  return {
    elementName: recorded?.element_name ?? disk?.elementName ?? null,
    formId: recorded?.form_id ?? disk?.formId ?? null,
  };
}
