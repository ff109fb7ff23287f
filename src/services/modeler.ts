import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Engine } from '../engine/client.js';
import { FORMS_DIR, PROCESSES_DIR } from '../paths.js';
import {
  countInstancesWaitingAtTasks,
  findProcessVersionXml,
  insertProcessVersion,
  listProcessVersions,
} from '../repositories/processVersions.js';
import { lintBpmnXml, type LintFinding } from './bpmnLint.js';
import { recordDeploymentMetadata } from './deploymentMetadata.js';
import { sideBySide, type DiffRow } from './modelerDiff.js';

/** Process and form ids double as file names (STYLE §2), so they are kebab-case and never contain a path. */
export const MODEL_ID_PATTERN = /^[a-z][a-z0-9-]{0,99}$/;

/** A refusal the route shows as-is: `status`, a Swedish `userMessage` and, for lint refusals, the findings. */
export class ModelerError extends Error {
  constructor(
    readonly status: 404 | 409 | 422 | 502,
    readonly userMessage: string,
    readonly findings: LintFinding[] = [],
  ) {
    super(userMessage);
    this.name = 'ModelerError';
  }
}

export interface ModelerDeps {
  db: Knex;
  engine: Engine;
  dirs?: { processes: string; forms: string };
}

const dirsOf = (deps: Pick<ModelerDeps, 'dirs'>) => deps.dirs ?? { processes: PROCESSES_DIR, forms: FORMS_DIR };

/** What the modeler lists: processes (repository files and deployed versions) and forms. */
export interface ModelCatalogue {
  processes: {
    id: string;
    name: string | null;
    inRepository: boolean;
    versions: { version: number; processDefinitionKey: string; deployedBy: string; deployedAt: string; comment: string | null; runningInstances: number | null }[];
  }[];
  forms: { id: string }[];
  /** What `runningInstances` counts (the 8.6 engine has no search API). */
  runningInstancesBasis: 'open-user-tasks' | 'unavailable';
}

/** Lists processes/*.bpmn and forms/*.form together with the versions deployed from the modeler. */
export async function listModels(deps: ModelerDeps): Promise<ModelCatalogue> {
  const dirs = dirsOf(deps);
  const files = async (dir: string, ext: string) => (existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort() : []);
  const [bpmnIds, formIds, versions, running] = await Promise.all([
    files(dirs.processes, '.bpmn'),
    files(dirs.forms, '.form'),
    listProcessVersions(deps.db),
    countInstancesWaitingAtTasks(deps.db),
  ]);
  const names = new Map(await Promise.all(bpmnIds.map(async (id) => [id, processName(await readFile(path.join(dirs.processes, `${id}.bpmn`), 'utf8'))] as const)));
  const ids = [...new Set([...bpmnIds, ...versions.map((v) => v.bpmnProcessId)])].sort();
  return {
    processes: ids.map((id) => ({
      id,
      name: names.get(id) ?? null,
      inRepository: bpmnIds.includes(id),
      versions: versions
        .filter((v) => v.bpmnProcessId === id)
        .map((v) => ({
          version: v.version,
          processDefinitionKey: v.processDefinitionKey,
          deployedBy: v.deployedBy,
          deployedAt: v.deployedAt.toISOString(),
          comment: v.comment,
          runningInstances: running ? (running.get(`${id}@${v.version}`) ?? 0) : null,
        })),
    })),
    forms: formIds.map((id) => ({ id })),
    runningInstancesBasis: running ? 'open-user-tasks' : 'unavailable',
  };
}

/** The name attribute of the first process in BPMN XML (a cheap look without parsing the model). */
function processName(xml: string): string | null {
  const m = /<(?:bpmn2?:)?process\b[^>]*?\bname="([^"]*)"/.exec(xml);
  return m ? decodeXmlAttr(m[1]!) : null;
}

const decodeXmlAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** XML of `processes/<id>.bpmn` (version undefined or 'repo') or of a deployed version. */
export async function getModelXml(deps: Pick<ModelerDeps, 'db' | 'dirs'>, id: string, version?: number | 'repo'): Promise<string> {
  if (version === undefined || version === 'repo') {
    const file = path.join(dirsOf(deps).processes, `${id}.bpmn`);
    if (!existsSync(file)) throw new ModelerError(404, `Processen ${id} finns inte i processes/.`);
    return readFile(file, 'utf8');
  }
  const xml = await findProcessVersionXml(deps.db, id, version);
  if (xml === undefined) throw new ModelerError(404, `Version ${version} av ${id} finns inte.`);
  return xml;
}

