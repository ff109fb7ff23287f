import { randomUUID } from 'node:crypto';

import { createApp } from '../../src/app.js';
import { DEMO_USERS } from '../../src/db/seed.js';
import { type Role, ROLES } from '../../src/domain/organisations.js';
import { compilePolicies, registeredRoutes, ROUTE_POLICIES, type RoutePolicy } from '../../src/policy/index.js';
import { DASHBOARD_FIGURES } from '../../src/services/dashboard.js';
import { seedCase } from '../support/caseFixtures.js';
import { uniqueCaseId } from '../support/harness.js';
import { readModelTask } from './dashboardFixture.js';
import { useApp } from './support/useApp.js';
import { WebClient } from './support/webClient.js';

// The access matrix, generated from the route table AND from the live Express router: every role (and anonymous)
// × every route × a case/task of the user's own organisation (party under the samtycke) and of another one.
// A route registered without a row in src/policy/routes.ts fails the first test.

const USER_OF_ROLE: Record<Role, string> = Object.fromEntries(
  ROLES.map((role) => [role, DEMO_USERS.find((u) => u.role === role)!.username]),
) as Record<Role, string>;
const OTHER_ORG = 'fk';

type Who = Role | 'anonymous';
type Outcome = 'login' | 'forbidden' | 'hidden' | 'allowed';

function expected(p: RoutePolicy, who: Who, own: boolean | null): Outcome {
  if (p.scope === 'public') return 'allowed';
  if (who === 'anonymous') return 'login';
  if (!p.roles.includes(who)) return 'forbidden';
  if (p.orgs && !p.orgs.includes(DEMO_USERS.find((u) => u.username === USER_OF_ROLE[who])!.org)) return 'forbidden';
  if ((p.scope === 'case' || p.scope === 'task') && own === false) return 'hidden';
  return 'allowed';
}

function observed(res: Response): Outcome | `unexpected ${number}` {
  const loc = res.headers.get('location') ?? '';
  if (res.status === 401 || ((res.status === 302 || res.status === 303) && loc.startsWith('/login'))) return 'login';
  if (res.status === 403) return 'forbidden';
  if (res.status === 404) return 'hidden';
  if (res.status >= 500) return `unexpected ${res.status}`;
  return 'allowed';
}

