import { spawn } from 'node:child_process';
import path from 'node:path';

import type { Knex } from 'knex';

import { VERKSAMHETER } from '../src/domain/organisations.js';
import type { Engine } from '../src/engine/client.js';
import { ROOT } from '../src/paths.js';
import { listTasks } from '../src/repositories/tasks.js';
import { reconcileTasks } from '../src/services/taskReadModel.js';
import { deployFixture } from './handoff.js';
import { mapLimit, now, percentile, round } from './stats.js';
import { WebClient } from './webClient.js';

/** The candidate groups the open tasks are spread over (all seeded groups of the organisations and teams). */
const GROUPS = [
  'af',
  'fk',
  'umea-fsd',
  'umea-viva',
  'umea-kaa',
  'umea-hikikomori',
  'region-psykiatri',
  'region-primarvard',
  'region-rados',
  'region-ungdomshalsan',
  'samordnare',
  'beredning-umea-ungdom',
  'beredning-umea-vuxen',
  'nordmaling',
  'vannas',
  'bjurholm',
  'vindeln',
  'robertsfors',
];
/** Open tasks per instance of bench-open-tasks (one parallel multi-instance user task). */
const TASKS_PER_INSTANCE = 10;
const START_CONCURRENCY = 4;
const DAY = 86_400_000;
const OPEN_TASKS_PROCESS = 'bench-open-tasks';

/** `bench.user01`…: logged-in users of their own, each in one or two of the groups (org of the first). */
export const benchUser = (i: number) => `bench.user${String(i + 1).padStart(2, '0')}`;
const groupsOfUser = (i: number) =>
  (i % 3 === 0
    ? [GROUPS[i % GROUPS.length]!, GROUPS[(i * 7 + 3) % GROUPS.length]!]
    : [GROUPS[i % GROUPS.length]!]
  ).filter((g, k, a) => a.indexOf(g) === k);

/** Creates `count` users (password "demo", like the demo users) in the app database. */
export async function createUsers(db: Knex, count: number): Promise<string[]> {
  const template = await db('users')
    .where({ username: 'af.handlaggare' })
    .first<{ password_hash: string }>('password_hash');
  const orgs = new Set((await db('organisations').pluck('code')) as string[]);
  const groups = new Set((await db('groups').pluck('code')) as string[]);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const username = benchUser(i);
    const gs = groupsOfUser(i).filter((g) => groups.has(g));
    const org = gs.find((g) => orgs.has(g)) ?? 'af';
    await db('users')
      .insert({
        username,
        display_name: `Mätanvändare ${i + 1}`,
        org_code: org,
        role: 'handlaggare',
        email: `${username}@bench.samverkan.local`,
        password_hash: template.password_hash,
      })
      .onConflict('username')
      .ignore();
    if (gs.length)
      await db('group_members')
        .insert(gs.map((g) => ({ group_code: g, username })))
        .onConflict(['group_code', 'username'])
        .ignore();
    names.push(username);
  }
  return names;
}

/** One open task of the fixture: candidate groups (20 % two), 9 % assigned, due −30…+60 days. */
function taskSpec(i: number, users: string[], nowMs: number) {
  const g1 = GROUPS[i % GROUPS.length]!;
  const groups = i % 5 === 0 ? `${g1},${GROUPS[(i * 7 + 3) % GROUPS.length]!}` : g1;
  const due = new Date(nowMs + (((i * 7919) % 90) - 30) * DAY);
  return { groups, assignee: i % 11 === 0 ? users[i % users.length]! : null, due: due.toISOString() };
}

const openInReadModel = async (db: Knex, processId?: string) =>
  Number(
    (
      await db('tasks')
        .where({ state: 'open', ...(processId ? { bpmn_process_id: processId } : {}) })
        .count<{ n: string }[]>('* as n')
    )[0]!.n,
  );

export interface CreationResult {
  /** Open tasks in the engine after creation. */
  engineOpen: number;
  created: number;
  instances: number;
  seconds: number;
  tasksPerSecond: number;
  /** From the last start answered to the read model holding every created task. */
  readModelLagS: number;
  readModelOpen: number;
}

/**
 * Real open tasks: starts instances of bench-open-tasks (10 user tasks each) until the engine holds `target` open
 * user tasks, then waits until the app's read model (fed by the launcher's task events) has them all.
 */
