import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// @ts-ignore bpmn-moddle ships no typings for its root entry
import { BpmnModdle } from 'bpmn-moddle';
import { FORMS_DIR, PROCESSES_DIR, ROOT } from '../../src/paths.js';
import { allWorkers } from '../../workers/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;
const zeebe = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('zeebe-bpmn-moddle/resources/zeebe.json'), 'utf8')) as object;
const modelFiles = readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn')).sort();
const formFiles = readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form')).sort();
const readme = readFileSync(path.join(PROCESSES_DIR, 'README.md'), 'utf8');
const USER_TASK_JOB = 'io.camunda.zeebe:userTask';

const NODE_ID = /^(StartEvent|EndEvent|Task|UserTask|Gateway|BoundaryEvent|IntermediateThrowEvent|IntermediateCatchEvent|TimerEvent|SubProcess|CallActivity)_[A-Z][A-Za-z0-9]*$/;
const FLOW_ID = /^SequenceFlow_[A-Z][A-Za-z0-9]*$/;
const ROOT_ID = { 'bpmn:Message': /^Message_[A-Z][A-Za-z0-9]*$/, 'bpmn:Error': /^Error_[A-Z][A-Za-z0-9]*$/, 'bpmn:Signal': /^Signal_[A-Z][A-Za-z0-9]*$/ } as Record<string, RegExp>;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

interface Parsed { file: string; definitions: El; warnings: { message: string }[]; process: El; elements: El[] }

async function parse(file: string): Promise<Parsed> {
  const xml = readFileSync(path.join(PROCESSES_DIR, file), 'utf8');
  const { rootElement, warnings } = await new BpmnModdle({ zeebe }).fromXML(xml);
  const process = (rootElement.rootElements as El[]).find((e) => e.$type === 'bpmn:Process');
  const elements: El[] = [];
  const visit = (c: El) => {
    for (const el of (c.flowElements ?? []) as El[]) {
      elements.push(el);
      if (el.$type === 'bpmn:SubProcess') visit(el);
    }
  };
  visit(process);
  return { file, definitions: rootElement, warnings, process, elements };
}

const ext = (el: El, type: string): El[] => ((el.extensionElements?.values ?? []) as El[]).filter((v) => v.$type === type);
const jobTypeOf = (el: El): string | undefined => ext(el, 'zeebe:TaskDefinition')[0]?.type;