/** The form-js schema of `forms/<id>.form`. */
export async function getForm(deps: Pick<ModelerDeps, 'dirs'>, id: string): Promise<unknown> {
  const file = path.join(dirsOf(deps).forms, `${id}.form`);
  if (!existsSync(file)) throw new ModelerError(404, `Formuläret ${id} finns inte.`);
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** The file to save as `processes/<id>.bpmn`: the deployed version asked for, else the latest deployed one, else the file. */
export async function exportModel(deps: Pick<ModelerDeps, 'db' | 'dirs'>, id: string, version?: number): Promise<{ fileName: string; xml: string }> {
  let xml: string;
  if (version !== undefined) xml = await getModelXml(deps, id, version);
  else {
    const latest = (await listProcessVersions(deps.db)).find((v) => v.bpmnProcessId === id);
    xml = await getModelXml(deps, id, latest ? latest.version : 'repo');
  }
  return { fileName: `${id}.bpmn`, xml: xml.endsWith('\n') ? xml : `${xml}\n` };
}

/** Side-by-side line diff of two versions (a number or 'repo' for the file in processes/). */
export async function diffModels(deps: Pick<ModelerDeps, 'db' | 'dirs'>, id: string, a: number | 'repo', b: number | 'repo'): Promise<{ id: string; a: number | 'repo'; b: number | 'repo'; rows: DiffRow[] }> {
  const [left, right] = await Promise.all([getModelXml(deps, id, a), getModelXml(deps, id, b)]);
  return { id, a, b, rows: sideBySide(left, right) };
}

export interface DeployRequest {
  xml: string;
  comment: string;
  forms?: { id: string; schema: Record<string, unknown> }[] | undefined;
  deployedBy: string;
}

export interface DeployResult {
  processId: string;
  version: number;
  processDefinitionKey: string;
  /** True when the engine already had this exact model (it then keeps the version number). */
  unchanged: boolean;
  warnings: LintFinding[];
  forms: { id: string; version: number }[];
}

/**
 * Lints the model with the product's bpmnlint rules, deploys it (with the forms edited alongside) in one
 * deployment, and records the version and what the task projection needs to know about it. The engine assigns the version, so the row is written after the
 * deployment; redeploying the same XML returns the same version and fills a row a crash may have lost.
 */
export async function deployModel(deps: ModelerDeps, req: DeployRequest): Promise<DeployResult> {
  const lint = await lintBpmnXml(req.xml);
  if (lint.errors.length) throw new ModelerError(422, 'Modellen har fel som måste rättas innan den kan driftsättas.', lint.errors);
  if (lint.processIds.length !== 1) throw new ModelerError(422, 'Modellen ska innehålla exakt en process.');
  const processId = lint.processIds[0]!;
  if (!MODEL_ID_PATTERN.test(processId)) {
    throw new ModelerError(422, `Process-id "${processId}" ska bestå av små bokstäver, siffror och bindestreck (det blir filnamnet i processes/).`);
  }
  const forms = req.forms ?? [];
  for (const f of forms) {
    if (f.schema.id !== f.id) throw new ModelerError(422, `Formuläret ${f.id} har id "${String(f.schema.id)}" i sitt innehåll; de måste vara lika.`);
    if (!Array.isArray(f.schema.components)) throw new ModelerError(422, `Formuläret ${f.id} saknar komponenter.`);
  }

  const resources = [
    ...forms.map((f) => ({ name: `${f.id}.form`, content: Buffer.from(`${JSON.stringify(f.schema, null, 2)}\n`) })),
    { name: `${processId}.bpmn`, content: Buffer.from(req.xml) },
  ];
  let res: Awaited<ReturnType<Engine['deploy']>>;
  try {
    res = await deps.engine.deploy(resources);
  } catch (err) {
    const detail = (err as { details?: string; message?: string }).details ?? (err as Error).message;
    throw new ModelerError(422, `Motorn nekade driftsättningen: ${detail}`);
  }
  const items = res.deployments as { process?: { bpmnProcessId: string; version: number; processDefinitionKey: string }; form?: { formId: string; version: number } }[];
  const deployed = items.find((d) => d.process?.bpmnProcessId === processId)?.process;
  if (!deployed) throw new ModelerError(502, 'Motorn bekräftade inte driftsättningen av processen.');
  const version = Number(deployed.version);
  // One transaction: the task projection's view of this version (element names, form keys) and its history row.
  const inserted = await deps.db.transaction(async (trx) => {
    await recordDeploymentMetadata(trx, res, resources);
    return insertProcessVersion(trx, {
      bpmnProcessId: processId,
      version,
      processDefinitionKey: String(deployed.processDefinitionKey),
      xml: req.xml,
      deployedBy: req.deployedBy,
      comment: req.comment,
    });
  });
  return {
    processId,
    version,
    processDefinitionKey: String(deployed.processDefinitionKey),
    unchanged: !inserted,
    warnings: lint.warnings,
    forms: items.flatMap((d) => (d.form ? [{ id: d.form.formId, version: Number(d.form.version) }] : [])),
  };
}