export async function createOpenTasks(
  deps: { db: Knex; engine: Engine },
  target: number,
  users: string[],
  progress: (m: string) => void,
): Promise<CreationResult> {
  await deployFixture(deps.db, deps.engine, OPEN_TASKS_PROCESS);
  const existing = await deps.engine.countTasks({});
  const needed = Math.max(0, target - existing);
  const instances = Math.ceil(needed / TASKS_PER_INSTANCE);
  const before = await openInReadModel(deps.db, OPEN_TASKS_PROCESS);
  const nowMs = Date.now();
  const t0 = now();
  let created = 0;
  let lastLog = now();
  await mapLimit(
    Array.from({ length: instances }, (_, k) => k),
    START_CONCURRENCY,
    async (k) => {
      const n = Math.min(TASKS_PER_INSTANCE, needed - k * TASKS_PER_INSTANCE);
      const caseId = `BENCH-T-${String(k).padStart(5, '0')}-${nowMs.toString(36)}`;
      const openTasks = Array.from({ length: n }, (_, j) => taskSpec(k * TASKS_PER_INSTANCE + j, users, nowMs));
      await deps.engine.startProcess(OPEN_TASKS_PROCESS, {
        businessKey: caseId,
        variables: { caseId, verksamhet: VERKSAMHETER[k % VERKSAMHETER.length], openTasks },
      });
      created += n;
      if (now() - lastLog > 10_000) {
        lastLog = now();
        progress(`task list: ${created}/${needed} open tasks created`);
      }
    },
  );
  const tStarted = now();
  const want = before + created;
  let inModel = await openInReadModel(deps.db, OPEN_TASKS_PROCESS);
  for (let waited = 0; inModel < want; waited++) {
    if (waited > 1200)
      throw new Error(`the read model holds ${inModel} of ${want} bench tasks 120 s after the last start`);
    await new Promise((r) => setTimeout(r, 100));
    inModel = await openInReadModel(deps.db, OPEN_TASKS_PROCESS);
  }
  const tMirrored = now();
  return {
    engineOpen: await deps.engine.countTasks({}),
    created,
    instances,
    seconds: round((tStarted - t0) / 1000, 1),
    tasksPerSecond: round(created / Math.max((tStarted - t0) / 1000, 0.001)),
    readModelLagS: round((tMirrored - tStarted) / 1000, 2),
    readModelOpen: await openInReadModel(deps.db),
  };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
}

/** "Limit > WindowAgg > Sort > Bitmap Heap Scan (…)" with row counts: enough to see what the query does. */
function flattenPlan(n: PlanNode, depth = 0): string[] {
  const self = `${'  '.repeat(depth)}${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ''} (rows ${n['Actual Rows'] ?? '?'}, ${n['Actual Total Time'] ?? '?'} ms)`;
  return [self, ...(n.Plans ?? []).flatMap((c) => flattenPlan(c, depth + 1))];
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function runLoad(input: {
  url: string;
  cookies: string[];
  connections: number;
  durationS: number;
  connectionRate?: number;
}): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'tasklistLoad.ts')], {
      cwd: ROOT,
      env: { ...process.env, BENCH_LOAD: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult)
        : reject(new Error(`load generator exited with ${code}`)),
    );
  });
}

const dist = (xs: number[], digits = 1) => ({
  requests: xs.length,
  p50: round(percentile(xs, 50), digits),
  p99: round(percentile(xs, 99), digits),
});

export interface TasklistResult extends LoadResult {
  creation: CreationResult;
  openTasks: number;
  users: number;
  connections: number;
  path: string;
  /** The same request from one user, one at a time: service time without queueing. */
  single: { requests: number; p50: number; p99: number };
  /** GET /api/csrf-token from the same user: the session store and middleware cost without the list. */
  sessionOnly: { requests: number; p50: number; p99: number };
  /** EXPLAIN ANALYZE of the list query for the first user. */
  plan: { executionMs: number; nodes: string[] };
  /** The list query alone (repository, straight to PostgreSQL), one at a time. */
  query: { runs: number; p50: number; p99: number; visibleToFirstUser: number };
  /** The engine's own task query for the same user (POST /task page of 50 + /task/count), one at a time: what the read model saves. */
  engineQuery: { runs: number; p50: number; p99: number; visible: number };
  /** reconcileTasks over every open task (what a reconnect of the task sync costs). */
  reconcileS: number;
  /** The connections paced at `ratePerConnection` requests/s each (users with think time) instead of back-to-back. */
  paced?: LoadResult & { ratePerConnection: number };
}

/**
 * The task list API under load with real open tasks: 10 000 user tasks in the engine (bench-open-tasks), mirrored by
 * the read model; `users` distinct users log in through the form and `connections` keep GET /api/tasks (their group
 * view, most urgent first, first page of 50) busy. autocannon runs in a child process, so it does not compete for the
 * app's event loop.
 */
