import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Engine } from '../../src/engine/client.js';
import { logger } from '../../src/logger.js';
import { ROOT } from '../../src/paths.js';
import { deliverBatch, createTransport } from '../../src/services/outboxSender.js';
import computeDueDate from '../../workers/compute-due-date.js';
import { RetryableError } from '../../workers/runtime/errors.js';
import { fetchVariablesOf, runJob, type JobLike, type WorkerDefinition } from '../../workers/runtime/runJob.js';
import sendNotification from '../../workers/send-notification.js';
import { connect, eventually, instanceIsActive, runWorkers, uniqueCaseId } from '../support/harness.js';

const fixture = (name: string) => ({ name, content: readFileSync(path.join(ROOT, 'test/fixtures', name)) });

/** The real worker with a fault injected around its real handler; counts handler calls. */
function withFault(def: WorkerDefinition, fault: (call: number) => 'before' | 'after' | 'none'): WorkerDefinition & { calls: () => number } {
  let calls = 0;
  return {
    ...def,
    calls: () => calls,
    handle: async (input, ctx) => {
      calls += 1;
      const mode = fault(calls);
      if (mode === 'before') throw new RetryableError(`injected transient failure #${calls}`);
      const out = await def.handle(input, ctx);
      if (mode === 'after') throw new RetryableError(`injected failure after the effects #${calls}`);
      return out;
    },
  };
}

/** A real job from the engine, wrapped as runJob's JobLike; `loseCompletion` simulates a crash right after commit. */
async function activateOne(engine: Engine, def: WorkerDefinition, { leaseMs, loseCompletion }: { leaseMs: number; loseCompletion: boolean }): Promise<JobLike> {
  const job = await eventually(
    async () => (await engine.grpc.activateJobs({ type: def.jobType, worker: 'workers-test', timeout: leaseMs, maxJobsToActivate: 1, requestTimeout: 2000, fetchVariable: fetchVariablesOf(def) as never }))[0],
    { what: `a ${def.jobType} job` },
  );
  return {
    key: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    retries: job.retries,
    customHeaders: job.customHeaders as Record<string, string>,
    variables: job.variables as Record<string, unknown>,
    complete: async (variables = {}) => (loseCompletion ? undefined : engine.grpc.completeJob({ jobKey: String(job.key), variables: variables as never })),
    fail: (conf) => engine.grpc.failJob({ jobKey: String(job.key), errorMessage: conf.errorMessage, retries: conf.retries ?? 0, retryBackOff: conf.retryBackOff ?? 0 }),
    error: (conf) => engine.grpc.throwError({ jobKey: String(job.key), errorCode: conf.errorCode, errorMessage: conf.errorMessage ?? '', variables: conf.variables as never }),
  };
}

const ledgerOf = (db: Knex, processInstanceKey: string) => db('job_ledger').where({ process_instance_key: processInstanceKey }).select('job_key', 'job_type');

