import type { Knex } from 'knex';

import type { SessionUser } from '../domain/sessionUser.js';
import {
  type Engine,
  EngineError,
  type HistoricProcessInstance,
  type Incident,
  isNotFound,
  isUnavailable,
  keyOfDefinitionId,
  versionOfDefinitionId,
} from '../engine/client.js';
import { NotFound, type UserMessage } from '../errors.js';
import { logger } from '../logger.js';
import { processElement, processNames } from '../repositories/deploymentMetadata.js';
import { auditBy } from './audit.js';
import { accessCase, type CaseAccess, mayHandleIncidents, mayOpenCase } from './caseAccess.js';
import {
  caseInstances,
  ENGINE_READ_DEADLINE_MS,
  EngineDeadlineError,
  runningInstances,
  withDeadline,
} from './caseProcess.js';
import { PROCESS_IDS } from './cases.js';

/** An open incident as our pages show it: the step, the cause (a message code the view renders) and since when. */
export interface IncidentItem {
  id: string;
  processInstanceId: string;
  processDefinitionKey: string;
  activityId: string;
  /** The step's name in the deployed version (deployed_process_elements), else the activity id. */
  stepName: string;
  processName: string;
  /** For the handläggare and samordnare, in plain words once rendered. */
  cause: UserMessage;
  /** The engine's own message when `cause` is a plain-Swedish rewording of it (for support); null otherwise. */
  technical: string | null;
  since: Date;
  /** False for an incident that only mirrors one in a called instance (nothing to retry here). */
  retryable: boolean;
}

/** Our workers write `<topic>: <message>` (workers/runtime/runJob.ts); the topic adds nothing for a reader. */
const TOPIC_PREFIX = /^[a-z][a-z0-9-]*: /;

/** Known worker messages (workers/, src/services/caseWork.ts) → a cause in plain words. Checked in order. */
const KNOWN: { test: RegExp; cause: (m: RegExpExecArray) => UserMessage }[] = [
  { test: /case (\S+) does not exist/i, cause: (m) => ({ code: 'incident.unknownCase', arg: m[1]! }) },
  { test: /^Invalid job variables for /, cause: () => ({ code: 'incident.invalidInput' }) },
  { test: /produced invalid output/, cause: () => ({ code: 'incident.invalidOutput' }) },
  { test: /BPMN error (\S+) is not caught/, cause: (m) => ({ code: 'incident.uncaughtError', arg: m[1]! }) },
  {
    test: /unknown or missing header|unknown or missing property|invalid property|unknown header|no recipients/i,
    cause: () => ({ code: 'incident.configuration' }),
  },
  { test: /cannot render notification/i, cause: () => ({ code: 'incident.template' }) },
  { test: /cannot compute due date/i, cause: () => ({ code: 'incident.dueDate' }) },
  { test: /needs (meetingAt|afAnswer)|a no needs motivering/, cause: () => ({ code: 'incident.missingData' }) },
];

/**
 * The cause of an incident: a known worker message as a plain-words code (with the engine's message kept as
 * technical detail), else a technical error naming the step and carrying the engine's message.
 */
export function incidentCause(
  message: string | null,
  stepName: string,
): { cause: UserMessage; technical: string | null } {
  const text = (message ?? '').trim();
  if (!text) return { cause: { code: 'incident.technical', arg: stepName }, technical: null };
  const body = text.replace(TOPIC_PREFIX, '');
  for (const k of KNOWN) {
    const m = k.test.exec(body);
    if (m) return { cause: k.cause(m), technical: text };
  }
  return { cause: { code: 'incident.technical', arg: stepName, detail: text }, technical: null };
}

/** Step and process names of deployed versions, looked up once per request. */
function stepNames(db: Knex) {
  const cache = new Map<string, Promise<{ stepName: string; processName: string }>>();
  return (processDefinitionId: string, activityId: string) => {
    const key = `${processDefinitionId}#${activityId}`;
    let found = cache.get(key);
    if (!found) {
      const processKey = keyOfDefinitionId(processDefinitionId);
      found = processElement(db, processKey, versionOfDefinitionId(processDefinitionId), activityId).then((e) => ({
        stepName: e?.element_name ?? activityId,
        processName: e?.process_name ?? processKey,
      }));
      cache.set(key, found);
    }
    return found;
  };
}

