import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Engine } from '../../../src/engine/client.js';
import { ROOT } from '../../../src/paths.js';
import type { TaskRow } from '../../../src/repositories/tasks.js';
import {
  type DeployedProcess,
  deployProcess,
  deployRepositoryModels,
  SYSTEM_DEPLOYER,
} from '../../../src/services/deployment.js';
import { eventually, uniqueCaseId } from '../../support/harness.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/**
 * Deploys test/fixtures/<processId>.bpmn with the forms of test/fixtures through the product's deployment path (records
 * element names and forms).
 */
export function deployFixture(db: Knex, engine: Engine, processId: string): Promise<DeployedProcess> {
  return deployProcess(db, engine, {
    processId,
    bpmn: readFileSync(path.join(FIXTURES, `${processId}.bpmn`)),
    deployedBy: SYSTEM_DEPLOYER,
    comment: 'test fixture',
    formsDirs: [FIXTURES],
  });
}

/** Deploys test/fixtures/ui-task-fixture.bpmn with its form (see deployFixture). */
export const deployUiTaskFixture = (db: Knex, engine: Engine): Promise<DeployedProcess> =>
  deployFixture(db, engine, 'ui-task-fixture');

/**
 * Deploys processes/ and forms/ as start-up does. A test of the modeler may have deployed its own version of a
 * repository model into this run's database: the files win here, so every file sees the repository's models.
 */
export async function deployRepository(db: Knex, engine: Engine): Promise<void> {
  const { refused } = await deployRepositoryModels(db, engine, { replaceModelerVersions: true });
  if (refused.length)
    throw new Error(`models not deployed: ${refused.map((r) => `${r.processId}: ${r.reason}`).join('; ')}`);
}

/** A read-model row of the `tasks` table, as the tests read it back (every column). */
export type TaskRowOf = TaskRow;

/** Waits until the read model has the task (task sync: the engine's event or a reconciliation). */
export function taskInReadModel(
  db: Knex,
  where: Record<string, unknown>,
  { timeoutMs = 20_000, what = `task ${JSON.stringify(where)} in the read model` } = {},
): Promise<TaskRowOf> {
  return eventually(() => db('tasks').where(where).first<TaskRowOf | undefined>(), { timeoutMs, what });
}

/** Starts ui-task-fixture for a new case (business key = case id) and waits for its first task in the read model. */
export async function startUiTask(
  db: Knex,
  engine: Engine,
  { dueDate = new Date(Date.now() - 86_400_000).toISOString(), verksamhet = 'vuxentorget', prefix = 'UI' } = {},
) {
  const caseId = uniqueCaseId(prefix);
  const { processInstanceId } = await engine.startProcess('ui-task-fixture', {
    businessKey: caseId,
    variables: { caseId, dueDate, verksamhet },
  });
  const task = await taskInReadModel(db, { case_id: caseId, element_id: 'Task_RegisterDecision' });
  return { caseId, processInstanceId, taskId: task.task_id, task };
}