describe('access policy matrix', () => {
  const app = useApp();
  const { engine, db } = app;

  test('when the live router is compared with the route table, then every registered route has a policy and every policy a route', async () => {
    // given
    const liveApp = createApp({ db, engine });
    const live = registeredRoutes(liveApp);
    await (liveApp.locals.close as () => Promise<void>)();
    const table = compilePolicies(ROUTE_POLICIES);
    // when
    // a path-mounted middleware (static files, a body parser for a prefix) is covered by the rows under its prefix
    const covered = (r: { method: string; path: string }) =>
      r.method === 'USE'
        ? ROUTE_POLICIES.some((p) => p.path === r.path || p.path.startsWith(`${r.path}/`))
        : ROUTE_POLICIES.some((p) => p.method === r.method && p.path === r.path);
    const missing = live.filter((r) => !covered(r));
    const stale = ROUTE_POLICIES.filter(
      (p) => !p.optional && !live.some((r) => r.method === p.method && r.path === p.path),
    );
    // then
    console.log(`[policy] ${live.length} live routes, ${ROUTE_POLICIES.length} policies`);
    expect(missing.map((r) => `${r.method} ${r.path}: no policy in src/policy/routes.ts`)).toEqual([]);
    expect(stale.map((p) => `${p.method} ${p.path}: policy for a route that does not exist`)).toEqual([]);
    expect(
      live
        .filter((r) => r.method !== 'USE' && covered(r))
        .every((r) => table.find(r.method, r.path.replace(/:[^/]+/g, 'x'))),
    ).toBe(true);
  });

  const givenCase = (parties: string[], referringOrg: string) =>
    seedCase(db, {
      caseId: uniqueCaseId('SV'),
      person: { kon: 'M', folkbokfordKommun: 'umea' },
      case: { referringOrg, referringUser: 'fk.handlaggare' },
      consent: {
        parties,
        dataCategories: ['beslut'],
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        textVersion: 'v1',
      },
    });
  // A read-model row with made-up engine ids (written after the app's reconciliation): the engine answers "not found".
  async function givenTask(caseId: string, groups: string[]) {
    const row = readModelTask({
      instance: randomUUID(),
      processId: 'policy-matrix',
      version: 1,
      element: 'Task_Matrix',
      name: 'Matris',
      groups,
      caseId,
    });
    await db('tasks').insert(row);
    return row.task_id;
  }

  test('when every role calls every route for its own and another organisation, then only the route table decides the outcome', async () => {
    // given
    const rows: string[] = [];
    const mismatches: string[] = [];
    let requests = 0;
    for (const who of ['anonymous', ...ROLES] as Who[]) {
      const web = new WebClient(app.baseUrl);
      const user = who === 'anonymous' ? undefined : DEMO_USERS.find((u) => u.username === USER_OF_ROLE[who])!;
      if (user) expect((await web.login(user.username)).status).toBe(303);
      const csrf = user
        ? ((await (await web.request('/api/csrf-token')).json()) as { token: string }).token
        : await web.csrfFrom('/login');
      const org = user?.org ?? 'forbundet';
      const ownCase = await givenCase([org, OTHER_ORG], OTHER_ORG);
      const otherCase = await givenCase([OTHER_ORG], OTHER_ORG);
      const fixtures = {
        true: { caseId: ownCase, taskId: await givenTask(ownCase, user?.groups ?? [org]) },
        false: { caseId: otherCase, taskId: await givenTask(otherCase, [OTHER_ORG]) },
      };
      // logout ends the session, so it goes last
      const policies = [...ROUTE_POLICIES]
        .filter((p) => !p.optional)
        .sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));
      for (const p of policies) {
        if (p.scope === 'public' && p.method === 'POST') continue; // login/logout: covered by auth tests
        const owns: (boolean | null)[] = /:caseId|:taskId/.test(p.path) ? [true, false] : [null];
        for (const own of owns) {
          const f = fixtures[own === false ? 'false' : 'true'];
          const path =
            p.method === 'USE'
              ? `${p.path}/${p.path.startsWith('/modeler') ? 'modeler.js' : p.path === '/static/build' ? 'task-form.js' : 'app.css'}`
              : p.path
                  .replace(':caseId', f.caseId)
                  .replace(':taskId', f.taskId)
                  .replace(':incidentId', randomUUID())
                  .replace(':id', p.path.includes('/forms/') ? 'beredning-decision' : 'samverkan-case')
                  .replace(':verksamhet', 'vuxentorget')
                  .replace(':figure', DASHBOARD_FIGURES[0])
                  .replace(':processId', 'samverkan-case')
                  .replace(':version', '1');
          const method = p.method === 'USE' ? 'GET' : p.method;
          // when
          const res = await web.request(path, {
            method,
            headers: {
              'x-csrf-token': csrf,
              accept: path.startsWith('/api/') ? 'application/json' : 'text/html',
              ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
            },
            ...(method === 'POST' ? { body: JSON.stringify({ variables: {}, assignee: user?.username ?? 'x' }) } : {}),
          });
          await res.arrayBuffer();
          requests++;
          // then
          const want = expected(p, who, own);
          const got = observed(res);
          rows.push(
            `${who.padEnd(14)} ${p.method.padEnd(5)} ${p.path.padEnd(34)} ${own === null ? '   ' : own ? 'own' : 'oth'} ${String(res.status)} ${got}`,
          );
          // a public route may answer anything but a login demand or a refusal (/health is 503 while a dependency is down)
          const ok = p.scope === 'public' ? got !== 'login' && got !== 'forbidden' : want === got;
          if (!ok)
            mismatches.push(
              `${who} ${method} ${path} (${own === null ? '-' : own ? 'own org' : 'other org'}): expected ${want}, got ${got} (HTTP ${res.status})`,
            );
        }
      }
    }
    console.log(
      `[policy] access matrix: ${requests} requests (${ROLES.length} roles + anonymous × ${ROUTE_POLICIES.length} routes × own/other), ${mismatches.length} mismatches`,
    );
    expect(mismatches).toEqual([]);
  });

  test('when a route is registered without a policy, then the guard refuses it for every role', async () => {
    // given
    const bare = createApp({ db, engine });
    const { Router } = await import('express');
    const extra = Router();
    extra.get('/api/not-in-the-table', (_req, res) => void res.json({ leaked: true }));
    // mount before the 404 handler: insert the router's layer ahead of the last two (404 + error middleware)
    bare.use(extra);
    const stack = (bare as unknown as { router: { stack: unknown[] } }).router.stack;
    stack.splice(stack.length - 3, 0, stack.pop());
    const server = bare.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const web = new WebClient(base);
      await web.login(USER_OF_ROLE.admin);
      // when
      const anon = await fetch(`${base}/api/not-in-the-table`);
      const admin = await web.request('/api/not-in-the-table', { headers: { accept: 'application/json' } });
      // then
      expect(anon.status).toBe(401);
      expect(admin.status).toBe(403);
    } finally {
      await new Promise((r) => server.close(r));
      await (bare.locals.close as () => Promise<void>)();
    }
  });
});