async function describe(names: ReturnType<typeof stepNames>, i: Incident): Promise<IncidentItem> {
  const { stepName, processName } = await names(i.processDefinitionId, i.activityId);
  // an incident raised in a called instance is mirrored on the calling activity without a failed task of its own
  const retryable = i.configuration !== null;
  const { cause, technical }: ReturnType<typeof incidentCause> = retryable
    ? incidentCause(i.incidentMessage, stepName)
    : { cause: { code: 'incident.subProcess' }, technical: i.incidentMessage };
  return {
    id: i.id,
    processInstanceId: i.processInstanceId,
    processDefinitionKey: keyOfDefinitionId(i.processDefinitionId),
    activityId: i.activityId,
    stepName,
    processName,
    cause,
    technical,
    since: new Date(i.incidentTimestamp),
    retryable,
  };
}

/** True for a failure that means "the engine did not answer" rather than "the engine said no". */
const engineDown = (err: unknown) => isUnavailable(err) || err instanceof EngineDeadlineError;

/** The incidents section of a case page: null when the user is not one who handles them (see `mayHandleIncidents`). */
export interface CaseIncidents {
  items: IncidentItem[];
  /** The engine did not answer: whether a step is stuck is unknown. */
  unavailable: boolean;
}

/**
 * The open incidents of a case's running instances, for the users who handle them (the organisation answering for
 * the case and the samordnare); null for the others. `instances` null means the engine did not answer.
 */
export async function caseIncidents(
  deps: { db: Knex; engine: Engine },
  user: SessionUser,
  access: CaseAccess,
  instances: HistoricProcessInstance[] | null,
): Promise<CaseIncidents | null> {
  if (!mayHandleIncidents(user, access)) return null;
  if (instances === null) return { items: [], unavailable: true };
  try {
    const running = runningInstances(instances);
    const found = (
      await withDeadline(
        Promise.all(running.map((i) => deps.engine.incidents({ processInstanceId: i.id }))),
        ENGINE_READ_DEADLINE_MS,
        `incidents of ${access.caseId}`,
      )
    ).flat();
    const names = stepNames(deps.db);
    return { items: await Promise.all(found.map((i) => describe(names, i))), unavailable: false };
  } catch (err) {
    logger.warn(
      { caseId: access.caseId, err: (err as Error).message },
      'engine unavailable: case view without incidents',
    );
    return { items: [], unavailable: true };
  }
}

/** What "Försök igen" did. */
export type RetryOutcome = 'retried' | 'already-resolved' | 'not-allowed' | 'engine-unavailable' | 'failed';

/**
 * "Försök igen" on a case's incident: gives the failed external task (or job) its retries back, so the step runs
 * again. Only for those who handle the case's incidents; the incident must belong to one of the case's instances
 * (the id alone proves nothing). Cases the user may not see, and incidents of other cases, answer NotFound.
 * Writes one audit row (`retry-incident`) when the engine took the retry.
 */
