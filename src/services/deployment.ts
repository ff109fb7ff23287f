import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Engine } from '../engine/client.js';
import { FORMS_DIR, PROCESSES_DIR } from '../paths.js';
import { deployedHashes, recordDeployed } from '../repositories/engineResources.js';
import { insertProcessVersion } from '../repositories/processVersions.js';
import { recordDeploymentMetadata } from './deploymentMetadata.js';

export interface ResourceFile { name: string; content: Buffer; sha256: string }

/** Reads every model in processes/ and form in forms/ (forms first: user tasks link them by id). */
export function readRepositoryResources(dirs = { processes: PROCESSES_DIR, forms: FORMS_DIR }): ResourceFile[] {
  const read = (dir: string, ext: string) =>
    (existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((name) => {
        const content = readFileSync(path.join(dir, name));
        return { name, content, sha256: createHash('sha256').update(content).digest('hex') };
      });
  return [...read(dirs.forms, '.form'), ...read(dirs.processes, '.bpmn'), ...read(dirs.processes, '.dmn')];
}

/**
 * Deploys the resources whose content changed since the last deployment (by SHA-256), in one deployment.
 * Returns the names deployed; an empty list when nothing changed.
 */
export async function deployChangedResources(db: Knex, engine: Engine, resources = readRepositoryResources()): Promise<string[]> {
  const known = await deployedHashes(db);
  const changed = resources.filter((r) => known.get(r.name) !== r.sha256);
  if (changed.length === 0) return [];
  const res = await engine.deploy(changed);
  await recordDeploymentMetadata(db, res, changed); // form keys and element names for the task projection
  // The version history of the modeler also shows versions deployed from processes/ at start-up.
  for (const d of res.deployments as { process?: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string } }[]) {
    const resource = d.process && changed.find((r) => r.name === d.process!.resourceName);
    if (!d.process || !resource) continue;
    await insertProcessVersion(db, {
      bpmnProcessId: d.process.bpmnProcessId,
      version: Number(d.process.version),
      processDefinitionKey: String(d.process.processDefinitionKey),
      deployedBy: 'system',
      comment: `Från processes/${resource.name} vid start`,
      xml: resource.content.toString('utf8'),
    });
  }
  await recordDeployed(db, changed.map((r) => ({ name: r.name, sha256: r.sha256, deploymentKey: String(res.key) })));
  return changed.map((r) => r.name);
}
