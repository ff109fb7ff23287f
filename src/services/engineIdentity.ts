import type { Engine } from '../engine/client.js';

/** Resource types of the engine's authorization service (Camunda 7 numbering). */
const RESOURCE = {
  application: 0,
  processDefinition: 6,
  task: 7,
  processInstance: 8,
  deployment: 9,
  decisionDefinition: 10,
  historicTask: 19,
  historicProcessInstance: 20,
} as const;

/** The engine's webapp groups: the styrgrupp reads Cockpit; the processägare also retries incidents. */
export const ENGINE_GROUPS = {
  styrgrupp: { id: 'styrgrupp', name: 'Styrgrupp (läsbehörighet i Cockpit)' },
  processagare: { id: 'processagare', name: 'Processägare (Cockpit, kan försöka igen vid incidenter)' },
} as const;

/**
 * The styrgrupp and processägare logins of the engine's own identity (authorizations are enabled in the launcher):
 * - styrgrupp: Cockpit only; reads definitions, instances, incidents and history; cannot modify, cancel or retry;
 * - processägare: the same, and may retry a failed step (give an incident's task its retries back).
 * Idempotent; passwords are set only when a user is created.
 */
export async function seedEngineLogins(
  engine: Engine,
  opts: { password: string; users?: { styrgrupp: string; processagare: string } },
): Promise<void> {
  const users = opts.users ?? { styrgrupp: 'styrgrupp', processagare: 'processagare' };
  for (const [role, group] of Object.entries(ENGINE_GROUPS) as [
    keyof typeof ENGINE_GROUPS,
    (typeof ENGINE_GROUPS)[keyof typeof ENGINE_GROUPS],
  ][]) {
    await engine.ensureGroup(group);
    const userId = users[role];
    await engine.ensureUser({
      id: userId,
      firstName: role === 'styrgrupp' ? 'Styrgrupp' : 'Processägare',
      lastName: 'Samverkan',
      password: opts.password,
    });
    await engine.ensureMembership(group.id, userId);
    const retry = role === 'processagare';
    await engine.ensureGroupGrant({
      groupId: group.id,
      resourceType: RESOURCE.application,
      resourceId: 'cockpit',
      permissions: ['ACCESS'],
    });
    await engine.ensureGroupGrant({
      groupId: group.id,
      resourceType: RESOURCE.processDefinition,
      permissions: [
        'READ',
        'READ_INSTANCE',
        'READ_HISTORY',
        'READ_TASK',
        ...(retry ? ['RETRY_JOB', 'UPDATE_INSTANCE'] : []),
      ],
    });
    await engine.ensureGroupGrant({
      groupId: group.id,
      resourceType: RESOURCE.processInstance,
      permissions: ['READ', ...(retry ? ['RETRY_JOB', 'UPDATE'] : [])],
    });
    for (const resourceType of [
      RESOURCE.task,
      RESOURCE.deployment,
      RESOURCE.decisionDefinition,
      RESOURCE.historicTask,
      RESOURCE.historicProcessInstance,
    ]) {
      await engine.ensureGroupGrant({ groupId: group.id, resourceType, permissions: ['READ'] });
    }
  }
}