export async function measureTasklist(
  deps: { db: Knex; engine: Engine; baseUrl: string },
  opts: {
    openTasks: number;
    users: number;
    connections: number;
    durationS: number;
    paced: boolean;
    progress: (m: string) => void;
  },
): Promise<TasklistResult> {
  const users = await createUsers(deps.db, opts.users);
  const creation = await createOpenTasks(deps, opts.openTasks, users, opts.progress);
  opts.progress(
    `task list: ${creation.created} tasks created at ${creation.tasksPerSecond}/s; read model complete ${creation.readModelLagS} s after the last start`,
  );
  const cookies: string[] = [];
  await mapLimit(users, 5, async (u) => {
    const c = new WebClient(deps.baseUrl);
    await c.login(u);
    const probe = await c.api<{ total: number }>('GET', '/api/tasks');
    if (probe.status !== 200) throw new Error(`GET /api/tasks as ${u}: HTTP ${probe.status}`);
    cookies.push(c.cookieHeader());
  });
  const pathname = '/api/tasks?view=group&sort=due_asc&page=1&pageSize=50';
  const first = users[0]!;
  // service time: one user, one request at a time
  const one = new WebClient(deps.baseUrl);
  await one.login(first);
  const timed = async (n: number, fn: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await fn();
      out.push(now() - t0);
    }
    return out;
  };
  const singles = await timed(100, async () =>
    (await one.request(pathname, { headers: { accept: 'application/json' } })).arrayBuffer(),
  );
  const bare = await timed(100, async () =>
    (await one.request('/api/csrf-token', { headers: { accept: 'application/json' } })).arrayBuffer(),
  );
  // the SQL alone
  const groups = (await deps.db('group_members').where({ username: first }).pluck('group_code')) as string[];
  let visible = 0;
  const queries = await timed(100, async () => {
    const r = await listTasks(deps.db, {
      view: 'group',
      username: first,
      groups,
      states: ['open'],
      sort: 'due_asc',
      limit: 50,
      offset: 0,
    });
    visible = r.total;
  });
  // the engine's own query for the same list (what the task list would cost without the read model)
  let engineVisible = 0;
  const engineQueries = await timed(50, async () => {
    const q = {
      candidateGroups: groups,
      includeAssignedTasks: true,
      sorting: [{ sortBy: 'dueDate' as const, sortOrder: 'asc' as const }],
    };
    const [, count] = await Promise.all([
      deps.engine.tasks(q, { firstResult: 0, maxResults: 50 }),
      deps.engine.countTasks(q),
    ]);
    engineVisible = count;
  });
  // the plan of the same query as src/repositories/tasks.ts builds it, for the profile
  const explained = (await deps.db.raw(
    `explain (analyze, format json) select t.task_id, t.due_at, u.display_name as assignee_name, count(*) over() as total
       from tasks as t left join users as u on u.username = t.assignee
      where t.state in ('open') and (t.candidate_groups && ?::text[] or t.assignee = ?)
      order by t.due_at asc nulls last, t.created_at asc, t.task_id asc limit 50`,
    [groups, first],
  )) as { rows: { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[] };
  const plan = explained.rows[0]!['QUERY PLAN'][0];
  const tRec = now();
  await reconcileTasks(deps.db, deps.engine);
  const reconcileS = round((now() - tRec) / 1000, 2);
  const saturated = await runLoad({
    url: deps.baseUrl + pathname,
    cookies,
    connections: opts.connections,
    durationS: opts.durationS,
  });
  const rate = 1;
  const paced = opts.paced
    ? await runLoad({
        url: deps.baseUrl + pathname,
        cookies,
        connections: opts.connections,
        durationS: opts.durationS,
        connectionRate: rate,
      })
    : undefined;
  return {
    ...saturated,
    creation,
    openTasks: await openInReadModel(deps.db),
    users: users.length,
    connections: opts.connections,
    path: pathname,
    single: dist(singles),
    sessionOnly: dist(bare),
    query: { ...(({ requests, ...r }) => ({ runs: requests, ...r }))(dist(queries, 2)), visibleToFirstUser: visible },
    engineQuery: {
      ...(({ requests, ...r }) => ({ runs: requests, ...r }))(dist(engineQueries)),
      visible: engineVisible,
    },
    reconcileS,
    ...(paced ? { paced: { ...paced, ratePerConnection: rate } } : {}),
    plan: { executionMs: round(plan['Execution Time'], 2), nodes: flattenPlan(plan.Plan) },
  };
}
