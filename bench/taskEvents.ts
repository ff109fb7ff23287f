import pg from 'pg';

import { TASK_CHANNEL } from '../src/services/taskReadModel.js';
import { now } from './stats.js';

/** The part of the launcher's task event (engine/…/TaskNotifier.java) the bench reads. */
export interface TaskEventLite {
  event: string;
  id: string;
  taskDefinitionKey: string;
  processInstanceId: string | null;
  /** performance.now() when the notification arrived here. */
  at: number;
}

/**
 * A LISTEN on the engine's database for the launcher's `pg_notify('engine_task', …)`, the same events the app's task
 * read model is fed by. The bench uses its own connection to time hand-offs (when did the engine commit the next
 * task?) and as the year replay's inbox (which tasks exist, without polling the engine for thousands of cases).
 */
export class TaskEventListener {
  private readonly client: pg.Client;
  private readonly handlers = new Set<(e: TaskEventLite) => void>();
  events = 0;

  private constructor(url: string) {
    this.client = new pg.Client({ connectionString: url, application_name: 'samverkan-bench-task-events' });
  }

  static async start(url: string): Promise<TaskEventListener> {
    const l = new TaskEventListener(url);
    l.client.on('notification', (msg) => {
      if (msg.channel !== TASK_CHANNEL || !msg.payload) return;
      const at = now();
      let e: TaskEventLite;
      try {
        const p = JSON.parse(msg.payload) as {
          event: string;
          id: string;
          taskDefinitionKey: string;
          processInstanceId?: string | null;
        };
        e = {
          event: p.event,
          id: p.id,
          taskDefinitionKey: p.taskDefinitionKey,
          processInstanceId: p.processInstanceId ?? null,
          at,
        };
      } catch {
        return;
      }
      l.events++;
      for (const h of l.handlers) h(e);
    });
    l.client.on('error', () => undefined); // the bench notices missing events through its fall-backs
    await l.client.connect();
    await l.client.query(`LISTEN ${TASK_CHANNEL}`);
    return l;
  }

  on(handler: (e: TaskEventLite) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async stop(): Promise<void> {
    this.handlers.clear();
    await this.client.end().catch(() => undefined);
  }
}
