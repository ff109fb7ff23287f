import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from '../src/paths.js';
import { engineSourceHash, ensureEngineJar } from '../src/stack/engine.js';
import { portInUse } from '../src/stack/ports.js';
import { now, round } from './stats.js';

/** One `npm start` until GET /health answered 200. */
export interface StartRun {
  /** From spawning `node scripts/start.mjs` to the first 200 of GET /health (polled every 250 ms). */
  seconds: number;
  /** What the supervisor itself printed ("Samverkan is up in … s"; from its own start, after `npm start`'s Node start). */
  reportedS: number | null;
  /** SIGTERM to the exit of the whole tree. */
  stopS: number;
  /** Seconds after the spawn: the supervisor starts the engine (PostgreSQL up, jar ready); the engine's REST answers. */
  milestones: { engineStartingS?: number; engineReadyS?: number; reportedS?: number };
}

export interface StartupResult {
  /** Files in the copy (git ls-files: tracked and untracked-but-not-ignored, as they are in the working tree). */
  files: number;
  ports: { app: number; engine: number; postgres: number };
  /** The supervisor's engine port is a constant; the copy's src/stack/engine.ts gets the bench's port instead. */
  enginePortPatched: boolean;
  notes: string[];
  /** First start in the copy: empty data directory (PostgreSQL initialised, engine schema, migrations, seed, deployment, client bundles), jar cached. */
  first?: StartRun;
  /** Second start: everything cached, data present (`npm start` as a developer runs it every day). */
  warm?: StartRun;
  /** Opt-in (`--cold-start`): empty Maven repository and no cached jar as well (Maven builds the launcher first). */
  cold?: StartRun & { mavenRepoMiB: number };
  error?: string;
}

const STACK_ENV =
  /^(DATABASE_URL|TEST_DATABASE|SAMVERKAN_MODE|SAMVERKAN_TEST_PORT_OFFSET|WORKER_RETRY_BACKOFF_MS|ENGINE_.*|PG_PORT|PORT)$/;

/** The working tree's files as a clone would have them (plus the current uncommitted state), with their mtimes. */
function copyTree(dest: string, notes: string[]): number {
  const res = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (res.status !== 0) throw new Error(`git ls-files failed: ${res.stderr}`);
  const files = res.stdout
    .split('\0')
    .filter((f) => f && existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).isFile());
  for (const f of files) {
    const src = path.join(ROOT, f);
    const dst = path.join(dest, f);
    mkdirSync(path.dirname(dst), { recursive: true });
    copyFileSync(src, dst);
    const st = statSync(src);
    utimesSync(dst, st.atime, st.mtime); // scripts/bootstrap.mjs compares package-lock.json's mtime with node_modules'
  }
  // engine/maven-repo is part of the launcher's source hash and build, but .gitignore excludes it.
  const fixups = path.join(ROOT, 'engine', 'maven-repo');
  if (existsSync(fixups) && !existsSync(path.join(dest, 'engine', 'maven-repo'))) {
    cpSync(fixups, path.join(dest, 'engine', 'maven-repo'), { recursive: true, preserveTimestamps: true });
    notes.push(
      'engine/maven-repo is excluded by .gitignore, so a real clone lacks it (the launcher build needs it); the copy has it.',
    );
  }
  // "after npm install": the dependencies are this checkout's (the bench never runs npm install)
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
  return files.length;
}

async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 50; p++) if (!(await portInUse(p))) return p;
  throw new Error(`no free port near ${preferred}`);
}

/** Runs `node scripts/start.mjs` in `dir` until healthy, then stops it with SIGTERM. */
async function startOnce(
  dir: string,
  env: NodeJS.ProcessEnv,
  ports: { app: number; engine: number },
  logName: string,
  timeoutMs: number,
): Promise<StartRun> {
  const logFile = path.join(dir, '.data', `bench-${logName}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const t0 = now();
  const since = () => round((now() - t0) / 1000, 1);
  const child: ChildProcess = spawn(process.execPath, [path.join(dir, 'scripts', 'start.mjs')], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const milestones: StartRun['milestones'] = {};
  let output = '';
  let pending = '';
  const onData = (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      output += `+${since().toFixed(1)} s ${line}\n`;
      if (milestones.engineStartingS === undefined && /Starting Operaton engine/.test(line))
        milestones.engineStartingS = since();
      const up = /Samverkan is up in ([\d.]+) s/.exec(line);
      if (up) milestones.reportedS = Number(up[1]);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited: string | undefined;
  const exit = new Promise<void>((r) => child.once('exit', (code, signal) => ((exited = String(signal ?? code)), r())));
  const killTree = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the process group of the start.mjs we spawned
    } catch {
      // gone
    }
  };
  const answers = async (url: string, statuses: number[]) => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return statuses.includes(res.status);
    } catch {
      return false;
    }
  };
  try {
    for (;;) {
      if (exited !== undefined)
        throw new Error(`npm start exited (${exited}) before it was healthy:\n${output.slice(-1500)}`);
      if (now() - t0 > timeoutMs)
        throw new Error(`npm start not healthy within ${timeoutMs / 1000} s:\n${output.slice(-1500)}`);
      // the engine's REST is up when it answers: 200, or 401 when the supervisor runs it with Basic authentication
      const [engineUp, appUp] = await Promise.all([
        milestones.engineReadyS === undefined
          ? answers(`http://127.0.0.1:${ports.engine}/engine-rest/version`, [200, 401])
          : true,
        answers(`http://127.0.0.1:${ports.app}/health`, [200]),
      ]);
      if (engineUp && milestones.engineReadyS === undefined) milestones.engineReadyS = since();
      if (appUp) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    killTree();
    await exit;
    writeFileSync(logFile, output);
    throw err;
  }
  const seconds = (now() - t0) / 1000;
  // the supervisor prints its own "up in" a moment later (it polls /health itself)
  for (let i = 0; i < 40 && milestones.reportedS === undefined; i++) await new Promise((r) => setTimeout(r, 100));
  const tStop = now();
  child.kill('SIGTERM'); // start.mjs forwards it to the supervisor, which stops app, engine and PostgreSQL in order
  const hard = setTimeout(killTree, 90_000);
  await exit;
  clearTimeout(hard);
  const stopS = round((now() - tStop) / 1000, 1);
  // the supervisor's children (engine, PostgreSQL) are gone when it exits; make sure nothing of the group is left
  await new Promise((r) => setTimeout(r, 500));
  killTree();
  writeFileSync(logFile, output);
  return { seconds: round(seconds, 1), reportedS: milestones.reportedS ?? null, stopS, milestones };
}

