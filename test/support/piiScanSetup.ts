// Jest setup of the process tier: observes every variable set written to or read from the engine during a test file
// (instance start, messages, job completions, thrown errors, set variables, and the variables of every activated job)
// and fails the file if any looks like a personnummer or a name field.
import { Zeebe } from '@camunda8/sdk';
import { scanVariables } from './piiScan.js';

const findings: string[] = [];
let scanned = 0;
const observe = (where: string, vars: unknown) => {
  if (vars === undefined || vars === null) return;
  scanned++;
  const v = typeof vars === 'string' ? (() => { try { return JSON.parse(vars) as unknown; } catch { return vars; } })() : vars;
  for (const f of scanVariables(v)) findings.push(`${where} ${f}`);
};

type AnyFn = (...args: unknown[]) => unknown;
const proto = Zeebe.ZeebeGrpcClient.prototype as unknown as Record<string, AnyFn> & { __piiScan?: boolean };
if (!proto.__piiScan) {
  proto.__piiScan = true;
  const wrapReq = (method: string) => {
    const orig = proto[method];
    if (typeof orig !== 'function') return;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      const req = args[0] as { variables?: unknown; bpmnProcessId?: string; name?: string; jobKey?: string } | undefined;
      observe(`${method}(${req?.bpmnProcessId ?? req?.name ?? req?.jobKey ?? ''})`, req?.variables);
      return orig.apply(this, args);
    };
  };
  for (const m of ['createProcessInstance', 'createProcessInstanceWithResult', 'publishMessage', 'publishStartMessage', 'completeJob', 'setVariables', 'throwError', 'broadcastSignal']) wrapReq(m);
  const origActivate = proto.activateJobs;
  if (typeof origActivate === 'function') {
    proto.activateJobs = async function (this: unknown, ...args: unknown[]) {
      const jobs = (await origActivate.apply(this, args)) as { type: string; variables: unknown }[];
      for (const j of jobs ?? []) observe(`activated ${j.type}`, j.variables);
      return jobs;
    };
  }
  const origCreateWorker = proto.createWorker;
  proto.createWorker = function (this: unknown, ...args: unknown[]) {
    const conf = args[0] as { taskType?: string; taskHandler?: (job: Record<string, unknown>) => unknown };
    if (conf?.taskHandler) {
      const handler = conf.taskHandler;
      conf.taskHandler = (job) => {
        observe(`job ${conf.taskType}`, job.variables);
        const complete = job.complete as ((v?: unknown) => unknown) | undefined;
        if (typeof complete === 'function') job.complete = (v?: unknown) => (observe(`complete ${conf.taskType}`, v), complete.call(job, v));
        const error = job.error as ((c?: { variables?: unknown }) => unknown) | undefined;
        if (typeof error === 'function') job.error = (c?: { variables?: unknown }) => (observe(`error ${conf.taskType}`, c?.variables), error.call(job, c));
        return handler(job);
      };
    }
    return origCreateWorker!.apply(this, args);
  };
}

afterAll(() => {
  console.log(`[pii-scan] ${scanned} variable sets scanned, ${findings.length} findings`);
  expect(findings).toEqual([]);
});
