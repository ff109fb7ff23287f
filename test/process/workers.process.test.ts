import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Knex } from 'knex';

import { type ExternalTask, isNotFound } from '../../src/engine/client.js';
import type { LockedTask } from '../../src/engine/externalTasks.js';
import { logger } from '../../src/logger.js';
import { ROOT } from '../../src/paths.js';
import { createTransport, deliverBatch } from '../../src/services/outboxSender.js';
import computeDueDate from '../../workers/compute-due-date.js';
import { allWorkers } from '../../workers/index.js';
import { BusinessError, RetryableError } from '../../workers/runtime/errors.js';
import {
  backoffMs,
  DEFAULT_RETRIES,
  fetchVariablesOf,
  jobContext,
  runJob,
  type WorkerDefinition,
} from '../../workers/runtime/runJob.js';
import { asJob, type RunningWorkers, startWorkers } from '../../workers/runtime/start.js';
import sendNotification from '../../workers/send-notification.js';
import { seedCase, seedRoutineCase } from '../support/caseFixtures.js';
import { connect, eventually, instanceIsActive, uniqueCaseId } from '../support/harness.js';

const fixture = (name: string) => ({ name, content: readFileSync(path.join(ROOT, 'test/fixtures', name)) });

/** What a test injects into the real handler of its own case: per attempt (1-based), before or after the handler's effects. */
type Fault = (attempt: number) => 'none' | 'fail-before' | 'fail-after' | 'bpmn-error-after';
interface Attempt {
  at: number;
  retries: number;
  jobKey: string;
}

/** Faults and observed attempts per case id (the business key of the test's own instance). */
const plans = new Map<string, { fault: Fault; attempts: Attempt[] }>();
const attemptsOf = (caseId: string) => plans.get(caseId)?.attempts ?? [];

/**
 * The real worker with the test's fault plan applied around its real handler, for the test's own case only: a task of
 * any other instance (e.g. left over in a reused test engine) is handled exactly like the real worker does.
 */
function instrumented(def: WorkerDefinition): WorkerDefinition {
  return {
    ...def,
    handle: async (input, ctx) => {
      const caseId = (input as { caseId?: string | null }).caseId;
      const plan = caseId ? plans.get(caseId) : undefined;
      if (!plan) return def.handle(input, ctx);
      plan.attempts.push({ at: Date.now(), retries: ctx.retries, jobKey: ctx.jobKey });
      const mode = plan.fault(plan.attempts.length);
      if (mode === 'fail-before') throw new RetryableError(`injected transient failure #${plan.attempts.length}`);
      const out = await def.handle(input, ctx); // the effects, written in the job's transaction
      if (mode === 'fail-after')
        throw new RetryableError(`injected failure after the effects #${plan.attempts.length}`);
      if (mode === 'bpmn-error-after')
        throw new BusinessError('TEST_NOT_MODELLED', 'injected BPMN error that no event in the model catches');
      return out;
    },
  };
}

const byTopic = new Map(allWorkers.map((w) => [w.jobType, w]));
const worker = (topic: string) => byTopic.get(topic)!;

/** Rows a handler wrote for a case: its timeline plus the topic's own table (compute-due-date writes nothing). */
type Effects = (db: Knex, caseId: string) => Promise<number>;
const count = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' }).first()) as { n: string | number }).n);
const events = (db: Knex, caseId: string) => count(db('case_events').where({ case_id: caseId }));
const eventsAnd =
  (table: string): Effects =>
  async (db, caseId) =>
    (await events(db, caseId)) + (await count(db(table).where({ case_id: caseId })));

interface TopicCase {
  topic: string;
  /** Creates what the worker reads (case rows) and returns the start variables of workers-any-topic (caseId included). */
  given(db: Knex): Promise<Record<string, unknown> & { caseId: string }>;
  effects: Effects;
  /** Rows one successful run writes. */
  expectedEffects: number;
  /** Variables the completion sets on the instance (a subset). */
  output: Record<string, unknown>;
}

const caseGiven =
  (extra: Record<string, unknown> = {}) =>
  async (db: Knex) => ({ caseId: await seedCase(db), ...extra });
const routineGiven =
  (routine: 'etablering' | 'arbetsprovning', extra: Record<string, unknown> = {}) =>
  async (db: Knex) => ({ caseId: await seedRoutineCase(db, routine), ...extra });

