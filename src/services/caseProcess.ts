import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Engine, HistoricActivity, HistoricProcessInstance } from '../engine/client.js';
import { logger } from '../logger.js';
import { PROCESSES_DIR } from '../paths.js';
import { findLatestProcessVersion, findProcessVersionXml } from '../repositories/processVersions.js';

/** How long a page waits for the engine before it renders without the engine's part (the page never fails on it). */
export const ENGINE_READ_DEADLINE_MS = 5_000;

/** The engine did not answer within a page's deadline. */
export class EngineDeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineDeadlineError';
  }
}

/** Rejects with EngineDeadlineError when `p` has not settled within `ms` (the engine client waits 30 s, too long for a page). */
export function withDeadline<T>(p: Promise<T>, ms = ENGINE_READ_DEADLINE_MS, what = 'engine read'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EngineDeadlineError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Every process instance of a case, running or ended (the business key of each instance is the case id). */
export async function caseInstances(engine: Engine, caseId: string): Promise<HistoricProcessInstance[]> {
  return withDeadline(
    engine.historicProcessInstances({ processInstanceBusinessKey: caseId }),
    ENGINE_READ_DEADLINE_MS,
    `instances of ${caseId}`,
  );
}

/** The instances still running (only those can have open incidents or a current position). */
export const runningInstances = (instances: HistoricProcessInstance[]) => instances.filter((i) => i.endTime === null);

/**
 * Activity types that are scopes around other activities, not steps: an open sub-process (or the body of a
 * multi-instance task) would frame the steps inside it as "current" as well.
 */
const SCOPE_TYPES = new Set(['subProcess', 'adHocSubProcess', 'transaction', 'multiInstanceBody']);
const MULTI_INSTANCE_SUFFIX = '#multiInstanceBody';

/**
 * The path of an instance from the engine's history: `done` are the elements of finished activity instances (not
 * those cancelled by an interrupting event), `current` the unfinished ones, scopes excepted. An element both done
 * (an earlier round of a loop) and current is only current.
 */
export function pathOf(activities: Pick<HistoricActivity, 'activityId' | 'activityType' | 'endTime' | 'canceled'>[]): {
  done: string[];
  current: string[];
} {
  const current = new Set<string>();
  const done = new Set<string>();
  for (const a of activities) {
    const id = a.activityId.endsWith(MULTI_INSTANCE_SUFFIX)
      ? a.activityId.slice(0, -MULTI_INSTANCE_SUFFIX.length)
      : a.activityId;
    if (a.endTime === null) {
      if (!SCOPE_TYPES.has(a.activityType)) current.add(id);
    } else if (!a.canceled) {
      done.add(id);
    }
  }
  return { done: [...done].filter((id) => !current.has(id)), current: [...current] };
}

/** What the case page's diagram shows: the model and the elements to mark. */
export interface CaseDiagram {
  xml: string;
  current: string[];
  done: string[];
}

/**
 * Why the diagram has no path: the engine did not answer, or it has no instance of the case (not started, or its
 * history was removed by gallring). null when the path is there.
 */
export type PathProblem = 'engine-unavailable' | 'no-history' | null;

export interface CaseProcessView {
  diagram: CaseDiagram | undefined;
  pathProblem: PathProblem;
  /** The case's instances; null when the engine did not answer. */
  instances: HistoricProcessInstance[] | null;
}

/** The model of the newest version of a process (recorded at deployment, else the file in processes/). */
async function latestModel(db: Knex, processId: string): Promise<string | undefined> {
  const latest = await findLatestProcessVersion(db, processId);
  if (latest) return latest.xml;
  if (!/^[a-z0-9-]+$/.test(processId)) return undefined;
  return readFile(path.join(PROCESSES_DIR, `${processId}.bpmn`), 'utf8').catch(() => undefined);
}

/** The instance whose model the page shows: of the case's own process if there is one, running before ended, newest first. */
function primaryInstance(instances: HistoricProcessInstance[], processId: string): HistoricProcessInstance | undefined {
  const own = instances.filter((i) => i.processDefinitionKey === processId);
  const pool = own.length ? own : instances;
  return [...pool].sort(
    (a, b) => Number(a.endTime !== null) - Number(b.endTime !== null) || b.startTime.localeCompare(a.startTime),
  )[0];
}

/**
 * The case's way through its process, read from the engine's history (activity instances of the instance(s) with
 * the case id as business key), on the model version the instance runs. When the engine does not answer, the
 * page still renders: the newest model without marks and `pathProblem` saying why.
 */
export async function caseProcessView(
  deps: { db: Knex; engine: Engine },
  caseId: string,
  processId: string,
): Promise<CaseProcessView> {
  let instances: HistoricProcessInstance[];
  try {
    instances = await caseInstances(deps.engine, caseId);
  } catch (err) {
    logger.warn({ caseId, err: (err as Error).message }, 'engine unavailable: case view without the process path');
    return { diagram: await unmarked(deps.db, processId), pathProblem: 'engine-unavailable', instances: null };
  }
  const primary = primaryInstance(instances, processId);
  if (!primary) return { diagram: await unmarked(deps.db, processId), pathProblem: 'no-history', instances };
  try {
    // a case normally has one instance; more (e.g. started again after an error) share the model's element ids
    const same = instances.filter((i) => i.processDefinitionKey === primary.processDefinitionKey);
    const activities = (
      await withDeadline(
        Promise.all(same.map((i) => deps.engine.activityHistory({ processInstanceId: i.id }))),
        ENGINE_READ_DEADLINE_MS,
        `history of ${caseId}`,
      )
    ).flat();
    const xml =
      (await findProcessVersionXml(deps.db, primary.processDefinitionKey, primary.processDefinitionVersion)) ??
      (await withDeadline(
        deps.engine.processDefinitionXml(primary.processDefinitionId),
        ENGINE_READ_DEADLINE_MS,
        `model ${primary.processDefinitionId}`,
      ));
    return { diagram: { xml, ...pathOf(activities) }, pathProblem: null, instances };
  } catch (err) {
    logger.warn(
      { caseId, processInstanceId: primary.id, err: (err as Error).message },
      'engine unavailable: case view without the process path',
    );
    return {
      diagram: await unmarked(deps.db, primary.processDefinitionKey),
      pathProblem: 'engine-unavailable',
      instances,
    };
  }
}

async function unmarked(db: Knex, processId: string): Promise<CaseDiagram | undefined> {
  const xml = await latestModel(db, processId);
  return xml ? { xml, current: [], done: [] } : undefined;
}
