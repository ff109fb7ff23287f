import type { Knex } from 'knex';

import type { Engine } from '../../src/engine/client.js';
import { deployProcess, repositoryModels } from '../../src/services/deployment.js';
import { allWorkers } from '../../workers/index.js';
import type { WorkerDefinition } from '../../workers/runtime/runJob.js';
import { ensureCoverageTable, formatCoverage, writeCoverage } from './bpmnCoverage.js';
import { connect, runWorkers } from './harness.js';
import { UserTaskInbox } from './userTasks.js';

export interface Testbed {
  engine: Engine;
  db: Knex;
  inbox: UserTaskInbox;
  stop(): Promise<void>;
}

/**
 * Deploys every model of processes/ with the forms it links, exactly as start-up does (`deployProcess`; the engine's
 * duplicate filtering makes a second deploy of unchanged files a no-op), starts the real workers of workers/index.ts
 * and gives a user-task helper over the engine's task API. Call stop() in afterAll: it stops the workers, then
 * writes and prints the BPMN coverage of this run so far (read from the engine's history).
 */
export async function startTestbed(extraWorkers: WorkerDefinition[] = []): Promise<Testbed> {
  const { engine, db, close } = connect();
  try {
    for (const m of repositoryModels())
      await deployProcess(db, engine, { processId: m.processId, bpmn: m.bpmn, deployedBy: 'test', comment: null });
    await ensureCoverageTable(db);
  } catch (err) {
    await close();
    throw err;
  }
  const workers = runWorkers(engine, db, [...allWorkers, ...extraWorkers]);
  const inbox = new UserTaskInbox(engine);
  return {
    engine,
    db,
    inbox,
    stop: async () => {
      try {
        await workers.stop();
        const report = await writeCoverage(engine, db);
        process.stdout.write(`\n${formatCoverage(report)}\n`);
      } finally {
        await close();
      }
    },
  };
}