/** Every topic of workers/index.ts with a minimal valid input; the fixture sets rule, template and step properties. */
const TOPICS: TopicCase[] = [
  {
    topic: 'compute-due-date',
    given: async () => ({ caseId: uniqueCaseId('DUE'), from: '2026-01-02' }),
    effects: async () => 0,
    expectedEffects: 0,
    output: { dueDate: '2026-01-07', dueAt: '2026-01-07T08:00:00+01:00' },
  },
  {
    topic: 'send-notification',
    given: async () => ({ caseId: uniqueCaseId('NOT'), recipientGroups: ['af'] }),
    effects: (db, caseId) => count(db('outbox_messages').where({ case_id: caseId })),
    expectedEffects: 2,
    output: {},
  },
  {
    topic: 'check-referral-criteria',
    given: caseGiven(),
    effects: events,
    expectedEffects: 1,
    output: { criteriaMet: true, beredningGroup: 'umea-vuxen' },
  },
  {
    topic: 'place-on-beredning-agenda',
    given: caseGiven({ beredningGroup: 'umea-vuxen', beredningMeetingDate: '2026-12-17' }),
    effects: eventsAnd('beredning_agenda'),
    expectedEffects: 2,
    output: {},
  },
  {
    topic: 'record-beredning-decision',
    given: caseGiven({ beredningGroup: 'umea-vuxen', beredningMeetingDate: '2026-12-17', beredningDecision: 'ja' }),
    effects: eventsAnd('beredning_decisions'),
    expectedEffects: 2,
    output: {},
  },
  {
    topic: 'record-case-closure',
    given: caseGiven({ avslutsorsak: 'arbete', endDate: '2027-05-31' }),
    effects: events,
    expectedEffects: 1,
    output: {},
  },
  { topic: 'record-consent-withdrawal', given: caseGiven(), effects: events, expectedEffects: 1, output: {} },
  {
    topic: 'record-follow-up',
    given: caseGiven({ followUpHeldOn: '2027-02-15', followUpOutcome: 'enligt_plan' }),
    effects: eventsAnd('follow_ups'),
    expectedEffects: 2,
    output: { followUpFrom: '2027-02-15' },
  },
  {
    topic: 'record-meeting',
    given: caseGiven({
      meetingType: 'planeringstraff',
      meetingAt: '2026-12-10T10:00:00+01:00',
      participants: ['af', 'umea-fsd'],
    }),
    effects: eventsAnd('meetings'),
    expectedEffects: 2,
    output: {},
  },
  {
    topic: 'record-plan',
    given: caseGiven({
      arendebarareOrg: 'umea-fsd',
      inriktning: 'arbetsinriktade',
      planSteps: [{ party: 'af', description: 'Jobbspår', dueDate: '2027-01-15' }],
      planSetOn: '2026-12-10',
    }),
    effects: eventsAnd('plans'),
    expectedEffects: 2,
    output: { planVersion: 1, followUpFrom: '2026-12-10' },
  },
  {
    topic: 'record-referral',
    given: caseGiven(),
    effects: events,
    expectedEffects: 1,
    output: { partyGroups: ['af', 'umea-fsd'], handoverTorg: null },
  },
  {
    topic: 'record-routine-outcome',
    given: routineGiven('arbetsprovning', { outcome: 'arbete' }),
    effects: events,
    expectedEffects: 1,
    output: {},
  },
  {
    topic: 'record-work-trial-step',
    given: routineGiven('arbetsprovning'),
    effects: events,
    expectedEffects: 1,
    output: {},
  },
  {
    topic: 'start-referral-from-kt2',
    given: routineGiven('etablering', {
      referralVerksamhet: 'vuxentorget',
      referralTargetGroup: 'etablering',
      informedOfAim: true,
      readyForChange: true,
      consentParties: ['af', 'umea-fsd'],
      consentValidTo: '2028-06-30',
      consentSignedCopyGiven: true,
    }),
    effects: async (db, caseId) =>
      (await events(db, caseId)) + (await count(db('cases').where({ source_case_id: caseId }))),
    expectedEffects: 2,
    output: { referralCaseId: expect.stringMatching(/^SV-\d{4}-\d{5,}$/) },
  },
];