export async function retryCaseIncident(
  deps: { db: Knex; engine: Engine },
  user: SessionUser,
  caseId: string,
  incidentId: string,
): Promise<RetryOutcome> {
  const access = await accessCase(deps.db, user, caseId);
  if (!mayHandleIncidents(user, access)) return 'not-allowed';
  let incident: Incident | undefined;
  let instances: HistoricProcessInstance[];
  try {
    [incident] = await withDeadline(
      deps.engine.incidents({ incidentId }),
      ENGINE_READ_DEADLINE_MS,
      `incident ${incidentId}`,
    );
    if (!incident) return 'already-resolved'; // resolved meanwhile (or never existed: nothing to tell apart here)
    instances = await caseInstances(deps.engine, caseId);
  } catch (err) {
    if (engineDown(err)) return 'engine-unavailable';
    throw err;
  }
  if (!instances.some((i) => i.id === incident.processInstanceId))
    throw new NotFound(`incident ${incidentId} does not belong to case ${caseId}`);
  const log = logger.child({
    caseId,
    incidentId: incident.id,
    processInstanceId: incident.processInstanceId,
    activityId: incident.activityId,
  });
  try {
    await deps.engine.retryIncident(incident);
  } catch (err) {
    if (isNotFound(err)) return 'already-resolved';
    if (engineDown(err)) return 'engine-unavailable';
    if (err instanceof EngineError) {
      log.warn({ err: err.message }, 'engine refused the retry of an incident');
      return 'failed';
    }
    throw err;
  }
  log.info({ username: user.username }, 'incident retried');
  await auditBy(deps.db, user, {
    action: 'retry-incident',
    objectType: 'incident',
    objectId: incident.id,
    caseId,
    details: {
      processInstanceId: incident.processInstanceId,
      activityId: incident.activityId,
      incidentType: incident.incidentType,
    },
  });
  return 'retried';
}

/** One row of the samordnare's overview. */
export interface OverviewIncident extends IncidentItem {
  /** The business key of the instance: the case id (null for an instance started without one). */
  caseId: string | null;
  /** True when the viewer may open the case (the link is only shown then). */
  mayOpen: boolean;
}

/**
 * The processes whose incidents the overview lists: ours (processes/) and every other process deployed through
 * Samverkan (the modeler records each deployment), so a newly deployed routine cannot get stuck unseen either.
 */
async function ourProcessKeys(db: Knex): Promise<string[]> {
  const deployed = (await processNames(db)).map((p) => p.bpmn_process_id);
  return [...new Set([...Object.values(PROCESS_IDS), ...deployed])].sort();
}

/**
 * Every open incident of our processes, so that no case is stuck without someone seeing it (samordnare, admin).
 * Shows case ids, steps and causes; the case link only for those who may open the case. The read is audited with
 * the case ids shown. `unavailable` when the engine did not answer.
 */
export async function incidentOverview(
  deps: { db: Knex; engine: Engine },
  user: SessionUser,
): Promise<{ incidents: OverviewIncident[]; unavailable: boolean }> {
  const keys = await ourProcessKeys(deps.db);
  let found: Incident[];
  const businessKeys = new Map<string, string | null>();
  try {
    found = await withDeadline(
      deps.engine.incidents({ processDefinitionKeyIn: keys }),
      ENGINE_READ_DEADLINE_MS,
      'incidents',
    );
    const ids = [...new Set(found.map((i) => i.processInstanceId))];
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      const instances = await withDeadline(
        deps.engine.historicProcessInstances({ processInstanceIds: chunk, maxResults: chunk.length }),
        ENGINE_READ_DEADLINE_MS,
        'instances of incidents',
      );
      for (const p of instances) businessKeys.set(p.id, p.businessKey);
    }
  } catch (err) {
    if (!(engineDown(err) || err instanceof EngineError)) throw err;
    logger.warn({ err: (err as Error).message }, 'engine unavailable: incident overview empty');
    return { incidents: [], unavailable: true };
  }
  const names = stepNames(deps.db);
  const openable = new Map<string, Promise<boolean>>();
  const mayOpen = (caseId: string) => {
    let p = openable.get(caseId);
    if (!p) openable.set(caseId, (p = mayOpenCase(deps.db, user, caseId)));
    return p;
  };
  const incidents = await Promise.all(
    found.map(async (i) => {
      const caseId = businessKeys.get(i.processInstanceId) ?? null;
      return { ...(await describe(names, i)), caseId, mayOpen: caseId ? await mayOpen(caseId) : false };
    }),
  );
  const caseIds = [...new Set(incidents.flatMap((i) => (i.caseId ? [i.caseId] : [])))];
  await auditBy(deps.db, user, {
    action: 'read',
    objectType: 'incident_overview',
    objectId: '*',
    details: { incidents: incidents.length, caseIds },
  });
  return { incidents, unavailable: false };
}
