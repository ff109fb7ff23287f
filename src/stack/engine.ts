import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findJavaHome } from './java.js';
import { portInUse, waitFor } from './ports.js';

const execFileAsync = promisify(execFile);

/**
 * The Camunda 8 distribution we run embedded. 8.6.0 is the newest `io.camunda:camunda-zeebe`
 * distribution tarball the package registry serves (8.7+ tarballs are not published there);
 * see README "Engine version".
 */
export const ENGINE_VERSION = '8.6.0';

export interface EnginePorts {
  grpc: number;
  rest: number;
  management: number;
  commandApi: number;
  internalApi: number;
}

export const DEV_ENGINE_PORTS: EnginePorts = { grpc: 26500, rest: 8080, management: 9600, commandApi: 26501, internalApi: 26502 };
/** Test engine ports; SAMVERKAN_TEST_PORT_OFFSET shifts them so several test stacks can run side by side. */
const offset = Number(process.env.SAMVERKAN_TEST_PORT_OFFSET ?? 0);
export const TEST_ENGINE_PORTS: EnginePorts = {
  grpc: 26600 + offset,
  rest: 8090 + offset,
  management: 9610 + offset,
  commandApi: 26601 + offset,
  internalApi: 26602 + offset,
};

export interface EngineOptions {
  cacheDir: string;
  dataDir: string;
  logFile: string;
  ports: EnginePorts;
  clockControlled: boolean;
  heapMiB: number;
  readyTimeoutMs: number;
}

