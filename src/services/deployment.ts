import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Engine } from '../engine/client.js';
import { logger } from '../logger.js';
import { FORMS_DIR, PROCESSES_DIR } from '../paths.js';
import { findLatestProcessVersion, insertProcessVersion } from '../repositories/processVersions.js';
import { parseBpmnElements } from './bpmnElements.js';
import { recordDeploymentMetadata } from './deploymentMetadata.js';

/** Who deploys the models of processes/ at start-up (process_versions.deployed_by). */
export const SYSTEM_DEPLOYER = 'system';

export interface DeployedProcess {
  processId: string;
  processDefinitionId: string;
  version: number;
  /** True when the engine already had exactly this model and these forms (nothing new was deployed). */
  unchanged: boolean;
}

/** A deployment resource: a file name and its bytes. */
export interface Resource {
  name: string;
  content: Buffer;
}

/** The form ids a model links with camunda:formRef. */
export async function formIdsOf(bpmnXml: string): Promise<string[]> {
  return [...new Set((await parseBpmnElements(bpmnXml)).flatMap((e) => (e.formId ? [e.formId] : [])))].sort();
}

/**
 * Deploys one process as its own deployment (named after the process id) together with every form it links: the
 * links use `camunda:formRefBinding="deployment"`, so each version carries the forms it was made with. Forms given
 * in `forms` (edited in the modeler) win over the files in `formsDirs`. With the engine's duplicate filtering an
 * unchanged process and forms deploy nothing; one changed file gives all of them a new version. Start-up and the
 * modeler deploy with the same name and source, so the engine compares a file with what the modeler deployed. Records the version
 * (with its XML) and the element metadata the task list reads.
 */
export async function deployProcess(
  db: Knex,
  engine: Engine,
  p: {
    processId: string;
    bpmn: Buffer;
    forms?: Resource[];
    deployedBy: string;
    comment: string | null;
    formsDirs?: string[];
  },
): Promise<DeployedProcess> {
  const xml = p.bpmn.toString('utf8');
  const given = new Map((p.forms ?? []).map((f) => [f.name.replace(/\.form$/, ''), f.content]));
  const forms: Resource[] = [];
  for (const formId of await formIdsOf(xml)) {
    let content = given.get(formId);
    if (!content) {
      const file = (p.formsDirs ?? [FORMS_DIR])
        .map((dir) => path.join(dir, `${formId}.form`))
        .find((f) => existsSync(f));
      if (!file) throw new Error(`form ${formId}.form, linked by process ${p.processId}, not found`);
      content = readFileSync(file);
    }
    forms.push({ name: `${formId}.form`, content });
  }
  const deployment = await engine.deploy({
    name: p.processId,
    resources: [...forms, { name: `${p.processId}.bpmn`, content: p.bpmn }],
  });
  const definition = deployment.processDefinitions.find((d) => d.key === p.processId);
  if (!definition) throw new Error(`the deployment of ${p.processId} holds no process definition with that id`);
  await db.transaction(async (trx) => {
    await recordDeploymentMetadata(trx, definition, xml);
    await insertProcessVersion(trx, {
      bpmnProcessId: p.processId,
      version: definition.version,
      processDefinitionId: definition.id,
      xml,
      deployedBy: p.deployedBy,
      comment: p.comment,
    });
  });
  return {
    processId: p.processId,
    processDefinitionId: definition.id,
    version: definition.version,
    unchanged: !deployment.created,
  };
}

/** The models of processes/ (file name == process id). */
export function repositoryModels(dir = PROCESSES_DIR): { processId: string; bpmn: Buffer }[] {
  return (existsSync(dir) ? readdirSync(dir) : [])
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => ({ processId: f.replace(/\.bpmn$/, ''), bpmn: readFileSync(path.join(dir, f)) }));
}

export interface RefusedDeployment {
  processId: string;
  /** English, for the log. */
  reason: string;
}

/** What differs between two versions of a model, by element: ids added, removed, renamed or re-linked to a form. */
async function describeDifference(from: string, to: string): Promise<string> {
  const [a, b] = await Promise.all([parseBpmnElements(from), parseBpmnElements(to)]);
  const byId = (els: typeof a) => new Map(els.map((e) => [e.elementId, e]));
  const ma = byId(a);
  const mb = byId(b);
  const added = [...mb.keys()].filter((k) => !ma.has(k));
  const removed = [...ma.keys()].filter((k) => !mb.has(k));
  const changed = [...mb.keys()].filter(
    (k) => ma.has(k) && (ma.get(k)!.elementName !== mb.get(k)!.elementName || ma.get(k)!.formId !== mb.get(k)!.formId),
  );
  const parts = [
    added.length ? `only in processes/: ${added.join(', ')}` : '',
    removed.length ? `only in the modeler's version: ${removed.join(', ')}` : '',
    changed.length ? `name or form differs: ${changed.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'the XML differs (attributes, expressions or layout)';
}

/**
 * Start-up: deploys every model of processes/ with its forms (unchanged ones deploy nothing). A model whose newest
 * version was deployed by the process owner from the modeler, and that differs from the file, is NOT replaced
 * silently: it is refused with what differs and how to resolve it, unless `replaceModelerVersions` is set.
 */
export async function deployRepositoryModels(
  db: Knex,
  engine: Engine,
  opts: { replaceModelerVersions?: boolean; dir?: string } = {},
): Promise<{ deployed: DeployedProcess[]; refused: RefusedDeployment[] }> {
  const deployed: DeployedProcess[] = [];
  const refused: RefusedDeployment[] = [];
  for (const m of repositoryModels(opts.dir)) {
    const xml = m.bpmn.toString('utf8');
    const latest = await findLatestProcessVersion(db, m.processId);
    if (latest && latest.deployedBy !== SYSTEM_DEPLOYER && latest.xml !== xml && !opts.replaceModelerVersions) {
      const [engineLatest] = await engine.processDefinitions({ key: m.processId, latestVersion: true });
      if (!engineLatest || engineLatest.version === latest.version) {
        const reason =
          `version ${latest.version} of ${m.processId} was deployed from the modeler by ${latest.deployedBy} and differs from processes/${m.processId}.bpmn ` +
          `(${await describeDifference(latest.xml, xml)}). Keep it: export it into the repository (npm run export:model -- ${m.processId}) and commit. ` +
          `Replace it with the file: start once with DEPLOY_REPLACE_MODELER_VERSIONS=true.`;
        logger.warn(
          { processId: m.processId, modelerVersion: latest.version },
          `not deploying processes/${m.processId}.bpmn: ${reason}`,
        );
        refused.push({ processId: m.processId, reason });
        continue;
      }
    }
    deployed.push(
      await deployProcess(db, engine, {
        processId: m.processId,
        bpmn: m.bpmn,
        deployedBy: SYSTEM_DEPLOYER,
        comment: `Från processes/${m.processId}.bpmn vid start`,
      }),
    );
  }
  return { deployed, refused };
}
