import type { Knex } from 'knex';
import { z } from 'zod';

import { parseConfig } from '../../src/config.js';
import { createKnex } from '../../src/db/knex.js';
import { logger } from '../../src/logger.js';
import { BusinessError, RetryableError } from '../../workers/runtime/errors.js';
import { backoffMs, defineWorker, type JobLike, runJob } from '../../workers/runtime/runJob.js';

// The engine's job object is the boundary here: a recording double stands in for it so every outcome
// mapping of runJob can be checked against the real database. The real engine path is in test/process/.
function recordingJob(overrides: Partial<JobLike> & { variables: Record<string, unknown> }) {
  const calls: { action: string; arg: unknown }[] = [];
  const job: JobLike = {
    key: String(9_000_000 + Math.floor(Math.random() * 1_000_000_000)),
    type: 'test-effect',
    processInstanceKey: '1',
    bpmnProcessId: 'test',
    elementId: 'Task_Test',
    retries: 5,
    customHeaders: {},
    complete: async (v) => calls.push({ action: 'complete', arg: v }),
    fail: async (c) => calls.push({ action: 'fail', arg: c }),
    error: async (c) => calls.push({ action: 'error', arg: c }),
    ...overrides,
  };
  return { job, calls };
}

describe('runJob', () => {
  let db: Knex;
  const log = logger.child({ test: 'runJob' });
  beforeAll(async () => {
    db = createKnex(parseConfig().DATABASE_URL!);
    await db.schema.createTable('test_effects', (t) => {
      t.increments('id');
      t.string('case_id');
    });
  });
  afterAll(async () => {
    await db.schema.dropTableIfExists('test_effects');
    await db.destroy();
  });

  let handled = 0;
  const writer = defineWorker({
    jobType: 'test-effect',
    Input: z.object({ caseId: z.string().min(1) }),
    Output: z.object({ written: z.boolean() }),
    handle: async (input, ctx) => {
      handled += 1;
      await ctx.trx('test_effects').insert({ case_id: input.caseId });
      if (input.caseId === 'business') throw new BusinessError('CONSENT_MISSING', 'no consent');
      if (input.caseId === 'transient') throw new RetryableError('database busy');
      if (input.caseId === 'bad-output') return { written: 'yes' } as never;
      return { written: true };
    },
  });
  const effects = (caseId: string) =>
    db('test_effects')
      .where({ case_id: caseId })
      .count<{ count: string }[]>('* as count')
      .then((r) => Number(r[0]!.count));

  test('when the same job is delivered twice, then the effect happens once and both deliveries complete with the same output', async () => {
    // given
    const { job, calls } = recordingJob({ variables: { caseId: 'dup-1' } });
    handled = 0;
    // when
    const first = await runJob(writer, job, { db, log });
    const second = await runJob(writer, job, { db, log });
    // then
    expect([first, second]).toEqual(['completed', 'replayed']);
    expect(handled).toBe(1);
    expect(await effects('dup-1')).toBe(1);
    expect(calls).toEqual([
      { action: 'complete', arg: { written: true } },
      { action: 'complete', arg: { written: true } },
    ]);
  });

  test('when the handler throws a BusinessError, then the job throws a BPMN error and its effects roll back', async () => {
    const { job, calls } = recordingJob({ variables: { caseId: 'business' } });
    expect(await runJob(writer, job, { db, log })).toBe('business-error');
    expect(calls).toEqual([
      { action: 'error', arg: { errorCode: 'CONSENT_MISSING', errorMessage: 'no consent', variables: {} } },
    ]);
    expect(await effects('business')).toBe(0);
  });

  test('when a transient failure happens, then the job fails with one retry less and a growing backoff', async () => {
    const { job, calls } = recordingJob({ variables: { caseId: 'transient' }, retries: 4 });
    expect(await runJob(writer, job, { db, log })).toBe('failed');
    expect(calls[0]).toEqual({
      action: 'fail',
      arg: { errorMessage: 'test-effect: database busy', retries: 3, retryBackOff: backoffMs(4) },
    });
    expect(backoffMs(5)).toBeLessThan(backoffMs(4));
    expect(backoffMs(4)).toBeLessThan(backoffMs(3));
    expect(await effects('transient')).toBe(0);
  });

  test('when the last retry fails, then the job fails with zero retries (an incident)', async () => {
    const { job, calls } = recordingJob({ variables: { caseId: 'transient' }, retries: 1 });
    expect(await runJob(writer, job, { db, log })).toBe('incident');
    expect(calls[0]).toMatchObject({ action: 'fail', arg: { retries: 0 } });
  });

  test('when the variables are invalid, then an incident names the field and the handler never runs', async () => {
    handled = 0;
    const { job, calls } = recordingJob({ variables: { caseId: '' } });
    expect(await runJob(writer, job, { db, log })).toBe('incident');
    expect(handled).toBe(0);
    expect(calls[0]).toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('caseId') },
    });
  });

  test('when the handler returns output that breaks its schema, then an incident is raised and nothing is committed', async () => {
    const { job, calls } = recordingJob({ variables: { caseId: 'bad-output' } });
    expect(await runJob(writer, job, { db, log })).toBe('incident');
    expect(calls[0]).toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('invalid output') },
    });
    expect(await effects('bad-output')).toBe(0);
  });
});
