import type { Engine } from '../../src/engine/client.js';
import { isNotFound } from '../../src/engine/client.js';
import { eventually } from './harness.js';

/** A job-worker user task as the engine hands it out. */
export interface UserTaskJob {
  key: string;
  processInstanceKey: string;
  elementId: string;
  customHeaders: Record<string, string>;
  variables: Record<string, unknown>;
}

const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
const FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000; // longer than any clock jump of a test, so a lease never lapses

/**
 * Test stand-in for the task projection: holds every job-worker user task (io.camunda.zeebe:userTask) the engine
 * activates, so a test can wait for the task of an element in its own instance and complete it like the app does.
 */
export class UserTaskInbox {
  private readonly jobs = new Map<string, UserTaskJob>();
  private readonly worker;

  constructor(private readonly engine: Engine) {
    this.worker = engine.grpc.createWorker({
      taskType: USER_TASK_JOB_TYPE,
      timeout: FIVE_YEARS_MS,
      maxJobsToActivate: 64,
      loglevel: 'NONE',
      taskHandler: async (job) => {
        this.jobs.set(String(job.key), {
          key: String(job.key),
          processInstanceKey: String(job.processInstanceKey),
          elementId: job.elementId,
          customHeaders: job.customHeaders as Record<string, string>,
          variables: job.variables as Record<string, unknown>,
        });
        return job.forward();
      },
    });
  }

  private find(pik: string, elementId: string) {
    return [...this.jobs.values()].filter((j) => j.processInstanceKey === pik && j.elementId === elementId);
  }

  /** Waits until `count` tasks of the element are open in the instance; returns them. */
  async waitFor(pik: string, elementId: string, { count = 1, timeoutMs = 20_000 } = {}): Promise<UserTaskJob[]> {
    return eventually(async () => {
      const found = this.find(pik, elementId);
      return found.length >= count ? found : undefined;
    }, { timeoutMs, what: `user task ${elementId} in instance ${pik}` });
  }

  /** Completes the (first) open task of the element with the form's variables, as the app would. */
  async complete(pik: string, elementId: string, variables: Record<string, unknown>): Promise<UserTaskJob> {
    const [job] = await this.waitFor(pik, elementId);
    await this.engine.completeJob(job!.key, variables);
    this.jobs.delete(job!.key);
    return job!;
  }

  /** Completes every one of `count` parallel tasks of a multi-instance element. */
  async completeAll(pik: string, elementId: string, count: number, variables: (job: UserTaskJob) => Record<string, unknown>): Promise<UserTaskJob[]> {
    const jobs = await this.waitFor(pik, elementId, { count });
    for (const job of jobs) {
      await this.engine.completeJob(job.key, variables(job));
      this.jobs.delete(job.key);
    }
    return jobs;
  }

  /** Element ids of the tasks still open in the instance (a cancelled task is dropped: its job is gone). */
  async openElementIds(pik: string): Promise<string[]> {
    const open: string[] = [];
    for (const job of [...this.jobs.values()].filter((j) => j.processInstanceKey === pik)) {
      try {
        await this.engine.updateJobTimeout(job.key, FIVE_YEARS_MS);
        open.push(job.elementId);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.jobs.delete(job.key);
      }
    }
    return open.sort();
  }

  /** Stops activating tasks. */
  async stop(): Promise<void> {
    await this.worker.close(5_000).catch(() => undefined);
  }
}
