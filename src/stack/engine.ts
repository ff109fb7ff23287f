import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from '../paths.js';
import { findJavaHome } from './java.js';
import { portInUse, waitFor } from './ports.js';

/**
 * The process engine: Operaton 1.0.3, the Apache-2.0 fork of Camunda 7 (schema 7.24), run as our own small Spring
 * Boot launcher `engine/` (REST at `/engine-rest`, webapps Cockpit/Tasklist/Admin at `/operaton`, task events as
 * PostgreSQL NOTIFY on channel `engine_task`, optional test clock). `ensureEngineJar` builds it with Maven once per
 * change of `engine/`; `startEngine` runs a cached copy of the jar. The engine keeps all its state in PostgreSQL.
 */
export const ENGINE_VERSION = '1.0.3';

/** Port of the engine of `npm start`. */
export const DEV_ENGINE_PORT = 8089;
/** Port of the test engine; SAMVERKAN_TEST_PORT_OFFSET shifts it so several test stacks can run side by side. */
export const TEST_ENGINE_PORT = 8090 + Number(process.env.SAMVERKAN_TEST_PORT_OFFSET ?? 0);

export const ENGINE_DIR = path.join(ROOT, 'engine');
export const ENGINE_CACHE_DIR = path.join(ROOT, '.cache', 'engine');
const JAR_PREFIX = 'samverkan-engine-';
/** System property on the engine's command line that identifies our engine processes (see `findEngineProcesses`). */
export const ENGINE_MARKER = '-Dsamverkan.engine=true';
const BUILD_LOCK_WAIT_MS = 5 * 60_000;

type Log = (msg: string) => void;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface EngineOptions {
  port: number;
  /** `jdbc:postgresql://host:port/db` (see `jdbcFromPostgresUrl`). */
  jdbcUrl: string;
  dbUser: string;
  dbPassword: string;
  /** Engine admin (created at first start if missing; member of operaton-admin). */
  adminUser: string;
  adminPassword: string;
  /** `/engine-test/clock` (tests only). */
  testClock: boolean;
  /** HTTP Basic on `/engine-rest` (readiness then authenticates as the admin user). */
  restBasicAuth: boolean;
  /** The app's own REST account (created at first start in operaton-admin); with restBasicAuth. */
  serviceUser?: BasicAuth;
  heapMiB: number;
  logFile: string;
  readyTimeoutMs: number;
}

export interface RunningEngine {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:8089/engine-rest */
  restUrl: string;
  /** e.g. http://127.0.0.1:8089/operaton */
  webappUrl: string;
  stop(): Promise<void>;
}

export interface BasicAuth {
  user: string;
  password: string;
}

/** The URLs of an engine on 127.0.0.1:port. `testClockUrl` answers only when started with `testClock`. */
export function engineUrls(port: number): {
  restUrl: string;
  webappUrl: string;
  cockpitUrl: string;
  testClockUrl: string;
} {
  const base = `http://127.0.0.1:${port}`;
  return {
    restUrl: `${base}/engine-rest`,
    webappUrl: `${base}/operaton`,
    cockpitUrl: `${base}/operaton/app/cockpit/`,
    testClockUrl: `${base}/engine-test/clock`,
  };
}

/** `postgres://user:pw@host:port/db` → the JDBC URL and credentials the engine takes. */
export function jdbcFromPostgresUrl(url: string): { jdbcUrl: string; dbUser: string; dbPassword: string } {
  const u = new URL(url);
  return {
    jdbcUrl: `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`,
    dbUser: decodeURIComponent(u.username),
    dbPassword: decodeURIComponent(u.password),
  };
}

