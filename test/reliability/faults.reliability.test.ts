import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Knex } from 'knex';

import { parseConfig } from '../../src/config.js';
import { createKnex, migrateLatest } from '../../src/db/knex.js';
import { seedDemoData } from '../../src/db/seed.js';
import { Engine } from '../../src/engine/client.js';
import { logger } from '../../src/logger.js';
import { ROOT } from '../../src/paths.js';
import { membersOfGroups } from '../../src/repositories/users.js';
import { deployProcess, SYSTEM_DEPLOYER } from '../../src/services/deployment.js';
import { startTaskSync, type TaskSync } from '../../src/services/taskReadModel.js';
import {
  type EngineOptions,
  engineReady,
  engineUrls,
  jdbcFromPostgresUrl,
  type RunningEngine,
  startEngine,
  TEST_ENGINE_PORT,
} from '../../src/stack/engine.js';
import { portInUse } from '../../src/stack/ports.js';
import { ensureDatabase, type RunningPostgres, startEmbeddedPostgres } from '../../src/stack/postgres.js';
import { allWorkers } from '../../workers/index.js';
import type { RunningWorkers } from '../../workers/runtime/start.js';
import { type RunningApp, startApp, WebClient } from '../integration/support/webClient.js';
import { eventually, runWorkers } from '../support/harness.js';
import { TEST_PG_PORT } from '../support/stack.js';

// A dedicated stack (its own PostgreSQL with the app's and the engine's database, its own engine launcher) under a
// running load through the real app: cases start, a handläggare completes each "Registrera beslut" through the task
// API, the real send-notification worker notifies FK, and FK's follow-up task reaches the task list through the task
// read model. The engine's JVM is killed with SIGKILL and restarted, then PostgreSQL is stopped and restarted.
// Properties: /health answers 503 throughout each outage; completions, the worker and /health recover within 30 s of
// the dependency being back; every completion the API confirmed is in the engine and went on exactly once (one
// notification per FK member, one follow-up task); every refused completion can be retried; afterwards the task
// list holds exactly the engine's open tasks. The shared test engine is not touched.

const PROCESS_ID = 'faults-decide-and-notify';
const SHIFT = 37; // own ports next to the shared test stack of this SAMVERKAN_TEST_PORT_OFFSET
const PG_PORT = TEST_PG_PORT + SHIFT;
const ENGINE_PORT = TEST_ENGINE_PORT + SHIFT;
const RECOVERY_LIMIT_MS = 30_000;
/** Cases waiting for their decision at a time: the handläggare's queue, so the load keeps running through the outages. */
const MAX_WAITING = 10;
const log = (msg: string) => process.stdout.write(`[faults] ${msg}\n`);

