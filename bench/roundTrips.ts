import type { Knex } from 'knex';

import { round } from './stats.js';

/** Calls of one kind (method + path pattern): how many, and the time until the response headers arrived. */
export interface CallStats {
  n: number;
  ms: number;
}

/** What a phase sent over HTTP (to the engine and to the app) and what PostgreSQL did meanwhile. */
export interface RoundTrips {
  /** Engine REST calls by `METHOD /path` with ids replaced by `:id`, most frequent first. */
  engine: Record<string, CallStats & { msPerCall: number }>;
  engineCalls: number;
  /** Requests to the app from the bench's own drivers (the task list load generator runs in a child and is not counted). */
  app: Record<string, CallStats & { msPerCall: number }>;
  appRequests: number;
  /** pg_stat_database deltas per database (the app's and the engine's); activeS = time spent executing statements. */
  sql: Record<
    string,
    { commits: number; rowsReturned: number; rowsFetched: number; rowsWritten: number; activeS: number }
  >;
}

const pattern = (url: URL) =>
  url.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\/[A-Za-z][\w.-]*:\d+:[0-9a-f:-]+/g, '/:definitionId')
    .replace(/\/\d+(?=\/|$)/g, '/:n');

/**
 * Counts every HTTP call this process makes (the app's engine client, the workers' long polls and completions, the
 * bench's drivers all use the global fetch), per kind, for a per-phase breakdown of round trips. A long-polling
 * fetch-and-lock counts its waiting time too, so its ms are not work.
 */
export function countRoundTrips(engineRestUrl: string) {
  const engineOrigin = new URL(engineRestUrl).origin;
  const engine = new Map<string, CallStats>();
  const app = new Map<string, CallStats>();
  let appOrigin: string | undefined;
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const t0 = performance.now();
    let url: URL | undefined;
    try {
      url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    } catch {
      url = undefined;
    }
    try {
      return await original(input, init);
    } finally {
      if (url) {
        const into = url.origin === engineOrigin ? engine : url.origin === appOrigin ? app : undefined;
        if (into) {
          const key = `${(init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()} ${pattern(url)}`;
          const s = into.get(key) ?? { n: 0, ms: 0 };
          s.n++;
          s.ms += performance.now() - t0;
          into.set(key, s);
        }
      }
    }
  };
  const copy = (m: Map<string, CallStats>) => new Map([...m].map(([k, v]) => [k, { ...v }]));
  return {
    /** The app's base URL, once it listens. */
    setAppUrl(url: string) {
      appOrigin = new URL(url).origin;
    },
    snapshot: () => ({ engine: copy(engine), app: copy(app) }),
    stop() {
      globalThis.fetch = original;
    },
  };
}

type Snapshot = ReturnType<ReturnType<typeof countRoundTrips>['snapshot']>;

async function pgStats(
  db: Knex,
): Promise<Record<string, { commits: number; returned: number; fetched: number; written: number; activeMs: number }>> {
  const { rows } = (await db.raw(
    `select datname, xact_commit, tup_returned, tup_fetched, tup_inserted + tup_updated + tup_deleted as written, coalesce(active_time, 0) as active_ms
       from pg_stat_database where datname is not null and datname not in ('template0', 'template1', 'postgres')`,
  )) as {
    rows: {
      datname: string;
      xact_commit: string;
      tup_returned: string;
      tup_fetched: string;
      written: string;
      active_ms: number;
    }[];
  };
  return Object.fromEntries(
    rows.map((r) => [
      r.datname,
      {
        commits: Number(r.xact_commit),
        returned: Number(r.tup_returned),
        fetched: Number(r.tup_fetched),
        written: Number(r.written),
        activeMs: Number(r.active_ms),
      },
    ]),
  );
}

/** Starts a per-phase reading: call `end()` when the phase is over. */
export async function beginRoundTrips(
  counter: ReturnType<typeof countRoundTrips>,
  db: Knex,
  names: { appDb: string; engineDb: string },
) {
  const calls0 = counter.snapshot();
  // pg_stat_database is updated by each backend at the end of a transaction, at most once per second or so
  const sql0 = await pgStats(db).catch(() => ({}) as Awaited<ReturnType<typeof pgStats>>);
  return {
    async end(): Promise<RoundTrips> {
      const calls1 = counter.snapshot();
      const sql1 = await pgStats(db).catch(() => ({}) as Awaited<ReturnType<typeof pgStats>>);
      const diff = (a: Snapshot['engine'], b: Snapshot['engine']) =>
        Object.fromEntries(
          [...b]
            .map(([k, v]) => [k, { n: v.n - (a.get(k)?.n ?? 0), ms: v.ms - (a.get(k)?.ms ?? 0) }] as const)
            .filter(([, v]) => v.n > 0)
            .sort((x, y) => y[1].n - x[1].n)
            .map(([k, v]) => [k, { n: v.n, ms: round(v.ms), msPerCall: round(v.ms / v.n, 2) }]),
        );
      const engine = diff(calls0.engine, calls1.engine);
      const app = diff(calls0.app, calls1.app);
      const sql: RoundTrips['sql'] = {};
      for (const [label, db_] of [
        ['app', names.appDb],
        ['engine', names.engineDb],
      ] as const) {
        const a = sql0[db_];
        const b = sql1[db_];
        if (a && b)
          sql[label] = {
            commits: b.commits - a.commits,
            rowsReturned: b.returned - a.returned,
            rowsFetched: b.fetched - a.fetched,
            rowsWritten: b.written - a.written,
            activeS: round((b.activeMs - a.activeMs) / 1000, 1),
          };
      }
      const total = (o: Record<string, { n: number }>) => Object.values(o).reduce((s, v) => s + v.n, 0);
      return { engine, engineCalls: total(engine), app, appRequests: total(app), sql };
    },
  };
}
