import { Engine, type EngineSettings, type ExternalTask, type FetchTopic } from '../src/engine/client.js';
import { now } from './stats.js';

/** What a probed worker engine saw of one external task (performance.now() times). */
export interface ExternalTaskTiming {
  id: string;
  topic: string;
  processInstanceId: string;
  /** fetchAndLock answered with this task. */
  lockedAt: number;
  /** complete sent: runJob (validation, transaction with the ledger row, handler, commit) is done. */
  completeSentAt?: number;
  /** complete answered (undefined until then). */
  completedAt?: number;
}

/**
 * The product's engine client with timestamps: the worker runtime (startWorkers → subscribe → runJob) is given this
 * instance instead of a plain Engine, so the bench sees when a task was locked and when its completion was answered,
 * without touching the runtime. The overhead is a map write per task.
 */
export class ProbedEngine extends Engine {
  /** By external task id; trimmed to the last `keep` tasks. */
  readonly timings = new Map<string, ExternalTaskTiming>();
  /** Called after each completion the engine answered (worker throughput counts with it). */
  onCompleted: ((t: ExternalTaskTiming) => void) | undefined;
  private readonly keep: number;

  constructor(settings: EngineSettings, keep = 20_000) {
    super(settings);
    this.keep = keep;
  }

  override async fetchAndLock(
    req: { workerId: string; maxTasks: number; asyncResponseTimeout: number; topics: FetchTopic[] },
    signal?: AbortSignal,
  ): Promise<ExternalTask[]> {
    const tasks = await super.fetchAndLock(req, signal);
    const at = now();
    for (const t of tasks)
      this.timings.set(t.id, { id: t.id, topic: t.topicName, processInstanceId: t.processInstanceId, lockedAt: at });
    if (this.timings.size > this.keep)
      for (const k of [...this.timings.keys()].slice(0, this.timings.size - this.keep)) this.timings.delete(k);
    return tasks;
  }

  override async completeExternalTask(
    id: string,
    c: { workerId: string; variables: Record<string, unknown> },
  ): Promise<void> {
    const sent = now();
    await super.completeExternalTask(id, c);
    const t = this.timings.get(id);
    if (t) {
      t.completeSentAt = sent;
      t.completedAt = now();
      this.onCompleted?.(t);
    }
  }

  /** The last task of an instance locked after `after` (the hand-off's external task). */
  lastOfInstance(processInstanceId: string, after: number): ExternalTaskTiming | undefined {
    let found: ExternalTaskTiming | undefined;
    for (const t of this.timings.values())
      if (t.processInstanceId === processInstanceId && t.lockedAt >= after) found = t;
    return found;
  }
}