describe('static: processes/ and forms/', () => {
  let models: Parsed[];
  beforeAll(async () => {
    models = await Promise.all(modelFiles.map(parse));
  });

  test('when the models are imported with bpmn-moddle and the Zeebe extension, then none has a warning', () => {
    expect(modelFiles.length).toBeGreaterThan(0);
    for (const m of models) expect({ file: m.file, warnings: m.warnings.map((w) => w.message) }).toEqual({ file: m.file, warnings: [] });
  });

  test('when a model is read, then its file name is its kebab-case process id and it targets engine 8.6.0 with a diagram', () => {
    for (const m of models) {
      expect(m.process.id).toMatch(KEBAB);
      expect(`${m.process.id}.bpmn`).toBe(m.file);
      expect(m.process.isExecutable).toBe(true);
      expect(m.definitions.$attrs['modeler:executionPlatformVersion']).toBe('8.6.0');
      const plane = m.definitions.diagrams?.[0]?.plane;
      const drawn = new Set(((plane?.planeElement ?? []) as El[]).map((d) => d.bpmnElement?.id));
      expect(m.elements.filter((e) => !drawn.has(e.id)).map((e) => e.id)).toEqual([]);
    }
  });

  test('when ids are checked, then every flow node, flow, message, error and signal follows <Type>_<PascalCase>', () => {
    const bad: string[] = [];
    for (const m of models) {
      for (const e of m.elements) if (!(e.$type === 'bpmn:SequenceFlow' ? FLOW_ID : NODE_ID).test(e.id)) bad.push(`${m.file}: ${e.id}`);
      for (const r of m.definitions.rootElements as El[]) if (ROOT_ID[r.$type] && !ROOT_ID[r.$type]!.test(r.id)) bad.push(`${m.file}: ${r.id}`);
      for (const e of m.elements) if (e.$type !== 'bpmn:SequenceFlow' && e.$type !== 'bpmn:ParallelGateway' && !(e.$type === 'bpmn:ExclusiveGateway' && (e.outgoing ?? []).length < 2) && !e.name) bad.push(`${m.file}: ${e.id} has no Swedish name`);
    }
    expect(bad).toEqual([]);
  });

  test('when a user task links a form, then the form exists in forms/ and the task has candidate groups', () => {
    const forms = new Set(formFiles.map((f) => path.basename(f, '.form')));
    const bad: string[] = [];
    for (const m of models) {
      for (const e of m.elements.filter((x) => x.$type === 'bpmn:UserTask')) {
        const formId = ext(e, 'zeebe:FormDefinition')[0]?.formId;
        if (!formId || !forms.has(formId)) bad.push(`${m.file}: ${e.id} → form ${formId}`);
        if (!ext(e, 'zeebe:AssignmentDefinition')[0]?.candidateGroups) bad.push(`${m.file}: ${e.id} has no candidate groups`);
        if (ext(e, 'zeebe:UserTask').length) bad.push(`${m.file}: ${e.id} must be a job-worker user task (docs/architecture.md)`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('when job types are compared with workers/index.ts, then each has a worker and each worker is used', () => {
    const used = new Set(models.flatMap((m) => m.elements.map(jobTypeOf).filter((t): t is string => !!t)));
    const registered = new Set(allWorkers.map((w) => w.jobType));
    expect([...used].filter((t) => !registered.has(t))).toEqual([]);
    expect([...registered].filter((t) => t !== USER_TASK_JOB && !used.has(t))).toEqual([]);
  });

  test('when service tasks are read, then each declares its retries in the BPMN', () => {
    const bad = models.flatMap((m) => m.elements.filter((e) => jobTypeOf(e) && ext(e, 'zeebe:TaskDefinition')[0].retries !== '5').map((e) => `${m.file}: ${e.id}`));
    expect(bad).toEqual([]);
  });

  test('when a worker throws a BusinessError, then its errorCode is caught by an error event in some model', () => {
    const codes = readdirSync(path.join(ROOT, 'workers'))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(path.join(ROOT, 'workers', f), 'utf8').matchAll(/new BusinessError\(\s*['"`]([A-Z0-9_]+)['"`]/g)].map((x) => x[1]!));
    const caught = new Set(
      models.flatMap((m) =>
        m.elements
          .filter((e) => e.$type === 'bpmn:BoundaryEvent' || e.$type === 'bpmn:StartEvent')
          .flatMap((e) => ((e.eventDefinitions ?? []) as El[]).filter((d) => d.$type === 'bpmn:ErrorEventDefinition').map((d) => d.errorRef?.errorCode)),
      ),
    );
    expect(codes.filter((c) => !caught.has(c))).toEqual([]);
  });

  test('when forms are read, then each is form-js JSON with the schema, id == file name, and keyed fields with labels', () => {
    const bad: string[] = [];
    for (const file of formFiles) {
      const form = JSON.parse(readFileSync(path.join(FORMS_DIR, file), 'utf8')) as El;
      if (form.$schema !== 'https://unpkg.com/@bpmn-io/form-json-schema/resources/schema.json') bad.push(`${file}: $schema`);
      if (form.id !== path.basename(file, '.form')) bad.push(`${file}: id ${form.id}`);
      if (form.type !== 'default' || !Array.isArray(form.components)) bad.push(`${file}: not a form-js form`);
      const walk = (cs: El[]) => {
        for (const c of cs) {
          if (c.components) walk(c.components);
          if (['text', 'group', 'dynamiclist', 'separator', 'spacer'].includes(c.type)) continue;
          if (!/^[a-z][A-Za-z0-9]*$/.test(c.key ?? '')) bad.push(`${file}: field key ${c.key} is not camelCase`);
          if (!(c.label || c.dateLabel)) bad.push(`${file}: field ${c.key} has no label`);
        }
      };
      walk(form.components);
    }
    expect(bad).toEqual([]);
  });

  test('when processes/README.md is read, then it catalogues every process, job type, message and form', () => {
    const names = models.flatMap((m) => [
      m.process.id,
      ...m.elements.map(jobTypeOf).filter(Boolean),
      ...(m.definitions.rootElements as El[]).filter((r) => r.$type === 'bpmn:Message' || r.$type === 'bpmn:Signal').map((r) => r.name),
    ]);
    const missing = [...new Set([...names, ...formFiles.map((f) => path.basename(f, '.form'))])].filter((n) => !readme.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });
});
