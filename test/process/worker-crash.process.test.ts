import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from '../../src/paths.js';
import type { WorkerDefinition } from '../../workers/runtime/runJob.js';
import { connect, eventually, instanceIsActive, runWorkers, uniqueCaseId } from '../support/harness.js';
import { CRASH_EFFECTS_TABLE, CRASH_TOPIC, type CrashPoint, crashRecordWorker } from '../support/killableWorker.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/worker-crash.bpmn');
const CHILD = path.join(ROOT, 'test/support/killableWorker.ts');

describe('a worker process killed with SIGKILL in the middle of a job', () => {
  const { engine, db, close } = connect();
  const children = new Set<ChildProcess>();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-worker-crash-'));

  beforeAll(async () => {
    await engine.deploy({
      name: 'worker-crash',
      resources: [{ name: 'worker-crash.bpmn', content: readFileSync(FIXTURE) }],
    });
    await db.raw(
      `create table if not exists ${CRASH_EFFECTS_TABLE} (id bigserial primary key, case_id text not null, job_key text not null, pid integer not null, created_at timestamptz not null default now())`,
    );
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await close();
  });

  /** Starts the killable worker as its own Node process; resolves once its subscription runs. */
  async function spawnWorker(point: CrashPoint): Promise<ChildProcess> {
    const started = path.join(dir, 'started.json');
    rmSync(started, { force: true });
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, KILLABLE_WORKER_MODE: point, KILLABLE_WORKER_DIR: dir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.add(child);
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`killable worker exited with ${child.exitCode}`);
        return existsSync(started);
      },
      { what: 'killable worker started', timeoutMs: 30_000 },
    );
    return child;
  }

  const sigkill = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

  /** The real runtime as the second worker, counting how often its handler runs for the case. */
  function secondWorker(caseId: string): { def: WorkerDefinition; calls: () => number } {
    let calls = 0;
    const def = crashRecordWorker(async (c) => {
      if (c === caseId) calls += 1;
    });
    return { def, calls: () => calls };
  }

  /** Starts an instance of the fixture for a new case. */
  async function startCrashInstance(): Promise<{ caseId: string; pik: string }> {
    const caseId = uniqueCaseId('CRASH');
    const started = await engine.startProcess('worker-crash', { businessKey: caseId, variables: { caseId } });
    return { caseId, pik: started.processInstanceId };
  }

  /**
   * Runs the second worker until the instance has completed (the job was not lost) and stops it; returns how often its
   * handler ran for the case.
   */
  async function completedBySecondWorker(caseId: string, pik: string): Promise<number> {
    const second = secondWorker(caseId);
    const workers = runWorkers(engine, db, [second.def]);
    try {
      await eventually(async () => !(await instanceIsActive(engine, pik)), {
        what: `instance ${pik} completed`,
        timeoutMs: 30_000,
      });
      expect(await engine.historicProcessInstance(pik)).toMatchObject({ state: 'COMPLETED' });
      return second.calls();
    } finally {
      await workers.stop();
    }
  }

  const effectsOf = (caseId: string) =>
    db(CRASH_EFFECTS_TABLE).where({ case_id: caseId }).select<{ job_key: string; pid: number }[]>('job_key', 'pid');
  const ledgerOf = (pik: string) =>
    db('job_ledger')
      .where({ process_instance_key: pik })
      .select<{ job_key: string; job_type: string }[]>('job_key', 'job_type');

  test('when the worker is killed inside the job transaction, then its effect is rolled back, the task comes back after its lock and is done exactly once', async () => {
    // given a worker process that hangs inside the transaction, after writing its effect row
    const child = await spawnWorker('before-commit');
    const { caseId, pik } = await startCrashInstance();
    const marker = path.join(dir, `before-commit-${caseId}.json`);
    await eventually(async () => existsSync(marker), { what: 'the worker inside the transaction' });
    const { taskId } = JSON.parse(readFileSync(marker, 'utf8')) as { taskId: string };
    expect(await effectsOf(caseId)).toEqual([]); // written, not committed
    // when it is killed and a second worker runs
    await sigkill(child);
    // then the instance completes: the job was not lost
    const calls = await completedBySecondWorker(caseId, pik);
    // and the effect exists once, written by the second worker for the same task
    expect(calls).toBe(1);
    expect(await effectsOf(caseId)).toEqual([{ job_key: taskId, pid: process.pid }]);
    expect(await ledgerOf(pik)).toEqual([{ job_key: taskId, job_type: CRASH_TOPIC }]);
  });

  test('when the worker is killed after its commit but before completing the task, then the task comes back after its lock and the ledger completes it without a second effect', async () => {
    // given a worker process that hangs after the commit, in the call that completes the task
    const child = await spawnWorker('after-commit');
    const { caseId, pik } = await startCrashInstance();
    const marker = path.join(dir, `after-commit-${caseId}.json`);
    await eventually(async () => existsSync(marker), { what: 'the worker between commit and complete' });
    const { taskId, pid } = JSON.parse(readFileSync(marker, 'utf8')) as { taskId: string; pid: number };
    expect(await effectsOf(caseId)).toEqual([{ job_key: taskId, pid }]); // committed
    expect(await instanceIsActive(engine, pik)).toBe(true); // not completed
    // when it is killed and a second worker runs
    await sigkill(child);
    // then the instance completes: the job was not lost
    const calls = await completedBySecondWorker(caseId, pik);
    // and there is still exactly one effect (the killed worker's) and one ledger row: the handler did not run again
    expect(calls).toBe(0);
    expect(await effectsOf(caseId)).toEqual([{ job_key: taskId, pid }]);
    expect(await ledgerOf(pik)).toEqual([{ job_key: taskId, job_type: CRASH_TOPIC }]);
  });
});
