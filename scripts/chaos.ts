// `npm run test:chaos`: crash test of the worker stack on Operaton. Runs ≥ 200 instances of a fixture with a data
// write, a notification (transactional outbox) and a due-date computation (four external tasks each) while a child
// process running only the workers (startWorkers → runJob, one long-polling fetch-and-lock) is killed with SIGKILL at
// random moments (≥ 20 times) and restarted. A killed worker's external tasks stay locked until their lock duration
// runs out; then the engine hands them out again with the same id, and the job ledger answers a redelivery whose
// effects were already committed. Then checks that every instance completed, every mail exists exactly once in the
// outbox and no domain row is duplicated, and prints the counts.
//
//   npm run test:chaos                                       (own test stack, ports offset by 720 by default)
//   SAMVERKAN_TEST_PORT_OFFSET=200 npm run test:chaos      (reuses `SAMVERKAN_TEST_PORT_OFFSET=200 npm run stack:test` when it runs)
//   CHAOS_INSTANCES=200 CHAOS_KILLS=20 CHAOS_SEED=42        (optional)
//
// The data write is a chaos-only worker (`chaos-record-step`) on a table without a unique constraint, so a
// duplicate effect would show up as a duplicate row instead of being hidden by the database.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Its own test ports unless told otherwise: the chaos workers must not take external tasks of another stack's tests
// (test/support/stack.ts reuses an engine that answers on the test port). Read when the stack modules are imported.
process.env.SAMVERKAN_TEST_PORT_OFFSET ??= '720';
const JOB_TYPE_RECORD = 'chaos-record-step';

/** The chaos-only data write: one row per job, deliberately without a unique constraint. */
async function workerDefinitions() {
  const { defineWorker } = await import('../workers/runtime/runJob.js');
  const { default: computeDueDate } = await import('../workers/compute-due-date.js');
  const { default: sendNotification } = await import('../workers/send-notification.js');
  const recordStep = defineWorker({
    jobType: JOB_TYPE_RECORD,
    Input: z.object({ caseId: z.string().min(1) }),
    Output: z.object({ recorded: z.literal(true) }),
    timeoutMs: 5000,
    handle: async (input, ctx) => {
      await ctx.trx('chaos_steps').insert({ case_id: input.caseId, element_id: ctx.elementId, job_key: ctx.jobKey });
      return { recorded: true as const };
    },
  });
  return [computeDueDate, sendNotification, recordStep];
}

/** Child mode: run only the workers until killed (or SIGTERM: graceful stop). */
async function workerProcess(): Promise<void> {
  const { parseConfig } = await import('../src/config.js');
  const { createKnex } = await import('../src/db/knex.js');
  const { Engine } = await import('../src/engine/client.js');
  const { logger } = await import('../src/logger.js');
  const { startWorkers } = await import('../workers/runtime/start.js');
  const cfg = parseConfig();
  const db = createKnex(cfg.DATABASE_URL!);
  const engine = Engine.fromConfig(cfg);
  // a short long poll: a restarted worker is polling within a second
  const workers = startWorkers(engine, await workerDefinitions(), { db, log: logger }, { longPollMs: 1_000 });
  process.stdout.write('CHAOS_WORKER_READY\n');
  process.on('SIGTERM', () => {
    void (async () => {
      await workers.stop();
      await db.destroy();
      process.exit(0);
    })();
  });
}

