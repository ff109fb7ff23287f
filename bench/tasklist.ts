import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Knex } from 'knex';
import { ROOT } from '../src/paths.js';
import { listTasks } from '../src/repositories/tasks.js';
import { now, percentile, round } from './stats.js';
import { WebClient } from './webClient.js';

/** Demo users whose browsers load the task list (seeded by src/db/seed.ts), with the groups their tasks go to. */
const USERS = [
  'af.handlaggare',
  'af.handlaggare2',
  'fk.handlaggare',
  'fsd.handlaggare',
  'viva.handlaggare',
  'kaa.handlaggare',
  'psykiatri.handlaggare',
  'primarvard.handlaggare',
  'rados.handlaggare',
  'samordnare',
];
const GROUPS = ['af', 'fk', 'umea-fsd', 'umea-viva', 'umea-kaa', 'umea-hikikomori', 'region-psykiatri', 'region-primarvard', 'region-rados', 'region-ungdomshalsan', 'samordnare', 'beredning-umea', 'nordmaling', 'vannas', 'bjurholm', 'vindeln', 'robertsfors'];
const ELEMENTS: [string, string, string | null][] = [
  ['UserTask_DecideBeredning', 'Bereda aktualiseringen', 'beredning-decision'],
  ['UserTask_ContributeKartlaggning', 'Bidra till kartläggningen', 'kartlaggning-bidrag'],
  ['UserTask_CallMeeting', 'Kalla till planeringsträff eller flerpartsmöte', 'mote-kallelse'],
  ['UserTask_HoldMeeting', 'Hålla mötet och fastställa samverkansplan', 'samverkansplan'],
  ['UserTask_FollowUp', 'Genomföra uppföljning', 'uppfoljning'],
  ['UserTask_CloseCase', 'Avsluta deltagandet', 'avslut'],
];
const VERKSAMHETER = ['ungdomstorget', 'vuxentorget', 'st-nordmaling', 'st-vannas', 'st-bjurholm', 'st-vindeln', 'st-robertsfors'];

/**
 * Inserts `count` open projection rows into `tasks`, spread over the groups (one or two candidate groups each),
 * with due dates from 30 days ago to 60 days ahead: the volume the list must stay fast at. Row shape as
 * src/services/taskProjection.ts writes it. Keys start at 9·10^15 so they never meet real job keys.
 */
export async function insertOpenTasks(db: Knex, count: number): Promise<void> {
  const base = 9_000_000_000_000_000n;
  const nowMs = Date.now();
  const rows = Array.from({ length: count }, (_, i) => {
    const [elementId, elementName, formId] = ELEMENTS[i % ELEMENTS.length]!;
    const g1 = GROUPS[i % GROUPS.length]!;
    const groups = i % 5 === 0 ? [g1, GROUPS[(i * 7 + 3) % GROUPS.length]!] : [g1];
    return {
      job_key: String(base + BigInt(i)),
      process_instance_key: String(base + 1_000_000n + BigInt(Math.floor(i / 3))),
      process_definition_key: '2251799813685249',
      bpmn_process_id: 'samverkan-case',
      process_version: 1,
      element_id: elementId,
      element_name: elementName,
      case_id: `BENCH-T-${String(Math.floor(i / 3)).padStart(5, '0')}`,
      form_id: formId,
      form_key: null,
      candidate_groups: groups,
      assignee: i % 11 === 0 ? USERS[i % USERS.length] : null,
      due_at: new Date(nowMs + (((i * 7919) % 90) - 30) * 86_400_000),
      created_at: new Date(nowMs - (i % 120) * 86_400_000),
      state: 'open',
      escalated: i % 23 === 0,
      verksamhet: VERKSAMHETER[i % VERKSAMHETER.length],
      variables: JSON.stringify({ caseId: `BENCH-T-${Math.floor(i / 3)}` }),
      lease_renewed_at: new Date(nowMs),
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await db('tasks').insert(rows.slice(i, i + 1000));
  await db.raw('analyze tasks');
}

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Actual Rows'?: number; 'Actual Total Time'?: number; Plans?: PlanNode[] }

/** "Limit > WindowAgg > Sort > Bitmap Heap Scan (…)" with row counts: enough to see what the query does. */
function flattenPlan(n: PlanNode, depth = 0): string[] {
  const self = `${'  '.repeat(depth)}${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ''} (rows ${n['Actual Rows'] ?? '?'}, ${n['Actual Total Time'] ?? '?'} ms)`;
  return [self, ...(n.Plans ?? []).flatMap((c) => flattenPlan(c, depth + 1))];
}

export interface LoadResult { requests: number; ok: number; non2xx: number; errors: number; timeouts: number; durationS: number; reqPerSec: number; p50: number; p90: number; p99: number; max: number }

function runLoad(input: { url: string; cookies: string[]; connections: number; durationS: number; connectionRate?: number }): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'tasklistLoad.ts')], {
      cwd: ROOT,
      env: { ...process.env, BENCH_LOAD: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult) : reject(new Error(`load generator exited with ${code}`))));
  });
}

