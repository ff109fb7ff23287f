import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseConfig } from '../../src/config.js';
import { Engine, EngineError } from '../../src/engine/client.js';
import { ROOT } from '../../src/paths.js';
import { deployProcess } from '../../src/services/deployment.js';
import { seedEngineLogins } from '../../src/services/engineIdentity.js';
import { connect, eventually, uniqueCaseId } from '../support/harness.js';

// The engine's own identity and authorizations (the launcher runs with authorizations enabled and Basic
// authentication on /engine-rest, in tests as in production). Tested through the REST API with each user's
// credentials, against a real incident.
const PROCESS_ID = 'incidents-failing-step';
const TOPIC = 'incidents-failing-step';

/** The HTTP status an engine call answered with (200 when it succeeded). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (err) {
    if (err instanceof EngineError) return err.status;
    throw err;
  }
}

describe('engine identity: the styrgrupp reads in Cockpit, the processägare may also retry', () => {
  const { engine: admin, db, close } = connect();
  const cfg = parseConfig();
  const suffix = Math.random().toString(36).slice(2, 8);
  const users = { styrgrupp: `styrgrupp${suffix}`, processagare: `processagare${suffix}` };
  const as = (user: string) => new Engine({ restUrl: cfg.ENGINE_REST_URL, user, password: 'demo' });
  let processInstanceId: string;
  let incident: Awaited<ReturnType<Engine['incidents']>>[number];

  beforeAll(async () => {
    await seedEngineLogins(admin, { password: 'demo', users });
    await deployProcess(db, admin, {
      processId: PROCESS_ID,
      bpmn: readFileSync(path.join(ROOT, 'test', 'fixtures', `${PROCESS_ID}.bpmn`)),
      deployedBy: 'test',
      comment: null,
    });
    const caseId = uniqueCaseId('AUTH');
    ({ processInstanceId } = await admin.startProcess(PROCESS_ID, { businessKey: caseId, variables: { caseId } }));
    // a step that fails for good: an incident, as a worker out of retries leaves it
    const [task] = await eventually(
      async () => {
        const locked = await admin.fetchAndLock({
          workerId: `auth-test-${suffix}`,
          maxTasks: 10,
          asyncResponseTimeout: 1_000,
          topics: [{ topicName: TOPIC, lockDuration: 30_000 }],
        });
        const mine = locked.filter((t) => t.processInstanceId === processInstanceId);
        await Promise.all(
          locked.filter((t) => t.processInstanceId !== processInstanceId).map((t) => admin.unlockExternalTask(t.id)),
        );
        return mine.length ? mine : undefined;
      },
      { what: 'the failing step locked' },
    );
    await admin.failExternalTask(task!.id, {
      workerId: `auth-test-${suffix}`,
      errorMessage: 'test: the step failed',
      retries: 0,
      retryTimeout: 0,
    });
    incident = await eventually(async () => (await admin.incidents({ processInstanceId }))[0], {
      what: 'the incident',
    });
  });
  afterAll(async () => {
    await admin.cancelProcessInstance(processInstanceId).catch(() => undefined);
    await close();
  });

  test('when the REST API is called without credentials, then it answers 401', async () => {
    // given
    const anonymous = new Engine({ restUrl: cfg.ENGINE_REST_URL });
    // when / then
    expect(await statusOf(anonymous.processInstances({ processDefinitionKey: PROCESS_ID }))).toBe(401);
  });

  test('when a user who has just signed in calls with a wrong password, then it answers 401 every time', async () => {
    // given: a user of its own (failed sign-ins delay the user's next ones) and a successful call, which the engine
    // may remember for a while
    const userId = `signin${suffix}`;
    await admin.ensureUser({ id: userId, firstName: 'Inloggning', lastName: 'Test', password: 'demo' });
    expect(await statusOf(as(userId).processInstances({ processDefinitionKey: PROCESS_ID }))).toBe(200);
    const wrong = new Engine({ restUrl: cfg.ENGINE_REST_URL, user: userId, password: 'not-the-password' });
    // when / then
    expect(await statusOf(wrong.processInstances({ processDefinitionKey: PROCESS_ID }))).toBe(401);
    expect(await statusOf(wrong.processInstances({ processDefinitionKey: PROCESS_ID }))).toBe(401);
  });

  test('when the styrgrupp reads definitions, instances, incidents and history, then it sees the running instance and its incident', async () => {
    // given
    const styrgrupp = as(users.styrgrupp);
    // when
    const [definitions, instances, incidents, history, activities] = await Promise.all([
      styrgrupp.processDefinitions({ key: PROCESS_ID }),
      styrgrupp.processInstances({ processDefinitionKey: PROCESS_ID }),
      styrgrupp.incidents({ processInstanceId }),
      styrgrupp.historicProcessInstance(processInstanceId),
      styrgrupp.activityHistory({ processInstanceId }),
    ]);
    // then
    expect(definitions.length).toBeGreaterThan(0);
    expect(instances.map((i) => i.id)).toContain(processInstanceId);
    expect(incidents.map((i) => i.id)).toEqual([incident.id]);
    expect(history?.state).toBe('ACTIVE');
    expect(activities.map((a) => a.activityId)).toContain('Task_SendNotice');
  });

  test('when the styrgrupp tries to retry, change variables, cancel or deploy, then every attempt is refused with 403 and nothing changes', async () => {
    // given
    const styrgrupp = as(users.styrgrupp);
    // when
    const statuses = {
      retry: await statusOf(styrgrupp.retryIncident(incident)),
      variables: await statusOf(styrgrupp.setProcessVariables(processInstanceId, { tampered: true })),
      cancel: await statusOf(styrgrupp.cancelProcessInstance(processInstanceId)),
      deploy: await statusOf(
        styrgrupp.deploy({
          name: 'styrgrupp-attempt',
          resources: [
            {
              name: `${PROCESS_ID}.bpmn`,
              content: readFileSync(path.join(ROOT, 'test', 'fixtures', `${PROCESS_ID}.bpmn`)),
            },
          ],
        }),
      ),
    };
    // then
    expect(statuses).toEqual({ retry: 403, variables: 403, cancel: 403, deploy: 403 });
    expect(await admin.isActive(processInstanceId)).toBe(true);
    expect((await admin.incidents({ processInstanceId })).map((i) => i.id)).toEqual([incident.id]);
    expect(await admin.processVariables(processInstanceId, ['tampered'])).toEqual({});
  });

  test('when the processägare retries the incident, then the step gets its retries back, but cancelling is still refused', async () => {
    // given
    const processagare = as(users.processagare);
    // when
    const cancel = await statusOf(processagare.cancelProcessInstance(processInstanceId));
    await processagare.retryIncident(incident, 1);
    // then
    expect(cancel).toBe(403);
    expect((await admin.externalTask(incident.configuration!))?.retries).toBe(1);
    expect(await admin.incidents({ processInstanceId })).toEqual([]);
  });

  test('when a user task waits for a candidate group, then the styrgrupp sees it and its group, and the engine wrote no authorization for that task', async () => {
    // given: a user task for the app's group "af" (a group the engine's identity does not have)
    const taskProcess = 'ui-task-fixture';
    const fixtures = path.join(ROOT, 'test', 'fixtures');
    await deployProcess(db, admin, {
      processId: taskProcess,
      bpmn: readFileSync(path.join(fixtures, `${taskProcess}.bpmn`)),
      formsDirs: [fixtures],
      deployedBy: 'test',
      comment: null,
    });
    const caseId = uniqueCaseId('AUTHTASK');
    const started = await admin.startProcess(taskProcess, {
      businessKey: caseId,
      variables: { caseId, dueDate: '2027-01-15T12:00:00' },
    });
    try {
      const [task] = await eventually(
        async () => {
          const open = await admin.tasks({ processInstanceId: started.processInstanceId });
          return open.length ? open : undefined;
        },
        { what: 'the user task' },
      );
      // when
      const styrgrupp = as(users.styrgrupp);
      const seen = await styrgrupp.tasks({ processInstanceId: started.processInstanceId });
      const groups = await styrgrupp.taskCandidateGroups(task!.id);
      const perTask = await fetch(
        `${cfg.ENGINE_REST_URL}/authorization?resourceType=7&resourceId=${encodeURIComponent(task!.id)}`,
        {
          headers: {
            authorization: `Basic ${Buffer.from(`${cfg.ENGINE_REST_USER}:${cfg.ENGINE_REST_PASSWORD}`).toString('base64')}`,
          },
        },
      );
      // then
      expect(seen.map((t) => t.id)).toEqual([task!.id]);
      expect(groups).toEqual(['af']);
      expect(perTask.status).toBe(200);
      expect(await perTask.json()).toEqual([]);
    } finally {
      await admin.cancelProcessInstance(started.processInstanceId).catch(() => undefined);
    }
  });

  test('when a member of operaton-admin has a revoke on process instances, then it still reads them (admins are not checked against the authorization table), and a user without the group does not', async () => {
    // given: an admin of its own and a plain user, each with a REVOKE of READ on every process instance
    const adminId = `adminrevoke${suffix}`;
    const plainId = `plainrevoke${suffix}`;
    for (const id of [adminId, plainId])
      await admin.ensureUser({ id, firstName: 'Behörighet', lastName: 'Test', password: 'demo' });
    await admin.ensureMembership('operaton-admin', adminId);
    await admin.ensureGroupGrant({ groupId: 'operaton-admin', resourceType: 8, permissions: ['ALL'] });
    const headers = {
      authorization: `Basic ${Buffer.from(`${cfg.ENGINE_REST_USER}:${cfg.ENGINE_REST_PASSWORD}`).toString('base64')}`,
      'content-type': 'application/json',
    };
    const revokes: string[] = [];
    try {
      for (const userId of [adminId, plainId]) {
        const res = await fetch(`${cfg.ENGINE_REST_URL}/authorization/create`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            type: 2,
            userId,
            groupId: null,
            resourceType: 8,
            resourceId: '*',
            permissions: ['READ'],
          }),
        });
        expect(res.status).toBe(200);
        revokes.push(((await res.json()) as { id: string }).id);
      }
      // when
      const asAdmin = await as(adminId).processInstances({ processDefinitionKey: PROCESS_ID });
      const asPlain = await as(plainId).processInstances({ processDefinitionKey: PROCESS_ID });
      // then
      expect(asAdmin.map((i) => i.id)).toContain(processInstanceId);
      expect(asPlain).toEqual([]);
    } finally {
      for (const id of revokes)
        await fetch(`${cfg.ENGINE_REST_URL}/authorization/${id}`, { method: 'DELETE', headers }).catch(() => undefined);
    }
  });
});