/** A small seeded PRNG (mulberry32) so a failing run can be repeated with CHAOS_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const instances = Number(process.env.CHAOS_INSTANCES ?? 200);
  const kills = Number(process.env.CHAOS_KILLS ?? 20);
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
  const random = prng(seed);
  const say = (msg: string) => process.stdout.write(`[chaos] ${msg}\n`);
  say(`instances=${instances} kills=${kills} seed=${seed}`);
  const t0 = Date.now();

  const { ensureTestStack } = await import('../test/support/stack.js');
  const stack = await ensureTestStack();
  Object.assign(process.env, stack.env);
  const { parseConfig } = await import('../src/config.js');
  const { createKnex } = await import('../src/db/knex.js');
  const { Engine } = await import('../src/engine/client.js');
  const { logger } = await import('../src/logger.js');
  const { instanceIsActive } = await import('../test/support/harness.js');
  const { createTransport, deliverBatch } = await import('../src/services/outboxSender.js');
  const cfg = parseConfig();
  const db = createKnex(cfg.DATABASE_URL!);
  const engine = Engine.fromConfig(cfg);
  let ok = false;
  let child: ChildProcess | undefined;
  try {
    await db.schema.createTable('chaos_steps', (t) => {
      t.bigIncrements('id');
      t.string('case_id').notNullable();
      t.string('element_id').notNullable();
      t.string('job_key').notNullable(); // the external task's id (a UUID)
    });
    await engine.deploy({
      name: 'chaos-notify-and-record',
      resources: [
        {
          name: 'chaos-notify-and-record.bpmn',
          content: readFileSync(path.join(ROOT, 'test/fixtures/chaos-notify-and-record.bpmn')),
        },
      ],
    });

    // --- the worker process, killed and restarted ---
    let restarts = 0;
    let replays = 0;
    const spawnWorker = () =>
      new Promise<ChildProcess>((resolve, reject) => {
        const c = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker'], {
          cwd: ROOT,
          env: { ...process.env, LOG_LEVEL: 'info' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        c.once('error', reject);
        let pending = '';
        c.stdout!.on('data', (chunk: Buffer) => {
          const lines = (pending + chunk.toString()).split('\n');
          pending = lines.pop()!;
          for (const line of lines) {
            if (line === 'CHAOS_WORKER_READY') resolve(c);
            // A kill between commit and complete: the engine redelivers and the job ledger answers.
            else if (line.includes('job redelivered; completed from ledger')) replays += 1;
            else if (/"level":(50|60)/.test(line)) process.stderr.write(`${line}\n`);
          }
        });
        c.once('exit', (code, signal) => reject(new Error(`worker exited before ready (${code ?? signal})`)));
      });
    const kill = async (c: ChildProcess) => {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    };

    // --- start instances at a steady pace while the killer runs ---
    const caseIds = Array.from({ length: instances }, (_, i) => `CHAOS-${seed}-${String(i).padStart(4, '0')}`);
    const keys: string[] = [];
    const starter = (async () => {
      for (const caseId of caseIds) {
        keys.push(
          (await engine.startProcess('chaos-notify-and-record', { businessKey: caseId, variables: { caseId } }))
            .processInstanceId,
        );
        await sleep(150 + random() * 300); // spread over the kill window
      }
    })();

    child = await spawnWorker();
    let killed = 0;
    while (killed < kills) {
      await sleep(150 + random() * 2500); // a random moment in the worker's life
      await kill(child);
      killed += 1;
      child = await spawnWorker();
      restarts += 1;
      if (killed % 5 === 0) say(`killed ${killed}/${kills}, instances started ${keys.length}/${instances}`);
    }
    await starter;
    say(`all ${instances} instances started; ${killed} SIGKILLs; waiting for the last worker to finish`);

    // --- wait until every instance has completed (locks of killed workers must run out first) ---
    let active = [...keys];
    const deadline = Date.now() + 6 * 60_000;
    while (active.length && Date.now() < deadline) {
      const still: string[] = [];
      for (let i = 0; i < active.length; i += 20) {
        const batch = active.slice(i, i + 20);
        const flags = await Promise.all(batch.map((k) => instanceIsActive(engine, k)));
        batch.forEach((k, j) => flags[j] && still.push(k));
      }
      active = still;
      // a modelling or worker error raises incidents: waiting would not finish those instances
      const stuck = active.length
        ? (await engine.incidents({ processDefinitionKeyIn: ['chaos-notify-and-record'] })).filter((i) =>
            active.includes(i.processInstanceId),
          ).length
        : 0;
      if (active.length && stuck >= active.length) {
        say(`${stuck} of the ${active.length} unfinished instances have incidents; not waiting for them`);
        break;
      }
      if (active.length) await sleep(2000);
    }
    const stopped = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await stopped;
    child = undefined;

    // --- deliver the outbox (embedded: JSON transport) and count ---
    const transport = createTransport(undefined);
    for (;;) {
      const r = await deliverBatch(db, transport, { from: 'chaos@samverkan.local', batchSize: 200, log: logger });
      if (r.sent + r.failed === 0) break;
    }
    const one = async <T>(sql: string, bindings: unknown[] = []) => (await db.raw(sql, bindings as never)).rows[0] as T;
    const recipientsPerCase = Number(
      (
        await one<{ n: string }>(
          `select count(distinct u.username) n from users u join group_members g on g.username = u.username where g.group_code = 'af' and u.active`,
        )
      ).n,
    );
    const outbox = await one<{ total: string; distinct_pairs: string; unsent: string; resent: string }>(
      `select count(*) total, count(distinct (case_id, recipient_username)) distinct_pairs, count(*) filter (where sent_at is null) unsent, count(*) filter (where attempts <> 1) resent from outbox_messages where case_id like ?`,
      [`CHAOS-${seed}-%`],
    );
    const inApp = await one<{ total: string; distinct_pairs: string }>(
      `select count(*) total, count(distinct (case_id, username)) distinct_pairs from notifications where case_id like ?`,
      [`CHAOS-${seed}-%`],
    );
    const steps = await one<{ total: string; distinct_pairs: string }>(
      `select count(*) total, count(distinct (case_id, element_id)) distinct_pairs from chaos_steps`,
    );
    const ledger = await one<{ total: string }>(`select count(*) total from job_ledger`);
    const incidents = (await engine.incidents({ processDefinitionKeyIn: ['chaos-notify-and-record'] })).filter((i) =>
      keys.includes(i.processInstanceId),
    );

    const expectedMails = instances * recipientsPerCase;
    const rows: [string, number, number][] = [
      ['instances completed', instances - active.length, instances],
      ['worker SIGKILLs', killed, kills],
      ['outbox mails', Number(outbox.total), expectedMails],
      ['outbox distinct (case, recipient)', Number(outbox.distinct_pairs), expectedMails],
      ['outbox unsent after delivery', Number(outbox.unsent), 0],
      ['in-app notifications', Number(inApp.total), expectedMails],
      ['in-app distinct (case, user)', Number(inApp.distinct_pairs), expectedMails],
      ['data rows (chaos_steps)', Number(steps.total), 2 * instances],
      ['data distinct (case, element)', Number(steps.distinct_pairs), 2 * instances],
      ['job ledger rows (jobs done once)', Number(ledger.total), 4 * instances],
      ['open incidents', incidents.length, 0],
    ];
    say(`worker restarts: ${restarts}; redelivered jobs answered from the job ledger: ${replays}`);
    for (const [what, actual, expected] of rows)
      say(
        `${actual === expected ? 'ok  ' : 'FAIL'} ${what.padEnd(36)} ${String(actual).padStart(6)}  (expected ${expected})`,
      );
    ok = rows.every(([, a, e]) => a === e);
    say(`${ok ? 'PASSED' : `FAILED (seed ${seed})`} in ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    if (child) child.kill('SIGKILL');
    await db.destroy();
    await stack.stop();
  }
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--worker')) {
  workerProcess().catch((err: Error) => {
    process.stderr.write(`chaos worker failed: ${err.message}\n`);
    process.exit(1);
  });
} else {
  main().catch((err: Error) => {
    process.stderr.write(`[chaos] ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