describe('workers against the real engine', () => {
  const { engine, db, close } = connect();
  const started: string[] = [];
  const backoffBefore = process.env.WORKER_RETRY_BACKOFF_MS;

  const start = async (bpmnProcessId: string, variables: Record<string, unknown>) => {
    const { processInstanceKey } = await engine.startProcess(bpmnProcessId, variables);
    started.push(processInstanceKey);
    return processInstanceKey;
  };
  const completed = (key: string) => eventually(async () => !(await instanceIsActive(engine, key)), { what: `instance ${key} completed`, timeoutMs: 30_000 });

  beforeAll(async () => {
    process.env.WORKER_RETRY_BACKOFF_MS = '20'; // retries in milliseconds instead of seconds
    await engine.deploy([fixture('workers-compute-due-date.bpmn'), fixture('workers-send-notification.bpmn')]);
    // A test-only beredning group that meets on Fridays: proves the worker reads the table, not the defaults.
    await db('groups').insert({ code: 'beredning-testgrupp', name: 'Testgrupp' }).onConflict('code').ignore();
    await db('beredning_groups')
      .insert({ code: 'testgrupp', name: 'Beredningsgruppen Test', weekday: 5, interval_weeks: 1, anchor_date: '2026-01-02', candidate_group: 'beredning-testgrupp' })
      .onConflict('code')
      .merge();
  });

  afterAll(async () => {
    process.env.WORKER_RETRY_BACKOFF_MS = backoffBefore;
    for (const key of started) await engine.cancelProcessInstance(key).catch(() => undefined); // one key at a time
    await db('beredning_groups').where({ code: 'testgrupp' }).delete();
    await close();
  });

  describe('compute-due-date', () => {
    test('when an instance computes the AF answer deadline and the next meeting, then the outputs are working days and the FEEL timer accepts dueAt', async () => {
      // given
      const workers = runWorkers(engine, db, [computeDueDate]);
      try {
        // when
        const result = await engine.grpc.createProcessInstanceWithResult({
          bpmnProcessId: 'workers-compute-due-date',
          variables: { caseId: uniqueCaseId('DUE'), from: '2026-01-02', group: 'testgrupp' },
          requestTimeout: 30_000,
        });
        // then: 6 Jan is trettondedag jul; the test group meets on Fridays (the defaults have no Friday group)
        expect(result.variables).toMatchObject({ afAnswerDueDate: '2026-01-07', afAnswerDueAt: '2026-01-07T08:00:00+01:00', meetingDate: '2026-01-09' });
        expect(await ledgerOf(db, String(result.processInstanceKey))).toHaveLength(2);
      } finally {
        await workers.stop();
      }
    });

    test('when the first attempt fails transiently, then the job is retried and the instance completes', async () => {
      // given
      const flaky = withFault(computeDueDate, (call) => (call === 1 ? 'before' : 'none'));
      const workers = runWorkers(engine, db, [flaky]);
      try {
        // when
        const key = await start('workers-compute-due-date', { caseId: uniqueCaseId('DUE'), from: '2025-12-01', group: 'umea' });
        // then
        await completed(key);
        expect(flaky.calls()).toBe(3); // failed once, then both tasks succeeded
        expect(await ledgerOf(db, key)).toHaveLength(2);
      } finally {
        await workers.stop();
      }
    });

    test('when every attempt fails, then the retries run out and the job is not activated again (incident)', async () => {
      // given
      const broken = withFault(computeDueDate, () => 'before');
      const workers = runWorkers(engine, db, [broken]);
      try {
        // when
        const key = await start('workers-compute-due-date', { caseId: uniqueCaseId('DUE'), from: '2025-12-01', group: 'umea' });
        // then: retries="3" in the fixture → exactly three attempts, then nothing more while the instance waits
        await eventually(async () => broken.calls() >= 3, { what: 'three attempts' });
        await new Promise((r) => setTimeout(r, 3000)); // several backoff periods: a fourth activation would show up here
        expect(broken.calls()).toBe(3);
        expect(await instanceIsActive(engine, key)).toBe(true);
        expect(await ledgerOf(db, key)).toHaveLength(0);
      } finally {
        await workers.stop();
      }
    });

    test('when the group does not exist, then the job raises an incident at once without retries', async () => {
      // given
      const counted = withFault(computeDueDate, () => 'none');
      const workers = runWorkers(engine, db, [counted]);
      try {
        // when
        const key = await start('workers-compute-due-date', { caseId: uniqueCaseId('DUE'), from: '2026-01-02', group: 'no-such-group' });
        // then: the first task succeeds, the meeting task fails once with retries 0
        await eventually(async () => counted.calls() >= 2, { what: 'two handler calls' });
        await new Promise((r) => setTimeout(r, 1500));
        expect(counted.calls()).toBe(2);
        expect(await instanceIsActive(engine, key)).toBe(true);
      } finally {
        await workers.stop();
      }
    });
  });

  describe('send-notification', () => {
    const invitation = (caseId: string) => ({ caseId, recipientGroups: ['af', 'beredning-nordmaling'], meetingAt: '2026-12-29T09:00:00+01:00', meetingKind: 'planeringstraff' });
    const rowsOf = async (caseId: string) => ({
      outbox: await db('outbox_messages').where({ case_id: caseId }).orderBy('recipient_username'),
      inApp: await db('notifications').where({ case_id: caseId }).orderBy('username'),
    });

    test('when an invitation is sent to two groups, then each member gets one mail with ICS and one in-app notification, and the sender delivers them', async () => {
      // given
      const caseId = uniqueCaseId('NOT');
      const workers = runWorkers(engine, db, [sendNotification]);
      try {
        // when
        const key = await start('workers-send-notification', invitation(caseId));
        await completed(key);
        // then
        const { outbox, inApp } = await rowsOf(caseId);
        expect(outbox.map((m) => m.recipient_username)).toEqual(['af.handlaggare', 'af.handlaggare2', 'nordmaling.handlaggare']);
        expect(inApp.map((n) => n.username)).toEqual(['af.handlaggare', 'af.handlaggare2', 'nordmaling.handlaggare']);
        const [ledger] = await ledgerOf(db, key);
        for (const m of outbox) {
          expect(m.idempotency_key).toBe(`${ledger!.job_key}:${m.recipient_username}`);
          expect(m.template).toBe('meeting-invitation');
          expect(m.subject).toBe(`Kallelse: Planeringsträff 29 december 2026 kl. 09:00 – ärende ${caseId}`);
          expect(m.ics).toContain(`UID:${m.idempotency_key}@samverkan`);
          expect(m.ics).toContain('DTSTART;TZID=Europe/Stockholm:20261229T090000');
          expect(m.sent_at).toBeNull();
        }
        // and when the outbox sender runs (embedded: JSON transport), then every row is marked sent once
        await deliverBatch(db, createTransport(undefined), { from: 'test@samverkan.local', batchSize: 1000, log: logger });
        const after = await db('outbox_messages').where({ case_id: caseId });
        expect(after.every((m) => m.sent_at !== null && m.attempts === 1)).toBe(true);
      } finally {
        await workers.stop();
      }
    });

    test('when the transaction fails after writing the rows, then the retry writes them exactly once', async () => {
      // given
      const caseId = uniqueCaseId('NOT');
      const flaky = withFault(sendNotification, (call) => (call === 1 ? 'after' : 'none'));
      const workers = runWorkers(engine, db, [flaky]);
      try {
        // when
        const key = await start('workers-send-notification', invitation(caseId));
        await completed(key);
        // then
        expect(flaky.calls()).toBe(2);
        const { outbox, inApp } = await rowsOf(caseId);
        expect(outbox).toHaveLength(3);
        expect(inApp).toHaveLength(3);
      } finally {
        await workers.stop();
      }
    });

    test('when every attempt fails after writing, then retries run out, no further activation comes and nothing is left in the outbox', async () => {
      // given
      const caseId = uniqueCaseId('NOT');
      const broken = withFault(sendNotification, () => 'after');
      const workers = runWorkers(engine, db, [broken]);
      try {
        // when
        const key = await start('workers-send-notification', invitation(caseId));
        // then
        await eventually(async () => broken.calls() >= 3, { what: 'three attempts' });
        await new Promise((r) => setTimeout(r, 3000));
        expect(broken.calls()).toBe(3);
        expect(await instanceIsActive(engine, key)).toBe(true);
        expect((await rowsOf(caseId)).outbox).toHaveLength(0); // every attempt rolled back
      } finally {
        await workers.stop();
      }
    });

    test('when the completion is lost after commit and the engine delivers the same job again, then there is one mail per recipient', async () => {
      // given: the first delivery commits its effects, then "crashes" before job.complete
      const caseId = uniqueCaseId('DUP');
      const key = await start('workers-send-notification', invitation(caseId));
      const first = await activateOne(engine, sendNotification, { leaseMs: 1000, loseCompletion: true });
      expect(first.processInstanceKey).toBe(key);
      expect(await runJob(sendNotification, first, { db, log: logger })).toBe('completed');
      const counted = withFault(sendNotification, () => 'none');
      const workers = runWorkers(engine, db, [counted]);
      try {
        // when: the lease runs out and the real worker gets the same job key
        await completed(key);
        // then
        expect(counted.calls()).toBe(0); // answered from the job ledger, the handler did not run again
        const { outbox, inApp } = await rowsOf(caseId);
        expect(outbox).toHaveLength(3);
        expect(inApp).toHaveLength(3);
        expect(outbox.every((m) => m.idempotency_key.startsWith(`${first.key}:`))).toBe(true);
        expect(await ledgerOf(db, key)).toEqual([{ job_key: first.key, job_type: 'send-notification' }]);
      } finally {
        await workers.stop();
      }
    });

    test('when the handler itself runs twice for the same job (ledger bypassed), then the unique keys keep one row per recipient', async () => {
      // given
      const caseId = uniqueCaseId('DUP');
      const key = await start('workers-send-notification', invitation(caseId));
      const job = await activateOne(engine, sendNotification, { leaseMs: 30_000, loseCompletion: false });
      const ctx = (trx: Knex.Transaction) => ({ jobKey: job.key, processInstanceKey: job.processInstanceKey, bpmnProcessId: job.bpmnProcessId, elementId: job.elementId, retries: job.retries, customHeaders: job.customHeaders, trx, log: logger });
      const input = sendNotification.Input.parse(job.variables);
      // when
      await db.transaction((trx) => sendNotification.handle(input, ctx(trx)));
      await db.transaction((trx) => sendNotification.handle(input, ctx(trx)));
      await job.complete({});
      // then
      await completed(key);
      const { outbox, inApp } = await rowsOf(caseId);
      expect(outbox).toHaveLength(3);
      expect(inApp).toHaveLength(3);
    });
  });
});