/** Downloads (once) and unpacks the engine distribution; returns its home folder. */
export async function ensureEngineDistribution(cacheDir: string, log: (msg: string) => void): Promise<string> {
  const home = path.join(cacheDir, `camunda-zeebe-${ENGINE_VERSION}`);
  if (existsSync(path.join(home, 'lib')) && existsSync(path.join(home, 'config'))) return home;
  mkdirSync(cacheDir, { recursive: true });
  const tarball = path.join(cacheDir, `camunda-zeebe-${ENGINE_VERSION}.tar.gz`);
  if (!existsSync(tarball)) {
    log(`Fetching Camunda engine ${ENGINE_VERSION} (io.camunda:camunda-zeebe tar.gz, ~300 MB) with Maven…`);
    try {
      await execFileAsync(
        'mvn',
        ['-B', '-q', 'dependency:copy', `-Dartifact=io.camunda:camunda-zeebe:${ENGINE_VERSION}:tar.gz`, `-DoutputDirectory=${cacheDir}`],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (err) {
      const e = err as { code?: string; stdout?: string };
      if (e.code === 'ENOENT') {
        throw new Error('Maven (mvn) is needed to fetch the engine once. Install it: sudo apt-get install -y maven\nMaven (mvn) behövs för att hämta motorn första gången.');
      }
      throw new Error(`Could not fetch io.camunda:camunda-zeebe:${ENGINE_VERSION}:tar.gz: ${String(e.stdout ?? err).slice(-2000)}`);
    }
  }
  const tmp = path.join(cacheDir, `unpack-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await execFileAsync('tar', ['-xzf', tarball, '-C', tmp]);
  const unpacked = readdirSync(tmp).find((n) => n.startsWith('camunda-zeebe-'));
  if (!unpacked) throw new Error(`Unexpected engine tarball layout in ${tarball}`);
  rmSync(home, { recursive: true, force: true });
  renameSync(path.join(tmp, unpacked), home);
  rmSync(tmp, { recursive: true, force: true });
  return home;
}

/** Environment for the broker: ports, data directory, loopback binding and small-machine sizing. */
export function engineEnv(opts: EngineOptions): Record<string, string> {
  const { ports } = opts;
  return {
    ZEEBE_BROKER_DATA_DIRECTORY: opts.dataDir,
    ZEEBE_BROKER_NETWORK_HOST: '127.0.0.1',
    ZEEBE_BROKER_GATEWAY_NETWORK_HOST: '127.0.0.1',
    ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(ports.grpc),
    ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(ports.commandApi),
    ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(ports.internalApi),
    SERVER_ADDRESS: '127.0.0.1',
    SERVER_PORT: String(ports.rest),
    MANAGEMENT_SERVER_ADDRESS: '127.0.0.1',
    MANAGEMENT_SERVER_PORT: String(ports.management),
    MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE: 'health,prometheus,clock,loggers,info',
    ZEEBE_CLOCK_CONTROLLED: String(opts.clockControlled),
    // Two cores: one thread for processing, one for I/O is enough and leaves room for Node and Postgres.
    ZEEBE_BROKER_THREADS_CPUTHREADCOUNT: '1',
    ZEEBE_BROKER_THREADS_IOTHREADCOUNT: '1',
    ZEEBE_BROKER_EXPERIMENTAL_ROCKSDB_MEMORYLIMIT: '128MB',
    ZEEBE_BROKER_DATA_SNAPSHOTPERIOD: '5m',
    ZEEBE_BROKER_DATA_LOGSEGMENTSIZE: '32MB',
    ZEEBE_BROKER_DATA_DISK_FREESPACE_PROCESSING: '512MB',
    ZEEBE_BROKER_DATA_DISK_FREESPACE_REPLICATION: '256MB',
    // The embedded engine binds to loopback only, so it runs without client authentication.
    ZEEBE_BROKER_GATEWAY_SECURITY_AUTHENTICATION_MODE: 'none',
  };
}

export interface RunningEngine {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Base URL of the engine's REST API for the given ports. */
export const restUrl = (ports: EnginePorts) => `http://127.0.0.1:${ports.rest}`;

/**
 * True when the engine answers its topology with a partition leader (healthy unless `requireHealthy` is false: after a
 * controlled-clock jump the broker briefly reports its actors as blocked, yet it serves requests).
 */
export async function engineReady(ports: EnginePorts, { requireHealthy = true }: { requireHealthy?: boolean } = {}): Promise<boolean> {
  try {
    const res = await fetch(`${restUrl(ports)}/v2/topology`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const topo = (await res.json()) as { brokers?: { partitions?: { role: string; health: string }[] }[] };
    return (topo.brokers ?? []).some((b) => (b.partitions ?? []).some((p) => p.role === 'leader' && (!requireHealthy || p.health === 'healthy')));
  } catch {
    return false;
  }
}

/** Starts the broker (with embedded gateway) as a child process and waits for a healthy leader. */
export async function startEngine(opts: EngineOptions, log: (msg: string) => void): Promise<RunningEngine> {
  for (const [name, port] of Object.entries(opts.ports)) {
    // An engine that was just told to stop may hold its ports for a few more seconds: give it that time.
    await waitFor(async () => !(await portInUse(port)), { timeoutMs: 30_000, intervalMs: 500, what: `port ${port}` }).catch(() => undefined);
    if (await portInUse(port)) {
      throw new Error(
        `Port ${port} (engine ${name}) is already in use. Stop what uses it (e.g. another engine) or change the port.\n` +
          `Port ${port} (motorns ${name}) används redan. Stoppa det som använder den.`,
      );
    }
  }
  const { javaHome, version } = findJavaHome();
  const home = await ensureEngineDistribution(opts.cacheDir, log);
  mkdirSync(opts.dataDir, { recursive: true });
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  log(`Starting Camunda engine ${ENGINE_VERSION} on Java ${version} (log: ${opts.logFile})…`);
  const child = spawn(
    path.join(javaHome, 'bin', 'java'),
    [
      `-Xms${Math.min(256, opts.heapMiB)}m`,
      `-Xmx${opts.heapMiB}m`,
      '-XX:+UseSerialGC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Dfile.encoding=UTF-8',
      '-Xshare:auto',
      `-Dbasedir=${home}`,
      '-Dsamverkan.engine=true',
      '-cp',
      'config:lib/*',
      'io.camunda.application.StandaloneBroker',
    ],
    { cwd: home, env: { ...process.env, JAVA_HOME: javaHome, ...engineEnv(opts) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited = false;
  child.once('exit', () => { exited = true; });
  try {
    await waitFor(async () => {
      if (exited) throw new Error('engine exited');
      return engineReady(opts.ports);
    }, { timeoutMs: opts.readyTimeoutMs, intervalMs: 500, what: 'Camunda engine' });
  } catch (err) {
    if (!exited) child.kill('SIGKILL');
    throw new Error(
      `${exited ? 'The Camunda engine exited during start-up' : `The Camunda engine was not ready within ${opts.readyTimeoutMs / 1000} s`}; see ${opts.logFile}.\n` +
        `Camunda-motorn startade inte; se ${opts.logFile}. (${(err as Error).message})`,
    );
  }
  return {
    child,
    stop: () => stopChild(child, 30_000),
  };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