const basicHeader = (auth: BasicAuth) => `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;

/** True when `GET <restUrl>/version` answers 200 (within 2 s). */
export async function engineReady(restUrl: string, auth?: BasicAuth): Promise<boolean> {
  try {
    const res = await fetch(`${restUrl}/version`, {
      headers: auth ? { Authorization: basicHeader(auth) } : {},
      signal: AbortSignal.timeout(2000),
    });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building the launcher jar

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Hash over engine/pom.xml and every file under engine/src and engine/pom-fixups (sorted paths + contents). */
export function engineSourceHash(engineDir = ENGINE_DIR): string {
  const files = [
    path.join(engineDir, 'pom.xml'),
    ...listFiles(path.join(engineDir, 'src')),
    ...listFiles(path.join(engineDir, 'pom-fixups')),
  ]
    .map((f) => path.relative(engineDir, f).split(path.sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const rel of files) {
    hash.update(`${rel}\0`);
    hash.update(readFileSync(path.join(engineDir, rel)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Paths of jars that a running process was started with (`-jar <path>`), read from /proc. */
function jarsInUse(): Set<string> {
  const used = new Set<string>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return used;
  }
  for (const pid of pids) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const i = args.indexOf('-jar');
      if (i >= 0 && args[i + 1]) used.add(path.resolve(args[i + 1]!));
    } catch {
      // process gone
    }
  }
  return used;
}

/** Removes cached jars other than `keep`, except those a running engine was started from. */
function pruneCachedJars(keep: string): void {
  const used = jarsInUse();
  for (const name of readdirSync(ENGINE_CACHE_DIR)) {
    const full = path.join(ENGINE_CACHE_DIR, name);
    if (full === keep || !name.startsWith(JAR_PREFIX)) continue;
    if (name.endsWith('.jar') && used.has(full)) continue;
    // also leftovers `<jar>.tmp-<pid>` of a build that died
    const tmpPid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (tmpPid && isAlive(Number(tmpPid))) continue;
    rmSync(full, { force: true });
  }
}

/** Takes `.cache/engine/build.lock` (content: pid). Waits up to 5 min for another builder; a dead owner's lock is taken over. */
async function withBuildLock<T>(log: Log, fn: () => Promise<T>): Promise<T> {
  mkdirSync(ENGINE_CACHE_DIR, { recursive: true });
  const lock = path.join(ENGINE_CACHE_DIR, 'build.lock');
  const deadline = Date.now() + BUILD_LOCK_WAIT_MS;
  let said = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // just released
      }
      const ageMs = (() => {
        try {
          return Date.now() - statSync(lock).mtimeMs;
        } catch {
          return 0;
        }
      })();
      // An empty lock is one being written right now (give it a second); a dead owner's lock is stale.
      if ((owner && !isAlive(owner)) || (!owner && ageMs > 5000)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Another process (pid ${owner}) has been building the engine for over 5 minutes (${lock}).\n` +
            `En annan process (pid ${owner}) har byggt motorn i över 5 minuter; vänta eller ta bort ${lock}.`,
          { cause: err },
        );
      }
      if (!said) {
        log(`Waiting for another process (pid ${owner}) that builds the engine…`);
        said = true;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function runMaven(args: string[], javaHome: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn('mvn', args, {
      cwd: ROOT,
      env: { ...process.env, JAVA_HOME: javaHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new Error(
            'Maven (mvn) is needed to build the engine once. Install it: sudo apt-get install -y maven\n' +
              'Maven (mvn) behövs för att bygga motorn första gången. Installera: sudo apt-get install -y maven',
          ),
        );
      } else reject(err);
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `Building the engine failed (mvn ${args.join(' ')} → ${signal ?? code}):\n${output.trim().slice(-4000)}\n` +
              'Motorn kunde inte byggas (se Maven-utskriften ovan).',
          ),
        );
    });
  });
}

/**
 * Returns the path of `.cache/engine/samverkan-engine-<hash>.jar` for the current `engine/` sources, building it with
 * `mvn -B -q -f engine/pom.xml package -DskipTests` when missing (first build downloads ~100 MB from Maven Central).
 * Runs are serialised across processes with a lock file; the jar is copied (then renamed) so a running engine is
 * never overwritten. Older cached jars are removed unless a running process uses them.
 */