describe('workers against the real engine', () => {
  const { engine, db, close } = connect();
  const started: string[] = [];
  const backoffBefore = process.env.WORKER_RETRY_BACKOFF_MS;
  const running = new Set<RunningWorkers>();

  /** Starts the given (instrumented) workers with a short long poll, so retries are fetched promptly. */
  const run = (defs: WorkerDefinition[]) => {
    const w = startWorkers(engine, defs, { db, log: logger }, { longPollMs: 250 });
    running.add(w);
    return {
      stop: async () => {
        running.delete(w);
        await w.stop();
      },
    };
  };
  const start = async (
    processKey: string,
    variables: Record<string, unknown> & { caseId: string },
    fault: Fault = () => 'none',
  ) => {
    plans.set(variables.caseId, { fault, attempts: [] });
    const { processInstanceId } = await engine.startProcess(processKey, { businessKey: variables.caseId, variables });
    started.push(processInstanceId);
    return processInstanceId;
  };
  const completed = (pik: string) =>
    eventually(async () => !(await instanceIsActive(engine, pik)), {
      what: `instance ${pik} completed`,
      timeoutMs: 30_000,
    });
  const incidentOf = (pik: string) =>
    eventually(async () => (await engine.incidents({ processInstanceId: pik }))[0], {
      what: `an incident in ${pik}`,
      timeoutMs: 30_000,
    });
  const ledgerOf = (pik: string) =>
    db('job_ledger').where({ process_instance_key: pik }).select('job_key', 'job_type', 'output');
  /** The variables the engine stored for an instance (from its history; the last update of each wins). */
  const variablesOf = async (pik: string) => {
    const hpi = await engine.historicProcessInstance(pik);
    const updates = (
      await engine.variableUpdates({ occurredAfter: new Date(Date.parse(hpi!.startTime) - 1_000) })
    ).filter((u) => u.processInstanceId === pik);
    return Object.fromEntries(updates.map((u) => [u.name, u.value]));
  };

  /**
   * Locks the external task of the instance by hand (no worker of its topic runs meanwhile), handing back any task
   * of another instance at once.
   */
  async function lockByHand(
    topic: string,
    pik: string,
    def: WorkerDefinition,
    lockDuration: number,
  ): Promise<ExternalTask> {
    return eventually(
      async () => {
        const tasks = await engine.fetchAndLock({
          workerId: 'first-delivery',
          maxTasks: 10,
          asyncResponseTimeout: 1_000,
          topics: [{ topicName: topic, lockDuration, variables: fetchVariablesOf(def) ?? [] }],
        });
        for (const other of tasks.filter((t) => t.processInstanceId !== pik)) await engine.unlockExternalTask(other.id);
        return tasks.find((t) => t.processInstanceId === pik);
      },
      { what: `the ${topic} task of ${pik}` },
    );
  }
  /** The handle of a hand-locked task whose completion is lost (a crash right after the commit). */
  const losingCompletion = (task: ExternalTask): LockedTask => ({
    task,
    complete: async () => undefined,
    fail: (f) => engine.failExternalTask(task.id, { workerId: 'first-delivery', ...f }),
    bpmnError: (e) => engine.bpmnErrorExternalTask(task.id, { workerId: 'first-delivery', ...e }),
    extendLock: (ms) => engine.extendLock(task.id, { workerId: 'first-delivery', newDuration: ms }),
  });

  beforeAll(async () => {
    process.env.WORKER_RETRY_BACKOFF_MS = '20'; // retries in tens of milliseconds instead of seconds
    for (const name of ['workers-any-topic', 'workers-compute-due-date', 'workers-send-notification']) {
      await engine.deploy({ name, resources: [fixture(`${name}.bpmn`)] });
    }
    // A test-only beredning group that meets on Fridays: proves the worker reads the table, not the defaults.
    await db('groups').insert({ code: 'beredning-testgrupp', name: 'Testgrupp' }).onConflict('code').ignore();
    await db('beredning_groups')
      .insert({
        code: 'testgrupp',
        name: 'Beredningsgruppen Test',
        weekday: 5,
        interval_weeks: 1,
        anchor_date: '2026-01-02',
        candidate_group: 'beredning-testgrupp',
      })
      .onConflict('code')
      .merge();
  });

  afterAll(async () => {
    for (const w of running) await w.stop();
    process.env.WORKER_RETRY_BACKOFF_MS = backoffBefore;
    for (const pik of started) await engine.cancelProcessInstance(pik).catch(() => undefined); // one instance at a time
    await db('beredning_groups').where({ code: 'testgrupp' }).delete();
    await close();
  });

  test('when the topics below are compared with workers/index.ts, then every worker is tested', () => {
    // given / when
    const tested = TOPICS.map((c) => c.topic).sort();
    // then
    expect(tested).toEqual(allWorkers.map((w) => w.jobType).sort());
  });

  describe.each(TOPICS)('$topic', (c) => {
    test('when its external task is delivered, then the real worker completes it once, with its output on the instance and one ledger row', async () => {
      // given
      const workers = run([instrumented(worker(c.topic))]);
      try {
        const variables = await c.given(db);
        // when
        const pik = await start('workers-any-topic', { ...variables, topic: c.topic });
        // then
        await completed(pik);
        expect(await engine.historicProcessInstance(pik)).toMatchObject({ state: 'COMPLETED' });
        expect(attemptsOf(variables.caseId).map((a) => a.retries)).toEqual([DEFAULT_RETRIES]);
        const ledger = await ledgerOf(pik);
        expect(ledger).toEqual([
          {
            job_key: attemptsOf(variables.caseId)[0]!.jobKey,
            job_type: c.topic,
            output: expect.objectContaining(c.output),
          },
        ]);
        expect(await variablesOf(pik)).toMatchObject(c.output);
        expect(await c.effects(db, variables.caseId)).toBe(c.expectedEffects);
      } finally {
        await workers.stop();
      }
    });

    test('when the first three attempts fail after writing, then the retries count down, the retry timeout grows, and the fourth attempt completes with one set of effects', async () => {
      // given
      const workers = run([instrumented(worker(c.topic))]);
      try {
        const variables = await c.given(db);
        // when
        const pik = await start('workers-any-topic', { ...variables, topic: c.topic }, (n) =>
          n <= 3 ? 'fail-after' : 'none',
        );
        // then
        await completed(pik);
        const attempts = attemptsOf(variables.caseId);
        expect(attempts.map((a) => a.retries)).toEqual([5, 4, 3, 2]); // the engine's count, reported back on each delivery
        expect(new Set(attempts.map((a) => a.jobKey)).size).toBe(1); // the same external task every time
        const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
        const timeouts = attempts.slice(0, 3).map((a) => backoffMs(a.retries));
        expect(timeouts[0]! < timeouts[1]! && timeouts[1]! < timeouts[2]!).toBe(true);
        gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(timeouts[i]!)); // the engine held the task back that long
        expect(await ledgerOf(pik)).toHaveLength(1);
        expect(await c.effects(db, variables.caseId)).toBe(c.expectedEffects); // the failed attempts were rolled back
      } finally {
        await workers.stop();
      }
    });

    test('when every attempt fails, then the retries run out and the engine raises an incident on the task, with nothing written', async () => {
      // given
      const workers = run([instrumented(worker(c.topic))]);
      try {
        const variables = await c.given(db);
        // when
        const pik = await start('workers-any-topic', { ...variables, topic: c.topic }, () => 'fail-after');
        // then
        const incident = await incidentOf(pik);
        const attempts = attemptsOf(variables.caseId);
        expect(attempts.map((a) => a.retries)).toEqual([5, 4, 3, 2, 1]);
        expect(incident).toMatchObject({
          incidentType: 'failedExternalTask',
          activityId: 'Task_Work',
          configuration: attempts[0]!.jobKey,
        });
        expect(incident.incidentMessage).toContain(`${c.topic}: injected failure after the effects #5`);
        expect(await instanceIsActive(engine, pik)).toBe(true);
        expect(await ledgerOf(pik)).toHaveLength(0);
        expect(await c.effects(db, variables.caseId)).toBe(0);
      } finally {
        await workers.stop();
      }
    });

    test('when the completion is lost after the commit and the lock expires, then the same task comes again and the ledger completes it without a second effect', async () => {
      // given: a first delivery commits its effects and ledger row, then "crashes" before completing (2 s lock)
      const variables = await c.given(db);
      const pik = await start('workers-any-topic', { ...variables, topic: c.topic });
      const first = await lockByHand(c.topic, pik, worker(c.topic), 2_000);
      expect(await runJob(worker(c.topic), asJob(losingCompletion(first)), { db, log: logger })).toBe('completed');
      expect(await c.effects(db, variables.caseId)).toBe(c.expectedEffects);
      const completions: { id: string; workerId: string }[] = [];
      const completeExternalTask = engine.completeExternalTask.bind(engine);
      engine.completeExternalTask = async (id, body) => {
        completions.push({ id, workerId: body.workerId });
        return completeExternalTask(id, body);
      };
      const workers = run([instrumented(worker(c.topic))]);
      try {
        // when the lock runs out, the real worker fetches the task
        await completed(pik);
        // then
        expect(completions.filter((x) => x.id === first.id)).toEqual([
          { id: first.id, workerId: expect.not.stringMatching(/^first-delivery$/) },
        ]);
        expect(attemptsOf(variables.caseId)).toEqual([]); // answered from the job ledger: the handler did not run again
        expect(await ledgerOf(pik)).toEqual([expect.objectContaining({ job_key: first.id, job_type: c.topic })]);
        expect(await c.effects(db, variables.caseId)).toBe(c.expectedEffects);
        // and a late completion by the first delivery is refused: the task is gone
        const late = await completeExternalTask(first.id, { workerId: 'first-delivery', variables: {} }).then(
          () => 'completed',
          (err: unknown) => err,
        );
        expect(isNotFound(late)).toBe(true);
      } finally {
        engine.completeExternalTask = completeExternalTask;
        await workers.stop();
      }
    });

    test('when the handler throws a BPMN error that the model does not catch, then the task gets an incident at once and its effects are rolled back', async () => {
      // given
      const workers = run([instrumented(worker(c.topic))]);
      try {
        const variables = await c.given(db);
        // when
        const pik = await start('workers-any-topic', { ...variables, topic: c.topic }, () => 'bpmn-error-after');
        // then
        const incident = await incidentOf(pik);
        expect(attemptsOf(variables.caseId)).toHaveLength(1); // no retries
        expect(incident).toMatchObject({ incidentType: 'failedExternalTask', activityId: 'Task_Work' });
        expect(incident.incidentMessage).toMatch(
          new RegExp(`^${c.topic}: BPMN error TEST_NOT_MODELLED is not caught in the model`),
        );
        expect(await instanceIsActive(engine, pik)).toBe(true);
        expect(await ledgerOf(pik)).toHaveLength(0);
        expect(await c.effects(db, variables.caseId)).toBe(0);
      } finally {
        await workers.stop();
      }
    });
  });

  describe('compute-due-date', () => {
    test('when an instance computes the AF answer deadline and the next meeting, then the outputs are working days and the timer accepts dueAt', async () => {
      // given
      const workers = run([instrumented(computeDueDate)]);
      try {
        const caseId = uniqueCaseId('DUE');
        // when
        const pik = await start('workers-compute-due-date', { caseId, from: '2026-01-02', group: 'testgrupp' });
        // then: 6 Jan is trettondedag jul; the test group meets on Fridays (the defaults have no Friday group); the timer
        // on afAnswerDueAt (in the engine's past) fired, so the instance completed
        await completed(pik);
        expect(await variablesOf(pik)).toMatchObject({
          afAnswerDueDate: '2026-01-07',
          afAnswerDueAt: '2026-01-07T08:00:00+01:00',
          afAnswerReminderAt: '2025-12-24T08:00:00+01:00',
          meetingDate: '2026-01-09',
        });
        expect(await ledgerOf(pik)).toHaveLength(2);
        expect((await engine.activityHistory({ processInstanceId: pik })).map((a) => a.activityId)).toContain(
          'TimerEvent_AfAnswerDue',
        );
      } finally {
        await workers.stop();
      }
    });

    test('when the group does not exist, then the task raises an incident at once without retries', async () => {
      // given
      const workers = run([instrumented(computeDueDate)]);
      try {
        const caseId = uniqueCaseId('DUE');
        // when
        const pik = await start('workers-compute-due-date', { caseId, from: '2026-01-02', group: 'no-such-group' });
        // then: the first task succeeds, the meeting task fails once with retries 0
        const incident = await incidentOf(pik);
        expect(incident).toMatchObject({ incidentType: 'failedExternalTask', activityId: 'Task_ComputeMeetingDue' });
        expect(incident.incidentMessage).toMatch(/^compute-due-date: Kan inte beräkna förfallodatum/);
        expect(attemptsOf(caseId)).toHaveLength(2);
        expect(await ledgerOf(pik)).toHaveLength(1);
        // and when an operator has fixed the data and retries the incident, then the task completes
        await db('beredning_groups').insert({
          code: 'no-such-group',
          name: 'Tillagd av operatör',
          weekday: 4,
          interval_weeks: 1,
          anchor_date: '2026-01-08',
          candidate_group: 'beredning-testgrupp',
        });
        try {
          await engine.retryIncident(incident, 1);
          await eventually(async () => (await engine.incidents({ processInstanceId: pik })).length === 0, {
            what: 'incident resolved',
          });
          await completed(pik);
          expect(attemptsOf(caseId)).toHaveLength(3);
          expect(await variablesOf(pik)).toMatchObject({ meetingDate: '2026-01-08' }); // Thursdays;
        } finally {
          await db('beredning_groups').where({ code: 'no-such-group' }).delete();
        }
      } finally {
        await workers.stop();
      }
    });
  });

  describe('send-notification', () => {
    const invitation = (caseId: string) => ({
      caseId,
      recipientGroups: ['af', 'beredning-nordmaling'],
      meetingAt: '2026-12-29T09:00:00+01:00',
      meetingKind: 'planeringstraff',
    });
    const rowsOf = async (caseId: string) => ({
      outbox: await db('outbox_messages').where({ case_id: caseId }).orderBy('recipient_username'),
      inApp: await db('notifications').where({ case_id: caseId }).orderBy('username'),
    });

    test('when an invitation is sent to two groups, then each member gets one mail with ICS and one in-app notification, and the sender delivers them', async () => {
      // given
      const caseId = uniqueCaseId('NOT');
      const workers = run([instrumented(sendNotification)]);
      try {
        // when
        const pik = await start('workers-send-notification', invitation(caseId));
        await completed(pik);
        // then
        const { outbox, inApp } = await rowsOf(caseId);
        expect(outbox.map((m) => m.recipient_username)).toEqual([
          'af.handlaggare',
          'af.handlaggare2',
          'nordmaling.handlaggare',
        ]);
        expect(inApp.map((n) => n.username)).toEqual(['af.handlaggare', 'af.handlaggare2', 'nordmaling.handlaggare']);
        const [ledger] = await ledgerOf(pik);
        for (const m of outbox) {
          expect(m.idempotency_key).toBe(`${ledger!.job_key}:${m.recipient_username}`);
          expect(m.template).toBe('meeting-invitation');
          expect(m.subject).toBe(`Kallelse: Planeringsträff 29 december 2026 kl. 09:00 – ärende ${caseId}`);
          expect(m.ics).toContain(`UID:${m.idempotency_key}@samverkan`);
          expect(m.ics).toContain('DTSTART;TZID=Europe/Stockholm:20261229T090000');
          expect(m.sent_at).toBeNull();
        }
        // and when the outbox sender runs (embedded: JSON transport), then every row is marked sent once
        await deliverBatch(db, createTransport(undefined), {
          from: 'test@samverkan.local',
          batchSize: 1000,
          log: logger,
        });
        const after = await db('outbox_messages').where({ case_id: caseId });
        expect(after.every((m) => m.sent_at !== null && m.attempts === 1)).toBe(true);
      } finally {
        await workers.stop();
      }
    });

    test('when the handler itself runs twice for the same task (ledger bypassed), then the unique keys keep one row per recipient', async () => {
      // given
      const caseId = uniqueCaseId('DUP');
      const pik = await start('workers-send-notification', invitation(caseId));
      const task = await lockByHand('send-notification', pik, sendNotification, 30_000);
      const job = asJob(losingCompletion(task));
      const ctx = (trx: Knex.Transaction) => jobContext(job, trx, logger);
      const input = sendNotification.Input.parse(job.variables);
      // when
      await db.transaction((trx) => sendNotification.handle(input, ctx(trx)));
      await db.transaction((trx) => sendNotification.handle(input, ctx(trx)));
      await engine.completeExternalTask(task.id, { workerId: 'first-delivery', variables: {} });
      // then
      await completed(pik);
      const { outbox, inApp } = await rowsOf(caseId);
      expect(outbox).toHaveLength(3);
      expect(inApp).toHaveLength(3);
    });
  });
});
