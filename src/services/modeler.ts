import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Knex } from 'knex';

import { type Engine, EngineError, isUnavailable } from '../engine/client.js';
import type { UserMessage } from '../errors.js';
import { logger } from '../logger.js';
import { FORMS_DIR, PROCESSES_DIR } from '../paths.js';
import { findProcessVersionXml, listProcessVersions, type ProcessVersion } from '../repositories/processVersions.js';
import { lintBpmnXml, type LintFinding } from './bpmnLint.js';
import { deployProcess, formIdsOf } from './deployment.js';
import { flowNodeCount, type SemanticDiff, semanticDiff } from './modelerDiff.js';

/** Process and form ids double as file names (STYLE §2), so they are kebab-case and never contain a path. */
export const MODEL_ID_PATTERN = /^[a-z][a-z0-9-]{0,99}$/;

/** A refusal of the modeler's API: `status`, a message code the route renders and, for lint refusals, the findings. */
export class ModelerError extends Error {
  constructor(
    readonly status: 404 | 409 | 422 | 502,
    readonly user: UserMessage,
    readonly findings: LintFinding[] = [],
  ) {
    super(`modeler refused: ${user.code}${user.arg ? ` ${user.arg}` : ''}`);
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
    versions: {
      version: number;
      processDefinitionId: string;
      deployedBy: string;
      deployedAt: string;
      comment: string | null;
      runningInstances: number | null;
    }[];
  }[];
  forms: { id: string }[];
  /** Where `runningInstances` comes from: the engine's count of running instances per definition, or nowhere. */
  runningInstancesBasis: 'engine' | 'unavailable';
}

/** Lists processes/*.bpmn and forms/*.form together with the versions deployed from the modeler. */
export async function listModels(deps: ModelerDeps): Promise<ModelCatalogue> {
  const dirs = dirsOf(deps);
  const files = async (dir: string, ext: string) =>
    existsSync(dir)
      ? (await readdir(dir))
          .filter((f) => f.endsWith(ext))
          .map((f) => f.slice(0, -ext.length))
          .sort()
      : [];
  const [bpmnIds, formIds, versions] = await Promise.all([
    files(dirs.processes, '.bpmn'),
    files(dirs.forms, '.form'),
    listProcessVersions(deps.db),
  ]);
  const [names, running] = await Promise.all([
    Promise.all(
      bpmnIds.map(
        async (id) => [id, processName(await readFile(path.join(dirs.processes, `${id}.bpmn`), 'utf8'))] as const,
      ),
    ).then((e) => new Map(e)),
    runningInstances(deps.engine, versions),
  ]);
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
          processDefinitionId: v.processDefinitionId,
          deployedBy: v.deployedBy,
          deployedAt: v.deployedAt.toISOString(),
          comment: v.comment,
          runningInstances: running ? (running.get(`${id}@${v.version}`) ?? 0) : null,
        })),
    })),
    forms: formIds.map((id) => ({ id })),
    runningInstancesBasis: running ? 'engine' : 'unavailable',
  };
}

/**
 * Running instances per `<process id>@<version>`, counted by the engine for each recorded version's definition
 * (looked up by key and version, so a definition id recorded against an engine database since reset does not count).
 * Undefined when the engine cannot answer: the page then shows "okänt" instead of failing.
 */
async function runningInstances(engine: Engine, versions: ProcessVersion[]): Promise<Map<string, number> | undefined> {
  const keys = [...new Set(versions.map((v) => v.bpmnProcessId))];
  try {
    const counts = await Promise.all(
      keys.map(async (key) => {
        const recorded = new Set(versions.filter((v) => v.bpmnProcessId === key).map((v) => v.version));
        const definitions = (await engine.processDefinitions({ key })).filter((d) => recorded.has(d.version));
        return Promise.all(
          definitions.map(
            async (d) =>
              [`${key}@${d.version}`, await engine.countProcessInstances({ processDefinitionId: d.id })] as const,
          ),
        );
      }),
    );
    return new Map(counts.flat());
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'modeler: running instances per version unavailable');
    return undefined;
  }
}