export async function ensureEngineJar(log: Log): Promise<string> {
  const hash = engineSourceHash();
  const jar = path.join(ENGINE_CACHE_DIR, `${JAR_PREFIX}${hash}.jar`);
  if (existsSync(jar)) return jar;
  return withBuildLock(log, async () => {
    if (existsSync(jar)) return jar; // built by the process we waited for
    const { javaHome } = findJavaHome();
    const t0 = Date.now();
    const firstBuild = !existsSync(path.join(os.homedir(), '.m2', 'repository', 'org', 'operaton'));
    log(
      firstBuild
        ? 'Building the Operaton engine launcher (engine/) with Maven; the first build downloads ~100 MB from Maven Central (1–2 min)…'
        : 'Building the Operaton engine launcher (engine/) with Maven (engine/ changed)…',
    );
    await runMaven(['-B', '-q', '-f', path.join(ENGINE_DIR, 'pom.xml'), 'package', '-DskipTests'], javaHome);
    const built = path.join(ENGINE_DIR, 'target', 'samverkan-engine.jar');
    if (!existsSync(built)) throw new Error(`Maven finished but ${built} is missing.`);
    // (If engine/ was edited during the build, the next call sees a new hash and builds again.)
    const tmp = `${jar}.tmp-${process.pid}`;
    copyFileSync(built, tmp);
    renameSync(tmp, jar);
    pruneCachedJars(jar);
    log(`Engine built in ${((Date.now() - t0) / 1000).toFixed(0)} s (${path.relative(ROOT, jar)}).`);
    return jar;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Running it

/** Pids of running engines of ours (by the marker property), optionally only the one on `port`. */
export function findEngineProcesses(port?: number): number[] {
  const out: number[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!args.includes(ENGINE_MARKER)) continue;
      if (port !== undefined && !args.includes(`-Dsamverkan.engine.port=${port}`)) continue;
      out.push(Number(pid));
    } catch {
      // process gone
    }
  }
  return out;
}

/** Environment the launcher reads (see engine/src/main/resources/application.yaml). */
export function engineEnv(opts: EngineOptions, build: string): Record<string, string> {
  return {
    ENGINE_HOST: '127.0.0.1',
    ENGINE_PORT: String(opts.port),
    ENGINE_DB_URL: opts.jdbcUrl,
    ENGINE_DB_USER: opts.dbUser,
    ENGINE_DB_PASSWORD: opts.dbPassword,
    ENGINE_ADMIN_USER: opts.adminUser,
    ENGINE_ADMIN_PASSWORD: opts.adminPassword,
    ENGINE_TEST_CLOCK: String(opts.testClock),
    ENGINE_REST_BASIC_AUTH: String(opts.restBasicAuth),
    ...(opts.serviceUser
      ? { ENGINE_SERVICE_USER: opts.serviceUser.user, ENGINE_SERVICE_PASSWORD: opts.serviceUser.password }
      : {}),
    ENGINE_TASK_NOTIFY: process.env.ENGINE_TASK_NOTIFY ?? 'true',
    ENGINE_BUILD: build,
    TZ: 'Europe/Stockholm',
  };
}

/** The causes of a failed start from the log (the JVM prints long stack traces): ERROR and "Caused by" lines of the last run. */
function logSummary(file: string): string {
  try {
    const text = readFileSync(file, 'utf8');
    const run = text.slice(text.lastIndexOf('\n===== ') + 1).split('\n');
    const causes = run.filter((l) => /\bERROR\b|^Caused by:|Exception:|^Error:/.test(l)).map((l) => l.slice(0, 300));
    return (causes.length ? causes.slice(-6) : run.slice(-10)).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts the engine launcher as a child process (building the jar first if `engine/` changed) and waits until
 * `GET /engine-rest/version` answers 200. Binds to 127.0.0.1 only. Needs the database to exist (`ensureDatabase`);
 * the engine creates its tables on first start.
 */
export async function startEngine(opts: EngineOptions, log: Log): Promise<RunningEngine> {
  // An engine that was just told to stop may hold its port for a few more seconds: give it that time.
  await waitFor(async () => !(await portInUse(opts.port)), {
    timeoutMs: 30_000,
    intervalMs: 500,
    what: `port ${opts.port}`,
  }).catch(() => undefined);
  if (await portInUse(opts.port)) {
    throw new Error(
      `Port ${opts.port} (engine) is already in use. Stop what uses it (e.g. another engine) or change the port.\n` +
        `Port ${opts.port} (motorn) används redan. Stoppa det som använder den.`,
    );
  }
  const { javaHome, version } = findJavaHome();
  const jar = await ensureEngineJar(log);
  const build = path.basename(jar, '.jar').slice(JAR_PREFIX.length);
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  out.write(
    `\n===== ${new Date().toISOString()} starting Operaton ${ENGINE_VERSION} (${path.basename(jar)}) on port ${opts.port} =====\n`,
  );
  log(
    `Starting Operaton engine ${ENGINE_VERSION} on Java ${version}, port ${opts.port} (log: ${opts.logFile.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, opts.logFile) : opts.logFile})…`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Spring Boot would read these from the environment and override our settings.
  for (const key of Object.keys(env)) if (/^(SERVER|SPRING|OPERATON_BPM)_/.test(key)) delete env[key];
  const child = spawn(
    path.join(javaHome, 'bin', 'java'),
    [
      '-Xms64m',
      `-Xmx${opts.heapMiB}m`,
      '-XX:+UseSerialGC',
      // C1 only: ~2 s faster start and ~70 MiB less RSS; steady-state REST latency within ~10 % of C2 (measured).
      // Year replays: 639 user tasks, C2 used ~30 % more engine CPU per user task (its compiler threads); 3173 user
      // tasks (~4 min), the same CPU per user task (57.7 vs 57.4 ms) and ~95 MiB more RSS. C1 stays.
      '-XX:TieredStopAtLevel=1',
      '-XX:+ExitOnOutOfMemoryError',
      // extra JVM flags for measurements (e.g. a JFR recording or another JIT setting); later flags win
      ...(process.env.ENGINE_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean),
      '-Duser.timezone=Europe/Stockholm',
      '-Dfile.encoding=UTF-8',
      ENGINE_MARKER,
      `-Dsamverkan.engine.port=${opts.port}`,
      '-jar',
      jar,
    ],
    {
      cwd: ENGINE_CACHE_DIR,
      env: { ...env, JAVA_HOME: javaHome, ...engineEnv(opts, build) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const { restUrl, webappUrl } = engineUrls(opts.port);
  const auth = opts.restBasicAuth ? { user: opts.adminUser, password: opts.adminPassword } : undefined;
  const deadline = Date.now() + opts.readyTimeoutMs;
  let ready = false;
  while (!exited && !ready && Date.now() < deadline) {
    ready = await engineReady(restUrl, auth);
    if (!ready) await new Promise((r) => setTimeout(r, 300));
  }
  if (!ready || exited) {
    const why = exited
      ? `The Operaton engine exited during start-up (${child.exitCode ?? child.signalCode})`
      : `The Operaton engine was not ready within ${opts.readyTimeoutMs / 1000} s`;
    if (!exited) child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300)); // let the last lines reach the log
    throw new Error(
      `${why}; see ${opts.logFile}.\n` +
        `Operaton-motorn startade inte; se ${opts.logFile}.\n${logSummary(opts.logFile)}`,
    );
  }
  return {
    child,
    restUrl,
    webappUrl,
    stop: () => stopChild(child, 30_000),
  };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
