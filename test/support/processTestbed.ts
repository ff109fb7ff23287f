import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { Engine } from '../../src/engine/client.js';
import { FORMS_DIR, PROCESSES_DIR } from '../../src/paths.js';
import { readRepositoryResources } from '../../src/services/deployment.js';
import { allWorkers } from '../../workers/index.js';
import type { WorkerDefinition } from '../../workers/runtime/runJob.js';
import { instrument, startTracking, writeCoverage, formatCoverage } from './bpmnCoverage.js';
import { connect, runWorkers } from './harness.js';
import { UserTaskInbox } from './userTasks.js';

export interface Testbed { engine: Engine; db: Knex; inbox: UserTaskInbox; stop(): Promise<void> }

/**
 * Deploys every form and (coverage-instrumented) model from the repository, starts the real workers of
 * workers/index.ts (not the task projection: the inbox stands in for the app), the coverage tracker and a
 * user-task inbox. Call stop() in afterAll: it also writes and prints the BPMN coverage so far.
 */
export async function startTestbed(extraWorkers: WorkerDefinition[] = []): Promise<Testbed> {
  const { engine, db, close } = connect();
  const resources = readRepositoryResources({ processes: PROCESSES_DIR, forms: FORMS_DIR });
  const deployable = await Promise.all(resources.map(async (r) => (r.name.endsWith('.bpmn') ? { name: r.name, content: Buffer.from(await instrument(r.content.toString('utf8'))) } : { name: r.name, content: r.content })));
  await engine.deploy(deployable);
  const tracking = await startTracking(engine, db);
  const workers = runWorkers(engine, db, [...allWorkers.filter((w) => w.jobType !== 'io.camunda.zeebe:userTask'), ...extraWorkers]);
  const inbox = new UserTaskInbox(engine);
  return {
    engine,
    db,
    inbox,
    stop: async () => {
      await inbox.stop();
      await workers.stop();
      await tracking.stop();
      // Leave clean models as the latest versions, so other test files that start these processes without the
      // tracking worker are not blocked by a listener nobody serves.
      await engine.deploy(resources.filter((r) => r.name.endsWith('.bpmn')).map((r) => ({ name: r.name, content: r.content })));
      const report = await writeCoverage(db);
      process.stdout.write(`\n${formatCoverage(report)}\n`);
      await close();
    },
  };
}

/** Reads a model file (for tests that need to look at the XML). */
export const readModel = (processId: string) => readFileSync(path.join(PROCESSES_DIR, `${processId}.bpmn`), 'utf8');