/** Polls `probe` until it is true; returns how long that took (throws after `timeoutMs`). */
async function until(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<number> {
  const start = Date.now();
  await eventually(async () => (await probe()) || undefined, { what, timeoutMs, intervalMs });
  return Date.now() - start;
}

interface HealthSample {
  at: number;
  status: number;
  engineUp?: boolean;
  databaseUp?: boolean;
  workersUp?: boolean;
  ms: number;
}

describe('faults: engine and database restarts under load', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-faults-'));
  chmodSync(dir, 0o755); // postgres runs as its own OS user when we are root
  const pgOpts = {
    dataDir: path.join(dir, 'pg'),
    port: PG_PORT,
    user: 'samverkan',
    password: 'samverkan',
    persistent: true,
    log,
  };
  const pgUrl = (db: string) => `postgres://samverkan:samverkan@127.0.0.1:${PG_PORT}/${db}`;
  const engineOpts: EngineOptions = {
    port: ENGINE_PORT,
    ...jdbcFromPostgresUrl(pgUrl('engine_faults')),
    adminUser: 'demo',
    adminPassword: 'demo',
    testClock: false,
    restBasicAuth: false,
    heapMiB: 384,
    logFile: path.join(ROOT, '.data', 'logs', 'engine-faults.log'),
    readyTimeoutMs: 240_000,
  };
  let pg: RunningPostgres | undefined;
  let engineProc: RunningEngine | undefined;
  let db: Knex | undefined;
  let workers: RunningWorkers | undefined;
  let taskSync: TaskSync | undefined;
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await workers?.stop().catch(() => undefined);
    await taskSync?.stop().catch(() => undefined);
    await db?.destroy().catch(() => undefined);
    await engineProc?.stop().catch(() => undefined); // only the engine this test started (its own child process)
    await pg?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  test('when the engine and then the database restart under load, then the app recovers within 30 s, no confirmed completion is lost and nothing is duplicated', async () => {
    // given: the dedicated stack and the app as src/main.ts runs it (workers, task sync, web)
    pg = await startEmbeddedPostgres(pgOpts);
    await ensureDatabase(pgUrl('postgres'), 'samverkan_faults');
    await ensureDatabase(pgUrl('postgres'), 'engine_faults');
    engineProc = await startEngine(engineOpts, log);
    const { restUrl } = engineUrls(ENGINE_PORT);
    const cfg = parseConfig({
      ...process.env,
      DATABASE_URL: pgUrl('samverkan_faults'),
      ENGINE_REST_URL: restUrl,
      ENGINE_DB_URL: pgUrl('engine_faults'),
    });
    db = createKnex(cfg.DATABASE_URL!);
    await migrateLatest(db);
    await seedDemoData(db);
    const engine = Engine.fromConfig(cfg);
    await deployProcess(db, engine, {
      processId: PROCESS_ID,
      bpmn: readFileSync(path.join(ROOT, 'test/reliability/fixtures', `${PROCESS_ID}.bpmn`)),
      deployedBy: SYSTEM_DEPLOYER,
      comment: 'faults test',
      formsDirs: [path.join(ROOT, 'test/fixtures')],
    });
    workers = runWorkers(engine, db, allWorkers);
    taskSync = startTaskSync(db, engine, { engineDbUrl: cfg.ENGINE_DB_URL, log: logger });
    app = await startApp({ db, engine, workers, taskSync, cfg });
    const base = app.baseUrl;
    const fkMembers = (await membersOfGroups(db, ['fk'])).length; // send-notification writes one notification each
    const af = new WebClient(base);
    expect((await af.login('af.handlaggare')).status).toBe(303);

    const t0 = Date.now();
    const last: Record<string, string> = {};
    const note = (what: string, value: string) => {
      if (last[what] !== value) log(`+${((Date.now() - t0) / 1000).toFixed(1)} s ${what}: ${value}`);
      last[what] = value;
    };
    const samples: HealthSample[] = [];
    const health = async (): Promise<HealthSample> => {
      const at = Date.now();
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(10_000) });
        const body = (await res.json()) as {
          engine?: { up: boolean };
          database?: { up: boolean };
          workers?: { up: boolean };
        };
        const s = {
          at,
          status: res.status,
          engineUp: body.engine?.up,
          databaseUp: body.database?.up,
          workersUp: body.workers?.up,
          ms: Date.now() - at,
        };
        note('health', `${s.status} engine ${s.engineUp} database ${s.databaseUp} workers ${s.workersUp}`);
        samples.push(s);
        return s;
      } catch (err) {
        note('health', `no answer: ${(err as Error).message}`);
        const s = { at, status: 0, ms: Date.now() - at };
        samples.push(s);
        return s;
      }
    };

    // The load: cases start while fewer than MAX_WAITING wait; the handläggare completes what the task list shows.
    const started = new Map<string, string>(); // caseId → process instance id (starts the engine confirmed)
    let startsRefused = 0;
    const confirmed = new Map<string, number>(); // task id → when the API confirmed the completion
    const alreadyDone = new Set<string>(); // 409 "already done": an earlier attempt whose answer was lost completed it
    const refused = new Set<string>(); // refused or unanswered: to retry
    const statuses = new Map<string, number>();
    let running = true;
    let n = 0;
    const settled = () => confirmed.size + alreadyDone.size;
    const complete = async (taskId: string): Promise<void> => {
      let outcome: string;
      try {
        const res = await af.postJson(
          `/api/tasks/${taskId}/complete`,
          { variables: { decision: 'ja', motivation: 'Uppfyller kriterierna' } },
          { signal: AbortSignal.timeout(20_000) },
        );
        const text = await res.text();
        outcome = String(res.status);
        if (res.status === 200) {
          confirmed.set(taskId, Date.now());
          refused.delete(taskId);
        } else if (res.status === 409 && text.includes('redan slutförd')) {
          alreadyDone.add(taskId);
          refused.delete(taskId);
        } else {
          outcome += ` ${text.slice(0, 100)}`;
          refused.add(taskId);
        }
      } catch (err) {
        outcome = `no answer (${(err as Error).message})`;
        refused.add(taskId);
      }
      statuses.set(outcome.slice(0, 3), (statuses.get(outcome.slice(0, 3)) ?? 0) + 1);
      note('completion', outcome);
    };
    const starter = (async () => {
      while (running) {
        await eventually(async () => !running || started.size - settled() < MAX_WAITING, {
          what: 'room for another case',
          timeoutMs: 600_000,
          intervalMs: 100,
        });
        if (!running) break;
        const caseId = `FAULT-${process.pid}-${n++}`; // a new id per attempt: a start whose answer was lost is not repeated
        try {
          const { processInstanceId } = await engine.startProcess(PROCESS_ID, {
            businessKey: caseId,
            variables: { caseId },
          });
          started.set(caseId, processInstanceId);
          note('start', 'ok');
        } catch (err) {
          startsRefused++;
          note('start', `refused: ${(err as Error).message.slice(0, 80)}`);
          await eventually(async () => !running || (await engineReady(restUrl)), {
            what: 'engine answering',
            timeoutMs: 600_000,
            intervalMs: 500,
          });
        }
      }
    })();
    const completer = (async () => {
      while (running) {
        // the task list as the handläggare sees it (the read model), polled until it offers a decision to make
        const open = await eventually(
          async () => {
            if (!running) return [];
            const res = await af.request(`/api/tasks?view=group&process=${PROCESS_ID}&pageSize=50`, {
              headers: { accept: 'application/json' },
              signal: AbortSignal.timeout(10_000),
            });
            note('task list', String(res.status));
            if (!res.ok) return void (await res.arrayBuffer());
            const { tasks } = (await res.json()) as { tasks: { task_id: string; element_id: string }[] };
            const todo = tasks.filter(
              (x) =>
                x.element_id === 'Task_RegisterDecision' && !confirmed.has(x.task_id) && !alreadyDone.has(x.task_id),
            );
            return todo.length ? todo : undefined;
          },
          { what: 'a decision in the task list', timeoutMs: 600_000, intervalMs: 200 },
        );
        const before = refused.size;
        await Promise.all(open.map((t) => complete(t.task_id)));
        // refused (engine or database away): like a handläggare, try again once both answer
        if (refused.size > before || open.some((t) => refused.has(t.task_id))) {
          await eventually(
            async () =>
              !running ||
              ((await engineReady(restUrl)) &&
                (await db!.raw('select 1').then(
                  () => true,
                  () => false,
                ))),
            { what: 'engine and database answering', timeoutMs: 600_000, intervalMs: 500 },
          );
        }
      }
    })();
    const loadFailed = Promise.all([starter, completer]).then(
      () => undefined,
      (err: Error) => err,
    );

    const completionsSince = (t: number) => [...confirmed.values()].filter((x) => x > t).length;
    const followUpsSince = async (t: number) =>
      Number(
        (
          await db!('tasks')
            .where({ element_id: 'Task_FollowUp' })
            .where('created_at', '>', new Date(t))
            .count<{ n: string }[]>('* as n')
        )[0]!.n,
      ) > 0;
    /** From `back` (the dependency answers again): the API confirms completions, the worker and task sync deliver new follow-up tasks, /health is 200. */
    const recovery = async (back: number) => {
      const [apiMs, workerMs] = await Promise.all([
        until('UI completions confirmed again', async () => completionsSince(back) > 0, RECOVERY_LIMIT_MS * 2),
        until(
          'worker and task sync delivering follow-up tasks again',
          () => followUpsSince(back),
          RECOVERY_LIMIT_MS * 2,
        ),
      ]);
      const healthMs = await until(
        '/health 200 again',
        async () => (await health()).status === 200,
        RECOVERY_LIMIT_MS * 2,
      );
      return { apiMs, workerMs, healthMs, recoveryMs: Math.max(apiMs, workerMs, healthMs) };
    };
    /** The /health samples from `down` until /health first reports the dependency up again (at the latest `back`). */
    const outage = (down: number, back: number, isUp: (s: HealthSample) => boolean) => {
      const end = Math.min(back, samples.find((x) => x.at >= down && isUp(x))?.at ?? back);
      return samples.filter((x) => x.at >= down && x.at < end);
    };
    /** Samples /health until `done` resolves (the dependency is being restarted meanwhile). */
    const sampleWhile = async <T>(done: Promise<T>): Promise<T> => {
      let finished = false;
      const r = done.finally(() => (finished = true));
      r.catch(() => undefined);
      await until('restart finished', async () => (await health(), finished), 300_000, 500);
      return r;
    };

    const restarts: {
      what: string;
      outageMs: number;
      outageSamples: number;
      all503: boolean;
      maxHealthMs: number;
      apiMs: number;
      workerMs: number;
      healthMs: number;
      recoveryMs: number;
    }[] = [];
    try {
      // warm-up: completions go through and FK's follow-up tasks arrive
      await until(
        'warm-up: first completions and follow-up tasks',
        async () => confirmed.size >= 3 && (await followUpsSince(t0)),
        120_000,
      );

      // when: the engine's JVM is killed and started again
      log('killing the engine (SIGKILL)');
      const engineDown = Date.now();
      engineProc.child.kill('SIGKILL');
      await until('engine port closed', async () => !(await portInUse(ENGINE_PORT)), 30_000);
      const engineRestart = sampleWhile(startEngine(engineOpts, log));
      engineProc = await engineRestart;
      const engineBack = Date.now();
      const engineOutage = outage(engineDown, engineBack, (x) => x.engineUp === true);
      log(`engine back after ${((engineBack - engineDown) / 1000).toFixed(1)} s`);
      restarts.push({
        what: 'engine',
        outageMs: engineBack - engineDown,
        outageSamples: engineOutage.length,
        all503: engineOutage.every((x) => x.status === 503 && x.engineUp === false),
        maxHealthMs: Math.max(...engineOutage.map((s) => s.ms)),
        ...(await recovery(engineBack)),
      });

      // when: PostgreSQL (the app's and the engine's database) stops and starts again
      log('stopping PostgreSQL');
      const dbDown = Date.now();
      await pg.stop();
      pg = undefined;
      // the outage lasts at least a few health checks before the server comes back
      await until(
        '/health sampled during the database outage',
        async () => (await health(), samples.filter((s) => s.at >= dbDown).length >= 5),
        60_000,
        500,
      );
      pg = await sampleWhile(startEmbeddedPostgres(pgOpts));
      const dbBack = Date.now();
      const dbOutage = outage(dbDown, dbBack, (x) => x.databaseUp === true);
      log(`database back after ${((dbBack - dbDown) / 1000).toFixed(1)} s`);
      restarts.push({
        what: 'database',
        outageMs: dbBack - dbDown,
        outageSamples: dbOutage.length,
        all503: dbOutage.every((x) => x.status === 503 && x.databaseUp === false),
        maxHealthMs: Math.max(...dbOutage.map((s) => s.ms)),
        ...(await recovery(dbBack)),
      });

      // and the load keeps running on the recovered stack
      const after = confirmed.size;
      await until('completions after both restarts', async () => confirmed.size >= after + 3, 60_000);
    } finally {
      running = false;
      const err = await loadFailed;
      // eslint-disable-next-line no-unsafe-finally -- a failure of the load itself is the one to report
      if (err) throw err;
    }

    // every refused or unanswered completion can be retried now
    const retried = refused.size;
    for (const taskId of [...refused]) await complete(taskId);
    const stillRefused = [...refused];

    // then: what the API confirmed is in the engine, and went on exactly once
    const decided = new Set([...confirmed.keys(), ...alreadyDone]);
    const rows = await db('tasks')
      .whereIn('task_id', [...decided])
      .select<{ task_id: string; process_instance_id: string; state: string }[]>(
        'task_id',
        'process_instance_id',
        'state',
      );
    const instances = [...new Set(rows.map((r) => r.process_instance_id))];
    await until(
      'every decided instance at its follow-up task in the task list',
      async () => {
        const at = await db!('tasks')
          .whereIn('process_instance_id', instances)
          .where({ element_id: 'Task_FollowUp', state: 'open' })
          .countDistinct<{ n: string }[]>('process_instance_id as n');
        return Number(at[0]!.n) === instances.length;
      },
      60_000,
    ).catch((e: Error) => log(e.message));
    const history = await engine.activityHistory({ processDefinitionKey: PROCESS_ID });
    const count = (pik: string, activityId: string, finished?: boolean) =>
      history.filter(
        (a) =>
          a.processInstanceId === pik &&
          a.activityId === activityId &&
          (finished === undefined || (a.endTime !== null) === finished),
      ).length;
    const lost = rows
      .filter(
        (r) =>
          count(r.process_instance_id, 'Task_RegisterDecision', true) !== 1 ||
          count(r.process_instance_id, 'Task_FollowUp') === 0,
      )
      .map((r) => r.task_id);
    const duplicateFollowUps = instances.filter(
      (p) => count(p, 'Task_FollowUp') > 1 || count(p, 'Task_NotifyFollowUp') > 1,
    );
    const caseOf = new Map([...started].map(([caseId, pik]) => [pik, caseId]));
    const notifications = await db('notifications')
      .whereIn(
        'case_id',
        instances.map((p) => caseOf.get(p)!),
      )
      .groupBy('case_id')
      .select<{ case_id: string; n: string }[]>(db.raw('case_id, count(*) as n'));
    const notified = new Map(notifications.map((r) => [r.case_id, Number(r.n)]));
    const wrongNotifications = instances.filter((p) => notified.get(caseOf.get(p)!) !== fkMembers);
    const readModelNotCompleted = rows.filter((r) => r.state !== 'completed').map((r) => r.task_id);
    // and the task list holds exactly the engine's open tasks
    await taskSync.reconcile();
    const engineOpen = new Set((await engine.tasks({ processDefinitionKey: PROCESS_ID })).map((t) => t.id));
    const listOpen = new Set(await db('tasks').where({ bpmn_process_id: PROCESS_ID, state: 'open' }).pluck('task_id'));
    const listMissing = [...engineOpen].filter((id) => !listOpen.has(id));
    const listStale = [...listOpen].filter((id) => !engineOpen.has(id));

    log(
      `restarts: ${restarts
        .map(
          (r) =>
            `${r.what}: outage ${(r.outageMs / 1000).toFixed(1)} s (${r.outageSamples} /health samples, all 503: ${r.all503}, slowest ${r.maxHealthMs} ms); ` +
            `recovered: completions ${(r.apiMs / 1000).toFixed(1)} s, worker ${(r.workerMs / 1000).toFixed(1)} s, /health ${(r.healthMs / 1000).toFixed(1)} s`,
        )
        .join('; ')}`,
    );
    log(
      `instances started ${started.size} (${startsRefused} starts refused), completions confirmed ${confirmed.size}, already done after a lost answer ${alreadyDone.size}, refused then retried ${retried}, ` +
        `still refused ${stillRefused.length}, lost ${lost.length}, duplicated ${duplicateFollowUps.length}, wrong notification counts ${wrongNotifications.length}, ` +
        `task list vs engine: missing ${listMissing.length}, stale ${listStale.length}; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    expect(restarts.map((r) => r.what)).toEqual(['engine', 'database']);
    for (const r of restarts) {
      expect({ what: r.what, all503: r.all503, sampled: r.outageSamples > 0 }).toEqual({
        what: r.what,
        all503: true,
        sampled: true,
      });
      expect({ what: r.what, recoveredWithinLimit: r.recoveryMs < RECOVERY_LIMIT_MS }).toEqual({
        what: r.what,
        recoveredWithinLimit: true,
      });
    }
    expect(stillRefused).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicateFollowUps).toEqual([]);
    expect(wrongNotifications).toEqual([]);
    expect(readModelNotCompleted).toEqual([]);
    expect({ listMissing, listStale }).toEqual({ listMissing: [], listStale: [] });
    expect(await engineReady(restUrl)).toBe(true);
  }, 900_000);
});