export interface TasklistResult {
  openTasks: number;
  users: number;
  connections: number;
  durationS: number;
  requests: number;
  non2xx: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  path: string;
  /** The same requests from one connection, one at a time: service time without queueing. */
  single: { requests: number; p50: number; p99: number };
  /** GET /api/csrf-token from the same user: the session store and middleware cost without the list. */
  sessionOnly: { requests: number; p50: number; p99: number };
  /** EXPLAIN ANALYZE of the list query for the first user. */
  plan: { executionMs: number; nodes: string[] };
  /** The list query alone (repository, straight to PostgreSQL), one at a time. */
  query: { runs: number; p50: number; p99: number; visibleToFirstUser: number };
  /** 50 connections paced at `rate` requests/s each (users with think time) instead of back-to-back. */
  paced: LoadResult & { ratePerConnection: number };
}

/**
 * The task list API under load: `connections` concurrent browsers of the demo users (session cookies from the real
 * login form) GET /api/tasks (their group view, default sort "most urgent first", first page of 50) with 10 000
 * open tasks in the table. autocannon runs in a child process, so it does not compete for the app's event loop.
 */
export async function measureTasklist(deps: { db: Knex; baseUrl: string }, opts: { openTasks: number; connections: number; durationS: number }): Promise<TasklistResult> {
  const existing = Number((await deps.db('tasks').where({ state: 'open' }).count<{ n: string }[]>('* as n'))[0]!.n);
  if (existing < opts.openTasks) await insertOpenTasks(deps.db, opts.openTasks - existing);
  const openTasks = Number((await deps.db('tasks').where({ state: 'open' }).count<{ n: string }[]>('* as n'))[0]!.n);
  const cookies: string[] = [];
  for (const u of USERS) {
    const c = new WebClient(deps.baseUrl);
    await c.login(u);
    const probe = await c.api<{ total: number }>('GET', '/api/tasks');
    if (probe.status !== 200) throw new Error(`GET /api/tasks as ${u}: HTTP ${probe.status}`);
    cookies.push(c.cookieHeader());
  }
  const pathname = '/api/tasks?view=group&sort=due_asc&page=1&pageSize=50';
  // service time: one user, one request at a time
  const one = new WebClient(deps.baseUrl);
  await one.login(USERS[0]!);
  const singles: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = now();
    const r = await one.request(pathname, { headers: { accept: 'application/json' } });
    await r.arrayBuffer();
    singles.push(now() - t0);
  }
  // the same session and middleware without the list: GET /api/csrf-token (requireLogin, session load + touch)
  const bare: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = now();
    const r = await one.request('/api/csrf-token', { headers: { accept: 'application/json' } });
    await r.arrayBuffer();
    bare.push(now() - t0);
  }
  // the SQL alone
  const user = (await deps.db('users').where({ username: USERS[0] }).first<{ username: string }>())!;
  const groups = (await deps.db('group_members').where({ username: user.username }).pluck('group_code')) as string[];
  const queries: number[] = [];
  let visible = 0;
  for (let i = 0; i < 100; i++) {
    const t0 = now();
    const r = await listTasks(deps.db, { view: 'group', username: user.username, groups, states: ['open'], sort: 'due_asc', limit: 50, offset: 0 });
    queries.push(now() - t0);
    visible = r.total;
  }
  // the plan of the same query (as src/repositories/tasks.ts builds it), for the profile
  const explained = (await deps.db.raw(
    `explain (analyze, format json) select t.job_key, t.due_at, u.display_name as assignee_name, count(*) over() as total
       from tasks as t left join users as u on u.username = t.assignee
      where t.state in ('open') and (t.candidate_groups && ?::text[] or t.assignee = ?)
      order by t.due_at asc nulls last, t.created_at asc, t.job_key asc limit 50`,
    [groups, user.username],
  )) as { rows: { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[] };
  const plan = explained.rows[0]!['QUERY PLAN'][0];
  const saturated = await runLoad({ url: deps.baseUrl + pathname, cookies, connections: opts.connections, durationS: opts.durationS });
  const rate = 1;
  const paced = await runLoad({ url: deps.baseUrl + pathname, cookies, connections: opts.connections, durationS: opts.durationS, connectionRate: rate });
  return {
    ...saturated,
    openTasks,
    users: USERS.length,
    connections: opts.connections,
    path: pathname,
    single: { requests: singles.length, p50: round(percentile(singles, 50)), p99: round(percentile(singles, 99)) },
    sessionOnly: { requests: bare.length, p50: round(percentile(bare, 50)), p99: round(percentile(bare, 99)) },
    query: { runs: queries.length, p50: round(percentile(queries, 50), 2), p99: round(percentile(queries, 99), 2), visibleToFirstUser: visible },
    paced: { ...paced, ratePerConnection: rate },
    plan: { executionMs: round(plan['Execution Time'], 2), nodes: flattenPlan(plan.Plan) },
  };
}