/**
 * Start-up of the product as `npm start` runs it, in a throw-away copy of the working tree (its own `.data`, `.cache`
 * and ports, so a developer's running stack is never touched): a first start on an empty data directory, then a warm
 * start. With `cold`, first a start with an empty Maven repository and no cached jar as well (downloads ~100 MB).
 */
export async function measureStartup(opts: {
  offset: number;
  cold: boolean;
  log: (m: string) => void;
}): Promise<StartupResult> {
  const notes: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samverkan-bench-start-'));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as its own OS user when we are root
  const result: StartupResult = {
    files: 0,
    ports: { app: 0, engine: 0, postgres: 0 },
    enginePortPatched: false,
    notes,
  };
  try {
    result.files = copyTree(dir, notes);
    const ports = {
      app: await freePort(3000 + opts.offset),
      engine: await freePort(8089 + opts.offset),
      postgres: await freePort(54329 + opts.offset),
    };
    result.ports = ports;
    const engineTs = path.join(dir, 'src', 'stack', 'engine.ts');
    const src = readFileSync(engineTs, 'utf8');
    const patched = src.replace(
      /export const DEV_ENGINE_PORT = \d+;/,
      `export const DEV_ENGINE_PORT = ${ports.engine};`,
    );
    result.enginePortPatched = patched !== src;
    if (result.enginePortPatched) writeFileSync(engineTs, patched);
    else if (ports.engine !== 8089 || (await portInUse(8089)))
      throw new Error(
        'cannot give the copy its own engine port (DEV_ENGINE_PORT not found in src/stack/engine.ts) and 8089 is taken',
      );
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !STACK_ENV.test(k)));
    Object.assign(env, { PORT: String(ports.app), PG_PORT: String(ports.postgres), LOG_LEVEL: 'warn' });

    if (opts.cold) {
      const m2 = path.join(dir, '.bench-m2');
      opts.log('start-up: cold (empty Maven repository, no cached jar, empty data directory)…');
      const coldEnv = { ...env, MAVEN_OPTS: `${env.MAVEN_OPTS ?? ''} -Dmaven.repo.local=${m2}`.trim() };
      const run = await startOnce(dir, coldEnv, ports, 'cold', 15 * 60_000);
      const du = spawnSync('du', ['-sm', m2], { encoding: 'utf8' });
      result.cold = { ...run, mavenRepoMiB: Number(du.stdout.split('\t')[0]) || 0 };
      rmSync(path.join(dir, '.data'), { recursive: true, force: true }); // the first start below starts on empty data again
    } else {
      // the jar of the current engine/ sources, built by this checkout (ensureEngineJar builds it only when missing)
      const jar = await ensureEngineJar(opts.log);
      mkdirSync(path.join(dir, '.cache', 'engine'), { recursive: true });
      const name = `samverkan-engine-${engineSourceHash(path.join(dir, 'engine'))}.jar`;
      if (path.basename(jar) !== name)
        notes.push(
          `the copy's engine/ hashes to ${name}, the checkout's jar is ${path.basename(jar)}: the first start builds it`,
        );
      copyFileSync(jar, path.join(dir, '.cache', 'engine', name));
    }
    opts.log('start-up: first start (empty data directory)…');
    result.first = await startOnce(dir, env, ports, 'first', 5 * 60_000);
    opts.log(`start-up: first start healthy after ${result.first.seconds} s; warm start…`);
    result.warm = await startOnce(dir, env, ports, 'warm', 5 * 60_000);
    opts.log(`start-up: warm start healthy after ${result.warm.seconds} s`);
  } catch (err) {
    result.error = (err as Error).message;
    opts.log(`start-up: FAILED: ${result.error.split('\n')[0]}`);
  } finally {
    if (process.env.BENCH_KEEP_START_COPY) opts.log(`start-up: copy kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
