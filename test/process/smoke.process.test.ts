import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { ROOT } from '../../src/paths.js';
import { defineWorker } from '../../workers/runtime/runJob.js';
import { testPersonnummer } from '../support/builders.js';
import { clock, connect, eventually, instanceIsActive, runWorkers, uniqueCaseId } from '../support/harness.js';
import { scanEngineVariables } from '../support/piiScan.js';

/** A personnummer with a valid check digit (the kind the scan must find), written with a dash: 19900101-NNNC. */
const validPersonnummer = () => testPersonnummer(1990).replace(/^(\d{8})/, '$1-');

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

  test('when an instance starts and the worker completes its external task, then the instance completes with the worker output', async () => {
    // given
    await engine.deploy({
      name: 'smoke-echo',
      resources: [{ name: 'smoke-echo.bpmn', content: readFileSync(path.join(ROOT, 'test/fixtures/smoke-echo.bpmn')) }],
    });
    const workers = runWorkers(engine, db, [echo]);
    try {
      const caseId = uniqueCaseId('SMOKE');
      // when
      const { processInstanceId } = await engine.startProcess('smoke-echo', {
        businessKey: caseId,
        variables: { caseId },
      });
      // then
      await eventually(async () => !(await instanceIsActive(engine, processInstanceId)), {
        what: 'smoke instance completed',
      });
      const history = await engine.historicProcessInstance(processInstanceId);
      expect(history).toMatchObject({ businessKey: caseId, state: 'COMPLETED' });
      const echoed = (
        await engine.variableUpdates({ occurredAfter: new Date(Date.parse(history!.startTime) - 1_000) })
      ).filter((u) => u.processInstanceId === processInstanceId && u.name === 'echoed');
      expect(echoed.map((u) => u.value)).toEqual([caseId]);
      const ledger = await db('job_ledger').where({ process_instance_key: processInstanceId }).first();
      expect(ledger).toMatchObject({ job_type: 'smoke-test-echo', output: { echoed: caseId } });
    } finally {
      await workers.stop();
    }
  });

  test('when a variable of an instance holds a personnummer, then the scan of the engine history finds it', async () => {
    // given an instance (no worker: it waits at its external task) started with a personnummer in a variable
    await engine.deploy({
      name: 'smoke-echo',
      resources: [{ name: 'smoke-echo.bpmn', content: readFileSync(path.join(ROOT, 'test/fixtures/smoke-echo.bpmn')) }],
    });
    const since = new Date((await clock.now()) - 1_000);
    const caseId = uniqueCaseId('PII');
    const { processInstanceId } = await engine.startProcess('smoke-echo', {
      businessKey: caseId,
      variables: { caseId, anteckning: `Gäller ${validPersonnummer()}` },
    });
    try {
      // when
      const { findings } = await scanEngineVariables(engine, since);
      // then both the stored update and the running instance's variable are reported
      const mine = findings.filter((f) => f.includes(processInstanceId));
      expect(mine).toEqual([
        expect.stringMatching(/anteckning: looks like a personnummer/),
        expect.stringMatching(/^running instance .*anteckning: looks like a personnummer/),
      ]);
    } finally {
      // the planted value is removed from the engine, so this file's own scan (piiScanSetup) stays clean
      await engine.cancelProcessInstance(processInstanceId);
      await engine.deleteHistoricProcessInstance(processInstanceId);
    }
    expect((await scanEngineVariables(engine, since)).findings.filter((f) => f.includes(processInstanceId))).toEqual(
      [],
    );
  });

  test('when the engine is asked for its version, then it answers as Operaton 1.0.x within the health timeout', async () => {
    // given / when
    const version = await engine.version();
    // then
    expect(version).toMatch(/^1\.0\.\d+/);
  });
});
