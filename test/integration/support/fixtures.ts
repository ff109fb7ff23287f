import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Knex } from 'knex';

import type { Engine } from '../../../src/engine/client.js';
import { ROOT } from '../../../src/paths.js';
import {
  type DeployedProcess,
  deployProcess,
  deployRepositoryModels,
  SYSTEM_DEPLOYER,
} from '../../../src/services/deployment.js';
import { eventually, uniqueCaseId } from '../../support/harness.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** Deploys test/fixtures/ui-task-fixture.bpmn with its form through the product's deployment path (records element names and forms). */
export function deployUiTaskFixture(db: Knex, engine: Engine): Promise<DeployedProcess> {
  return deployProcess(db, engine, {
    processId: 'ui-task-fixture',
    bpmn: readFileSync(path.join(FIXTURES, 'ui-task-fixture.bpmn')),
    deployedBy: SYSTEM_DEPLOYER,
    comment: 'test fixture',
    formsDirs: [FIXTURES],
  });
}

/**
 * Deploys processes/ and forms/ as start-up does. A test of the modeler may have deployed its own version of a
 * repository model into this run's database: the files win here, so every file sees the repository's models.
 */
export async function deployRepository(db: Knex, engine: Engine): Promise<void> {
  const { refused } = await deployRepositoryModels(db, engine, { replaceModelerVersions: true });
  if (refused.length)
    throw new Error(`models not deployed: ${refused.map((r) => `${r.processId}: ${r.reason}`).join('; ')}`);
}

/** A read-model row of the `tasks` table (the columns the tests look at). */
export interface TaskRowOf {
  task_id: string;
  process_instance_id: string;
  element_id: string;
  element_name: string | null;
  case_id: string | null;
  form_id: string | null;
  candidate_groups: string[];
  assignee: string | null;
  state: string;
  completed_by: string | null;
  due_at: Date | null;
  verksamhet: string | null;
}

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
