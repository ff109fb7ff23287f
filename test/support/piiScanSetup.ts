// Jest setup of the process tier: after each test file, reads every variable value the engine stored while the file ran
// (the history's variable updates: instance starts, task and external-task completions, messages, input mappings,
// local variables) plus the current variables of the instances that are still running, and fails the file if any
// value looks like a personnummer or any key names a person (scanEngineVariables). A file that started instances but
// whose scan saw no value fails too, so the check cannot pass vacuously (e.g. a history query that returns nothing).
import { parseConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/client.js';
import { EngineTestClock } from '../../src/engine/testClock.js';
import { scanEngineVariables } from './piiScan.js';

/** Margin before the file's start on the engine clock (the history's timestamps are the engine's). */
const MARGIN_MS = 1_000;

let engine: Engine | undefined;
let fileStart: Date | undefined;
let started = 0;

// Count the instances this file starts through the client (the module instance the test file imports).
type AnyFn = (...args: unknown[]) => Promise<unknown>;
const proto = Engine.prototype as unknown as Record<string, AnyFn> & { __piiScanCounted?: boolean };
if (!proto.__piiScanCounted) {
  proto.__piiScanCounted = true;
  const startProcess = proto.startProcess!;
  proto.startProcess = function (this: unknown, ...args: unknown[]) {
    started += 1;
    return startProcess.apply(this, args);
  };
}

beforeAll(async () => {
  engine = Engine.fromConfig(parseConfig());
  const url = process.env.ENGINE_TEST_CLOCK_URL;
  const now = url ? await new EngineTestClock(url).now() : Date.now();
  fileStart = new Date(now - MARGIN_MS);
  started = 0;
});

afterAll(async () => {
  if (!engine || !fileStart)
    throw new Error('[pii-scan] not initialised (the test engine was not reachable in beforeAll)');
  const { scanned, instances, findings } = await scanEngineVariables(engine, fileStart);
  console.log(
    `[pii-scan] ${scanned} variable values scanned, ${findings.length} findings (${instances} instances with variables; ${started} started by this file)`,
  );
  if (started > 0 && scanned === 0)
    throw new Error(
      `[pii-scan] scanned no variable value although this file started ${started} instances: the check would pass vacuously`,
    );
  expect(findings).toEqual([]);
});
