import type { Engine, EngineTask } from '../../src/engine/client.js';
import { eventually } from './harness.js';

/** An open user task as the engine's task API shows it, with its candidate groups (identity links). */
export interface OpenTask extends EngineTask {
  /** The BPMN element id (the engine's taskDefinitionKey). */
  elementId: string;
  /** Candidate groups, sorted. */
  candidateGroups: string[];
}

/**
 * A thin helper over the engine's own task API for process tests: find the open tasks of an element in the test's
 * own instance, complete them like the app does (POST /task/{id}/complete with the form's variables). There is no
 * lease and no worker: the engine holds the tasks, and a cancelled task simply disappears from the query.
 */
export class UserTaskInbox {
  constructor(private readonly engine: Engine) {}

  /** Open tasks of the instance (of one element when given), oldest first. */
  async open(processInstanceId: string, elementId?: string): Promise<OpenTask[]> {
    const tasks = await this.engine.tasks({
      processInstanceId,
      ...(elementId ? { taskDefinitionKey: elementId } : {}),
      sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
    });
    return Promise.all(
      tasks.map(async (t) => ({
        ...t,
        elementId: t.taskDefinitionKey,
        candidateGroups: (await this.engine.taskCandidateGroups(t.id)).sort(),
      })),
    );
  }

  /** Waits until `count` tasks of the element are open in the instance; returns them. */
  async waitFor(
    processInstanceId: string,
    elementId: string,
    { count = 1, timeoutMs = 20_000 } = {},
  ): Promise<OpenTask[]> {
    return eventually(
      async () => {
        const found = await this.open(processInstanceId, elementId);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs, what: `${count} open user task(s) ${elementId} in instance ${processInstanceId}` },
    );
  }

  /** Completes the (first) open task of the element with the form's variables, as the app would. */
  async complete(processInstanceId: string, elementId: string, variables: Record<string, unknown>): Promise<OpenTask> {
    const [task] = await this.waitFor(processInstanceId, elementId);
    await this.engine.completeTask(task!.id, variables);
    return task!;
  }

  /** Completes every one of `count` parallel tasks of a multi-instance element. */
  async completeAll(
    processInstanceId: string,
    elementId: string,
    count: number,
    variables: (task: OpenTask) => Record<string, unknown>,
  ): Promise<OpenTask[]> {
    const tasks = await this.waitFor(processInstanceId, elementId, { count });
    for (const task of tasks) await this.engine.completeTask(task.id, variables(task));
    return tasks;
  }

  /** Element ids of the tasks open in the instance, sorted (a cancelled or completed task is not listed). */
  async openElementIds(processInstanceId: string): Promise<string[]> {
    const tasks = await this.engine.tasks({ processInstanceId });
    return tasks.map((t) => t.taskDefinitionKey).sort();
  }

  /** The id of the form the engine serves for the task (camunda:formRef, resolved in the task's deployment). */
  async formId(task: Pick<EngineTask, 'id'>): Promise<string> {
    const form = await this.engine.taskForm(task.id);
    return String(form.id);
  }
}
