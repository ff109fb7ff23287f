import type { Knex } from 'knex';

import { parseConfig } from '../../src/config.js';
import { createKnex } from '../../src/db/knex.js';
import { logger } from '../../src/logger.js';
import checkReferralCriteria from '../../workers/check-referral-criteria.js';
import recordMeeting from '../../workers/record-meeting.js';
import recordPlan from '../../workers/record-plan.js';
import { type JobLike, runJob, type WorkerDefinition } from '../../workers/runtime/runJob.js';
import { seedCase } from '../support/caseFixtures.js';
import { uniqueCaseId } from '../support/harness.js';

// The data-write workers against the real database, with a recording double for the engine's job
// (redelivery, incidents and retries are easier to provoke here than in the engine; test/process has the happy paths).
function job(def: WorkerDefinition, variables: Record<string, unknown>, overrides: Partial<JobLike> = {}) {
  const calls: { action: string; arg: unknown }[] = [];
  const j: JobLike = {
    key: String(7_000_000 + Math.floor(Math.random() * 1_000_000_000)),
    type: def.jobType,
    processInstanceKey: '42',
    bpmnProcessId: 'samverkan-case',
    elementId: 'Task_Test',
    retries: 5,
    customHeaders: {},
    variables,
    complete: async (v) => calls.push({ action: 'complete', arg: v }),
    fail: async (c) => calls.push({ action: 'fail', arg: c }),
    error: async (c) => calls.push({ action: 'error', arg: c }),
    ...overrides,
  };
  return { j, calls };
}

describe('data-write workers', () => {
  let db: Knex;
  const log = logger.child({ test: 'case-workers' });
  beforeAll(() => {
    db = createKnex(parseConfig().DATABASE_URL!);
  });
  afterAll(() => db.destroy());

  const givenCase = (kommun = 'Umeå') =>
    seedCase(db, {
      caseId: uniqueCaseId('SV'),
      person: { kon: 'M', folkbokfordKommun: kommun },
      consent: { parties: ['af', 'fk'], dataCategories: ['planering'], validFrom: '2020-01-01', validTo: '2099-12-31' },
    });

  test('when the same record-meeting job is delivered twice, then one meeting and one timeline event exist and both deliveries complete', async () => {
    // given
    const caseId = await givenCase();
    const first = job(recordMeeting, {
      caseId,
      meetingType: 'planeringstraff',
      meetingAt: '2026-12-10T10:00:00+01:00',
      participants: ['af'],
    });
    // when
    const a = await runJob(recordMeeting, first.j, { db, log });
    const b = await runJob(recordMeeting, { ...first.j }, { db, log });
    // then
    expect([a, b]).toEqual(['completed', 'replayed']);
    expect(await db('meetings').where({ case_id: caseId }).count<{ count: string }[]>('* as count')).toEqual([
      { count: '1' },
    ]);
    expect(
      await db('case_events')
        .where({ case_id: caseId, event_type: 'mote-kallad' })
        .count<{ count: string }[]>('* as count'),
    ).toEqual([{ count: '1' }]);
  });

  test('when check-referral-criteria finds a criterion unmet, then it completes with criteriaMet false (a result, not an error)', async () => {
    // given
    const caseId = await givenCase('Skellefteå');
    const { j, calls } = job(checkReferralCriteria, { caseId });
    // when
    expect(await runJob(checkReferralCriteria, j, { db, log })).toBe('completed');
    // then
    expect(calls).toEqual([
      {
        action: 'complete',
        arg: expect.objectContaining({
          criteriaMet: false,
          beredningGroup: null,
          rejectionReason: expect.stringMatching(/folkbokförd/),
        }),
      },
    ]);
    expect((await db('cases').where({ case_id: caseId }).first()).status).toBe('returnerad');
  });

  test('when a worker refers to an unknown case, then it raises an incident with a readable message and no retries', async () => {
    // given
    const { j, calls } = job(recordMeeting, { caseId: 'SV-0000-00000', meetingType: 'kt2', heldOn: '2026-11-23' });
    // when
    expect(await runJob(recordMeeting, j, { db, log })).toBe('incident');
    // then
    expect(calls[0]).toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringMatching(/finns inte/) },
    });
  });

  test('when a write fails for a technical reason, then the job fails with one retry less and a backoff, and a later delivery succeeds', async () => {
    // given a plan whose case row is locked by another transaction past the statement timeout
    const caseId = await givenCase();
    const vars = {
      caseId,
      arendebarareOrg: 'af',
      inriktning: 'arbetsinriktade',
      planSteps: [{ party: 'af', description: 'Jobbspår', dueDate: '2027-01-01' }],
      planSetOn: '2026-12-10',
    };
    const locker = await db.transaction();
    await locker.raw('select * from cases where case_id = ? for update', [caseId]);
    const slowDb = createKnex(parseConfig().DATABASE_URL!, { poolMax: 1 });
    slowDb.client.pool.on('createSuccess', (_: unknown, conn: { query(sql: string): void }) =>
      conn.query("set lock_timeout = '300ms'"),
    );
    const first = job(recordPlan, vars);
    try {
      // when
      expect(await runJob(recordPlan, first.j, { db: slowDb, log })).toBe('failed');
    } finally {
      await locker.rollback();
      await slowDb.destroy();
    }
    // then
    expect(first.calls[0]).toMatchObject({ action: 'fail', arg: { retries: 4, retryBackOff: expect.any(Number) } });
    const retry = job(recordPlan, vars, { key: first.j.key, retries: 4 });
    expect(await runJob(recordPlan, retry.j, { db, log })).toBe('completed');
    expect(await db('plans').where({ case_id: caseId }).pluck('version')).toEqual([1]);
  });
});