/** The name attribute of the first process in BPMN XML (a cheap look without parsing the model). */
function processName(xml: string): string | null {
  const m = /<(?:bpmn2?:)?process\b[^>]*?\bname="([^"]*)"/.exec(xml);
  return m ? decodeXmlAttr(m[1]!) : null;
}

const decodeXmlAttr = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** XML of `processes/<id>.bpmn` (version undefined or 'repo') or of a deployed version. */
export async function getModelXml(
  deps: Pick<ModelerDeps, 'db' | 'dirs'>,
  id: string,
  version?: number | 'repo',
): Promise<string> {
  if (version === undefined || version === 'repo') {
    const file = path.join(dirsOf(deps).processes, `${id}.bpmn`);
    if (!existsSync(file)) throw new ModelerError(404, { code: 'modeler.processNotFound', arg: id });
    return readFile(file, 'utf8');
  }
  const xml = await findProcessVersionXml(deps.db, id, version);
  if (xml === undefined)
    throw new ModelerError(404, { code: 'modeler.versionNotFound', arg: id, detail: String(version) });
  return xml;
}

/** The form-js schema of `forms/<id>.form`. */
export async function getForm(deps: Pick<ModelerDeps, 'dirs'>, id: string): Promise<unknown> {
  const file = path.join(dirsOf(deps).forms, `${id}.form`);
  if (!existsSync(file)) throw new ModelerError(404, { code: 'modeler.formNotFound', arg: id });
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** The file to save as `processes/<id>.bpmn`: the deployed version asked for, else the latest deployed one, else the file. */
export async function exportModel(
  deps: Pick<ModelerDeps, 'db' | 'dirs'>,
  id: string,
  version?: number,
): Promise<{ fileName: string; xml: string }> {
  let xml: string;
  if (version !== undefined) xml = await getModelXml(deps, id, version);
  else {
    const latest = (await listProcessVersions(deps.db)).find((v) => v.bpmnProcessId === id);
    xml = await getModelXml(deps, id, latest ? latest.version : 'repo');
  }
  return { fileName: `${id}.bpmn`, xml: xml.endsWith('\n') ? xml : `${xml}\n` };
}

/** Semantic diff (elements added, removed, changed, moved) between two versions (a number or 'repo' for processes/). */
export async function diffModels(
  deps: Pick<ModelerDeps, 'db' | 'dirs'>,
  id: string,
  a: number | 'repo',
  b: number | 'repo',
): Promise<{ id: string; a: number | 'repo'; b: number | 'repo'; diff: SemanticDiff }> {
  const [left, right] = await Promise.all([getModelXml(deps, id, a), getModelXml(deps, id, b)]);
  return { id, a, b, diff: await semanticDiff(left, right) };
}

/** What "Driftsätt" confirms before it deploys: the change against the engine's latest version and who stays on it. */
export interface DeployPreview {
  processId: string | null;
  /** The engine's latest version of the process, null when it was never deployed. */
  latestVersion: number | null;
  /** The change from that version to this model; null when there is no earlier version. */
  diff: SemanticDiff | null;
  /** The model has no flow node: nothing to run. */
  empty: boolean;
  lintErrors: LintFinding[];
  /** Running instances of the process (on earlier versions; they keep their version). Null when the engine cannot say. */
  runningInstances: number | null;
  /** Lint-clean, one process, not empty and different from the latest version. */
  canDeploy: boolean;
}

/** The summary the deploy confirmation shows: lint, emptiness, the semantic change and the running instances. */
export async function previewDeploy(deps: ModelerDeps, xml: string): Promise<DeployPreview> {
  const lint = await lintBpmnXml(xml);
  const processId = lint.processIds.length === 1 ? lint.processIds[0]! : null;
  const empty =
    (await flowNodeCount(xml).catch(() => {
      throw new ModelerError(422, { code: 'modeler.unreadable' });
    })) === 0;
  let latestVersion: number | null = null;
  let diff: SemanticDiff | null = null;
  let running: number | null = null;
  if (processId) {
    try {
      const [latest] = await deps.engine.processDefinitions({ key: processId, latestVersion: true });
      if (latest) {
        latestVersion = latest.version;
        diff = await semanticDiff(await deps.engine.processDefinitionXml(latest.id), xml);
      }
      running = await deps.engine.countProcessInstances({ processDefinitionKey: processId });
    } catch (err) {
      if (!isUnavailable(err) && !(err instanceof EngineError)) throw err;
      logger.warn({ err: (err as Error).message, processId }, 'modeler: deploy preview without the engine');
      throw new ModelerError(502, { code: 'modeler.engineUnavailable' });
    }
  }
  const unchanged = diff !== null && diff.identical;
  return {
    processId,
    latestVersion,
    diff,
    empty,
    lintErrors: lint.errors,
    runningInstances: running,
    canDeploy: !!processId && !empty && !lint.errors.length && !unchanged,
  };
}

export interface DeployRequest {
  xml: string;
  comment: string;
  /** Forms edited in the modeler; those the model links replace forms/<id>.form in this deployment. */
  forms?: { id: string; schema: Record<string, unknown> }[] | undefined;
  deployedBy: string;
}

export interface DeployResult {
  processId: string;
  version: number;
  processDefinitionId: string;
  /** True when the engine already had this exact model and forms (it then keeps the version number). */
  unchanged: boolean;
  warnings: LintFinding[];
  /** The forms deployed with this version (those the model links with camunda:formRef). */
  forms: { id: string }[];
}

/**
 * Lints the model with the product's rules and deploys it through the one deployment path of the product
 * (deployProcess: one engine deployment per process with the forms it links, duplicate filtering, version history
 * and task-list metadata). Forms edited alongside win over forms/<id>.form; a linked form found in neither refuses
 * the deploy. The engine assigns the version; redeploying the same model and forms returns the same version.
 */
export async function deployModel(deps: ModelerDeps, req: DeployRequest): Promise<DeployResult> {
  const lint = await lintBpmnXml(req.xml);
  if (lint.errors.length) throw new ModelerError(422, { code: 'modeler.lintErrors' }, lint.errors);
  if (lint.processIds.length !== 1) throw new ModelerError(422, { code: 'modeler.oneProcess' });
  const processId = lint.processIds[0]!;
  if ((await flowNodeCount(req.xml)) === 0) throw new ModelerError(422, { code: 'modeler.empty' });
  if (!MODEL_ID_PATTERN.test(processId)) throw new ModelerError(422, { code: 'modeler.badProcessId', arg: processId });
  const edited = req.forms ?? [];
  for (const f of edited) {
    if (f.schema.id !== f.id)
      throw new ModelerError(422, { code: 'modeler.formIdMismatch', arg: f.id, detail: String(f.schema.id) });
    if (!Array.isArray(f.schema.components))
      throw new ModelerError(422, { code: 'modeler.formWithoutComponents', arg: f.id });
  }
  const formsDir = dirsOf(deps).forms;
  const linked = await formIdsOf(req.xml);
  const missing = linked.filter(
    (id) => !edited.some((f) => f.id === id) && !existsSync(path.join(formsDir, `${id}.form`)),
  );
  if (missing.length) throw new ModelerError(422, { code: 'modeler.formsMissing', arg: missing.join(', ') });

  let deployed: Awaited<ReturnType<typeof deployProcess>>;
  try {
    deployed = await deployProcess(deps.db, deps.engine, {
      processId,
      bpmn: Buffer.from(req.xml),
      forms: edited.map((f) => ({
        name: `${f.id}.form`,
        content: Buffer.from(`${JSON.stringify(f.schema, null, 2)}\n`),
      })),
      formsDirs: [formsDir],
      deployedBy: req.deployedBy,
      comment: req.comment,
    });
  } catch (err) {
    if (isUnavailable(err)) throw new ModelerError(502, { code: 'modeler.engineUnavailableDeploy' });
    if (err instanceof EngineError) throw new ModelerError(422, { code: 'modeler.engineRefused', arg: err.message });
    throw err;
  }
  return {
    processId,
    version: deployed.version,
    processDefinitionId: deployed.processDefinitionId,
    unchanged: deployed.unchanged,
    warnings: lint.warnings,
    forms: linked.map((id) => ({ id })),
  };
}
