import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROOT } from '../../src/paths.js';
import { defineWorker } from '../../workers/runtime/runJob.js';
import { connect, eventually, instanceIsActive, runWorkers, uniqueCaseId } from '../support/harness.js';

const echo = defineWorker({
  jobType: 'smoke-test-echo',
  Input: z.object({ caseId: z.string() }),
  Output: z.object({ echoed: z.string() }),
  handle: async (input, ctx) => {
    await ctx.trx('job_ledger').count(); // touches the database inside the job's transaction
    return { echoed: input.caseId };
  },
});

describe('smoke: a real engine runs a model with a real worker', () => {
  const { engine, db, close } = connect();
  afterAll(close);

  test('when an instance starts and the worker completes its job, then the instance completes with the worker output', async () => {
    // given
    await engine.deploy([{ name: 'smoke-echo.bpmn', content: readFileSync(path.join(ROOT, 'test/fixtures/smoke-echo.bpmn')) }]);
    const workers = runWorkers(engine, db, [echo]);
    try {
      const caseId = uniqueCaseId('SMOKE');
      // when
      const result = await engine.grpc.createProcessInstanceWithResult({ bpmnProcessId: 'smoke-echo', variables: { caseId }, requestTimeout: 30_000 });
      // then
      expect(result.variables).toMatchObject({ caseId, echoed: caseId });
      expect(await instanceIsActive(engine, String(result.processInstanceKey))).toBe(false);
      const ledger = await eventually(() => db('job_ledger').where({ process_instance_key: String(result.processInstanceKey) }).first(), { what: 'ledger row' });
      expect(ledger).toMatchObject({ job_type: 'smoke-test-echo', output: { echoed: caseId } });
    } finally {
      await workers.stop();
    }
  });

  test('when the engine is asked for its topology, then a leader partition that is not dead answers', async () => {
    const topo = await engine.topology();
    const partitions = topo.brokers[0]!.partitions.map((p) => ({ role: String(p.role), health: String(p.health) }));
    expect(partitions).toContainEqual({ role: 'LEADER', health: expect.stringMatching(/^(HEALTHY|UNHEALTHY)$/) });
  });
});
