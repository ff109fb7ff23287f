import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// @ts-ignore bpmn-moddle ships no typings for its root entry
import { BpmnModdle } from 'bpmn-moddle';

import { DUE_DATE_RULES } from '../../src/domain/deadlines.js';
import { FORMS_DIR, PROCESSES_DIR, ROOT } from '../../src/paths.js';
import { NOTIFICATION_TEMPLATES } from '../../src/services/notificationTemplates.js';
import { allWorkers } from '../../workers/index.js';

type El = any;
const camunda = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8'),
) as object;
const modelFiles = readdirSync(PROCESSES_DIR)
  .filter((f) => f.endsWith('.bpmn'))
  .sort();
const formFiles = readdirSync(FORMS_DIR)
  .filter((f) => f.endsWith('.form'))
  .sort();
const readme = readFileSync(path.join(PROCESSES_DIR, 'README.md'), 'utf8');
const WORKERS_DIR = path.join(ROOT, 'workers');
// Not an external-task worker: the registry.
const NOT_A_TOPIC = new Set(['index']);

const NODE_ID =
  /^(StartEvent|EndEvent|Task|UserTask|Gateway|BoundaryEvent|IntermediateThrowEvent|IntermediateCatchEvent|TimerEvent|SubProcess|CallActivity)_[A-Z][A-Za-z0-9]*$/;
const FLOW_ID = /^SequenceFlow_[A-Z][A-Za-z0-9]*$/;
const ROOT_ID = {
  'bpmn:Message': /^Message_[A-Z][A-Za-z0-9]*$/,
  'bpmn:Error': /^Error_[A-Z][A-Za-z0-9]*$/,
  'bpmn:Signal': /^Signal_[A-Z][A-Za-z0-9]*$/,
} as Record<string, RegExp>;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const JUEL_VARIABLE = /^\$\{([a-z][A-Za-z0-9]*)\}$/;
const EXTERNAL_LIKE = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

interface Parsed {
  file: string;
  xml: string;
  definitions: El;
  warnings: { message: string }[];
  process: El;
  elements: El[];
}

async function parse(file: string): Promise<Parsed> {
  const xml = readFileSync(path.join(PROCESSES_DIR, file), 'utf8');
  const { rootElement, warnings } = await new BpmnModdle({ camunda }).fromXML(xml);
  const process = (rootElement.rootElements as El[]).find((e) => e.$type === 'bpmn:Process');
  const elements: El[] = [];
  const visit = (c: El) => {
    for (const el of (c.flowElements ?? []) as El[]) {
      elements.push(el);
      if (el.$type === 'bpmn:SubProcess') visit(el);
    }
  };
  visit(process);
  return { file, xml, definitions: rootElement, warnings, process, elements };
}

const ext = (el: El, type: string): El[] =>
  ((el.extensionElements?.values ?? []) as El[]).filter((v) => v.$type === type);
const isExternal = (el: El) => EXTERNAL_LIKE.has(el.$type) && el.type === 'external';
/** The camunda:properties of an element as [name, value] pairs (the worker runtime passes them as customHeaders). */
const propertiesOf = (el: El): [string, string][] =>
  ext(el, 'camunda:Properties').flatMap((p) =>
    ((p.values ?? []) as El[]).map((v) => [v.name as string, v.value as string] as [string, string]),
  );
const outputParametersOf = (el: El): El[] =>
  ext(el, 'camunda:InputOutput').flatMap((io) => (io.outputParameters ?? []) as El[]);
const topicOfWorker = (w: (typeof allWorkers)[number]): string => (w as { topic?: string }).topic ?? w.jobType;
const workerByTopic = new Map(allWorkers.map((w) => [topicOfWorker(w), w]));
const outputKeysOf = (topic: string): string[] =>
  Object.keys((workerByTopic.get(topic)?.Output as unknown as { shape?: Record<string, unknown> })?.shape ?? {});

/** The backticked names in a row of a README catalogue table, e.g. `| messages | `ConsentWithdrawn`, … |`. */
function catalogued(row: 'messages' | 'signals'): string[] {
  return [...readme.matchAll(new RegExp(`^\\| ${row} \\|(.*)\\|\\s*$`, 'gm'))].flatMap((m) =>
    [...m[1]!.matchAll(/`([A-Z][A-Za-z0-9]*)`/g)].map((x) => x[1]!),
  );
}

describe('static: processes/ and forms/', () => {
  let models: Parsed[];
  beforeAll(async () => {
    models = await Promise.all(modelFiles.map(parse));
  });

  test('when the models are imported with bpmn-moddle and the camunda extension, then none has a warning', () => {
    // given
    expect(modelFiles.length).toBeGreaterThan(0);
    // when / then: an unknown attribute or element (a typo, another dialect) is a warning
    for (const m of models)
      expect({ file: m.file, warnings: m.warnings.map((w) => w.message) }).toEqual({ file: m.file, warnings: [] });
  });

  test('when a model is read, then its file name is its kebab-case process id, it targets Camunda Platform 7.24.0 and has a diagram', () => {
    for (const m of models) {
      // when
      const plane = m.definitions.diagrams?.[0]?.plane;
      const drawn = new Set(((plane?.planeElement ?? []) as El[]).map((d) => d.bpmnElement?.id));
      // then
      expect(m.process.id).toMatch(KEBAB);
      expect(`${m.process.id}.bpmn`).toBe(m.file);
      expect(m.process.isExecutable).toBe(true);
      expect(m.definitions.$attrs['modeler:executionPlatform']).toBe('Camunda Platform');
      expect(m.definitions.$attrs['modeler:executionPlatformVersion']).toBe('7.24.0');
      expect(m.elements.filter((e) => !drawn.has(e.id)).map((e) => e.id)).toEqual([]);
    }
  });

  test('when a process is read, then it keeps its history 1827 days (five years, the gallring rule) after it ends', () => {
    // when
    const ttl = models.map((m) => [m.file, m.process.historyTimeToLive]);
    // then: the engine rejects a deployment without it (ENGINE.md pitfall 7)
    expect(ttl).toEqual(models.map((m) => [m.file, '1827']));
  });

  test('when ids are checked, then every flow node, flow, message, error and signal follows <Type>_<PascalCase>', () => {
    // given
    const bad: string[] = [];
    // when
    for (const m of models) {
      for (const e of m.elements)
        if (!(e.$type === 'bpmn:SequenceFlow' ? FLOW_ID : NODE_ID).test(e.id)) bad.push(`${m.file}: ${e.id}`);
      for (const r of m.definitions.rootElements as El[])
        if (ROOT_ID[r.$type] && !ROOT_ID[r.$type]!.test(r.id)) bad.push(`${m.file}: ${r.id}`);
      for (const e of m.elements)
        if (
          e.$type !== 'bpmn:SequenceFlow' &&
          e.$type !== 'bpmn:ParallelGateway' &&
          !(e.$type === 'bpmn:ExclusiveGateway' && (e.outgoing ?? []).length < 2) &&
          !e.name
        )
          bad.push(`${m.file}: ${e.id} has no Swedish name`);
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when the XML is searched, then it declares only the BPMN, Camunda 7 and modeler namespaces and no expression starts with "="', () => {
    // given the namespaces a Camunda 7 / Operaton model may use (any other engine's extensions are not read by Operaton)
    const allowed = new Set([
      'http://www.omg.org/spec/BPMN/20100524/MODEL',
      'http://www.omg.org/spec/BPMN/20100524/DI',
      'http://www.omg.org/spec/DD/20100524/DC',
      'http://www.omg.org/spec/DD/20100524/DI',
      'http://www.w3.org/2001/XMLSchema-instance',
      'http://camunda.org/schema/1.0/bpmn',
      'http://camunda.org/schema/modeler/1.0',
      'http://bpmn.io/schema/bpmn',
    ]);
    const bad: string[] = [];
    for (const m of models) {
      // when
      for (const [, prefix, uri] of m.xml.matchAll(/xmlns(?::([\w-]+))?="([^"]*)"/g))
        if (!allowed.has(uri!)) bad.push(`${m.file}: namespace ${prefix ?? '(default)'}=${uri}`);
      if (/operaton:|schema\/operaton/i.test(m.xml))
        bad.push(`${m.file}: uses the operaton: namespace (the tools only know camunda:)`);
      for (const [, name, value] of m.xml.matchAll(/\s([\w:.-]+)="([^"]*)"/g))
        if (value!.trimStart().startsWith('=')) bad.push(`${m.file}: attribute ${name}="${value}"`);
      for (const [, body] of m.xml.matchAll(/>([^<]+)</g))
        if (body!.trimStart().startsWith('=')) bad.push(`${m.file}: body ${body!.trim()}`);
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when service tasks are read, then each is an external task whose topic is a worker in workers/, and each worker is used', () => {
    // given
    const bad: string[] = [];
    const used = new Set<string>();
    // when
    for (const m of models) {
      for (const e of m.elements.filter((x) => EXTERNAL_LIKE.has(x.$type))) {
        if (!isExternal(e) || !e.topic)
          bad.push(`${m.file}: ${e.id} is not camunda:type="external" with a camunda:topic`);
        else if (!workerByTopic.has(e.topic) || !existsSync(path.join(WORKERS_DIR, `${e.topic}.ts`)))
          bad.push(`${m.file}: ${e.id} topic ${e.topic} has no worker file registered in workers/index.ts`);
        else used.add(e.topic);
      }
    }
    const files = readdirSync(WORKERS_DIR)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.basename(f, '.ts'))
      .filter((f) => !NOT_A_TOPIC.has(f));
    // then
    expect(bad).toEqual([]);
    expect([...workerByTopic.keys()].filter((t) => !used.has(t))).toEqual([]);
    expect(files.filter((f) => !workerByTopic.has(f))).toEqual([]);
  });

  test('when external and user tasks are read, then none has an output parameter (it would run on cancellation too)', () => {
    // when
    const bad = models.flatMap((m) =>
      m.elements
        .filter((e) => (isExternal(e) || e.$type === 'bpmn:UserTask') && outputParametersOf(e).length)
        .map((e) => `${m.file}: ${e.id}`),
    );
    // then: ENGINE.md pitfall 2; workers name their outputs with output.<key> properties instead
    expect(bad).toEqual([]);
  });

  test("when a task has an output.<key> property, then <key> is in its worker's Output schema and the target is a camelCase variable", () => {
    // given
    const bad: string[] = [];
    // when
    for (const m of models) {
      for (const e of m.elements.filter(isExternal)) {
        const keys = outputKeysOf(e.topic);
        for (const [name, value] of propertiesOf(e).filter(([n]) => n.startsWith('output.'))) {
          const key = name.slice('output.'.length);
          if (!keys.includes(key))
            bad.push(`${m.file}: ${e.id} ${name}: ${e.topic} outputs ${keys.join(', ') || 'nothing'}`);
          if (!CAMEL.test(value ?? '')) bad.push(`${m.file}: ${e.id} ${name} → "${value}" is not a camelCase variable`);
        }
      }
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when a task configures its worker with properties, then templates, rules and reminder days are known values', () => {
    // given
    const bad: string[] = [];
    // when
    for (const m of models) {
      for (const e of m.elements.filter(isExternal)) {
        const props = new Map(propertiesOf(e));
        if (
          e.topic === 'send-notification' &&
          !(NOTIFICATION_TEMPLATES as readonly string[]).includes(props.get('template') ?? '')
        )
          bad.push(`${m.file}: ${e.id} template ${props.get('template')}`);
        if (e.topic === 'compute-due-date') {
          if (!(DUE_DATE_RULES as readonly string[]).includes(props.get('rule') ?? ''))
            bad.push(`${m.file}: ${e.id} rule ${props.get('rule')}`);
          const reminderDays = props.get('reminderDays');
          if (reminderDays !== undefined && !/^[1-9][0-9]*$/.test(reminderDays))
            bad.push(`${m.file}: ${e.id} reminderDays ${reminderDays}`);
          if ((reminderDays !== undefined) !== props.has('output.reminderAt'))
            bad.push(`${m.file}: ${e.id} sets reminderDays and output.reminderAt only together`);
        }
      }
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when a user task is read, then it has candidate groups, no assignee, and a deployment-bound camunda:formRef in forms/', () => {
    // given
    const forms = new Set(formFiles.map((f) => path.basename(f, '.form')));
    const bad: string[] = [];
    // when
    for (const m of models) {
      for (const e of m.elements.filter((x) => x.$type === 'bpmn:UserTask')) {
        if (!e.formRef || !forms.has(e.formRef)) bad.push(`${m.file}: ${e.id} → form ${e.formRef}`);
        if (e.formRefBinding !== 'deployment') bad.push(`${m.file}: ${e.id} formRefBinding ${e.formRefBinding}`);
        if (e.formKey) bad.push(`${m.file}: ${e.id} uses camunda:formKey instead of camunda:formRef`);
        if (!e.candidateGroups?.trim()) bad.push(`${m.file}: ${e.id} has no candidate groups`);
        if (e.assignee || e.candidateUsers) bad.push(`${m.file}: ${e.id} assigns people in the model`);
      }
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when a timer or a user task due date reads a variable, then a compute-due-date task of the same model writes it', () => {
    // given
    const bad: string[] = [];
    for (const m of models) {
      const computed = new Set(
        m.elements
          .filter((e) => isExternal(e) && e.topic === 'compute-due-date')
          .flatMap((e) =>
            propertiesOf(e)
              .filter(([n]) => n.startsWith('output.'))
              .map(([, v]) => v),
          ),
      );
      const reads: [string, string | undefined][] = [
        ...m.elements.flatMap((e) =>
          ((e.eventDefinitions ?? []) as El[])
            .filter((d) => d.$type === 'bpmn:TimerEventDefinition')
            .map(
              (d) =>
                [`${e.id} timer`, d.timeDate?.body ?? d.timeDuration?.body ?? d.timeCycle?.body] as [
                  string,
                  string | undefined,
                ],
            ),
        ),
        ...m.elements
          .filter((e) => e.$type === 'bpmn:UserTask')
          .flatMap(
            (e) =>
              [
                [`${e.id} dueDate`, e.dueDate],
                [`${e.id} followUpDate`, e.followUpDate],
              ] as [string, string | undefined][],
          )
          .filter(([, v]) => v !== undefined),
      ];
      // when
      for (const [where, expr] of reads) {
        const variable = JUEL_VARIABLE.exec(expr?.trim() ?? '')?.[1];
        if (!variable) bad.push(`${m.file}: ${where} "${expr}" is not \${variable} (an ISO date-time with offset)`);
        else if (!computed.has(variable))
          bad.push(`${m.file}: ${where} reads ${variable}, which no compute-due-date task writes`);
      }
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when a signal is thrown, then a start event catches it and the throw passes caseId and the business key', () => {
    // given
    const starts = new Set(
      models.flatMap((m) =>
        m.elements
          .filter((e) => e.$type === 'bpmn:StartEvent')
          .flatMap((e) =>
            ((e.eventDefinitions ?? []) as El[])
              .filter((d) => d.$type === 'bpmn:SignalEventDefinition')
              .map((d) => d.signalRef?.name),
          ),
      ),
    );
    const bad: string[] = [];
    // when
    for (const m of models) {
      for (const e of m.elements.filter(
        (x) => x.$type === 'bpmn:IntermediateThrowEvent' || x.$type === 'bpmn:EndEvent',
      )) {
        for (const d of ((e.eventDefinitions ?? []) as El[]).filter((x) => x.$type === 'bpmn:SignalEventDefinition')) {
          const ins = ext(d, 'camunda:In');
          if (!starts.has(d.signalRef?.name))
            bad.push(`${m.file}: ${e.id} throws ${d.signalRef?.name}, which no start event catches`);
          if (!ins.some((i) => i.target === 'caseId')) bad.push(`${m.file}: ${e.id} passes no caseId`);
          if (!ins.some((i) => i.businessKey))
            bad.push(`${m.file}: ${e.id} passes no business key (instances are correlated by caseId)`);
        }
      }
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when a worker throws a BPMN error, then an error boundary on a task of its topic catches that code, and every error boundary on an external task catches a code its worker throws', () => {
    // given: the codes each worker file (workers/<topic>.ts) throws, read from `new BusinessError('<CODE>'`
    const thrownCodes = (source: string) =>
      [...source.matchAll(/new BusinessError\(\s*['"`]([A-Za-z0-9_-]+)['"`]/g)].map((x) => x[1]!);
    // the scanner itself finds the code thrown by the runtime's own test, so an empty result below means "none thrown"
    expect(thrownCodes(readFileSync(path.join(ROOT, 'test', 'process', 'workers.process.test.ts'), 'utf8'))).toContain(
      'TEST_NOT_MODELLED',
    );
    const thrownByTopic = new Map(
      readdirSync(WORKERS_DIR)
        .filter((f) => f.endsWith('.ts'))
        .map(
          (f) =>
            [path.basename(f, '.ts'), new Set(thrownCodes(readFileSync(path.join(WORKERS_DIR, f), 'utf8')))] as const,
        ),
    );
    const bad: string[] = [];
    // when
    for (const m of models) {
      for (const task of m.elements.filter(isExternal)) {
        const boundaries = m.elements.filter(
          (e) => e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef?.id === task.id,
        );
        const errorDefs = boundaries.flatMap((b) =>
          ((b.eventDefinitions ?? []) as El[])
            .filter((d) => d.$type === 'bpmn:ErrorEventDefinition')
            .map((d) => ({ b, code: d.errorRef?.errorCode as string | undefined })),
        );
        const thrown = thrownByTopic.get(task.topic) ?? new Set<string>();
        const catchesAll = errorDefs.some((d) => !d.code);
        for (const code of thrown)
          if (!catchesAll && !errorDefs.some((d) => d.code === code))
            bad.push(`${m.file}: ${task.id} (${task.topic}) throws ${code}, which no error boundary on it catches`);
        for (const d of errorDefs)
          if (d.code && !thrown.has(d.code))
            bad.push(`${m.file}: ${d.b.id} on ${task.id} catches ${d.code}, which ${task.topic} never throws`);
      }
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when forms are read, then each is form-js JSON with the schema, id == file name, and keyed fields with labels', () => {
    // given
    const bad: string[] = [];
    // when
    for (const file of formFiles) {
      const form = JSON.parse(readFileSync(path.join(FORMS_DIR, file), 'utf8')) as El;
      if (form.$schema !== 'https://unpkg.com/@bpmn-io/form-json-schema/resources/schema.json')
        bad.push(`${file}: $schema`);
      if (form.id !== path.basename(file, '.form')) bad.push(`${file}: id ${form.id}`);
      if (form.type !== 'default' || !Array.isArray(form.components)) bad.push(`${file}: not a form-js form`);
      const walk = (cs: El[]) => {
        for (const c of cs) {
          if (c.components) walk(c.components);
          if (['text', 'group', 'dynamiclist', 'separator', 'spacer'].includes(c.type)) continue;
          if (!CAMEL.test(c.key ?? '')) bad.push(`${file}: field key ${c.key} is not camelCase`);
          if (!(c.label || c.dateLabel)) bad.push(`${file}: field ${c.key} has no label`);
        }
      };
      walk(form.components);
    }
    // then
    expect(bad).toEqual([]);
  });

  test('when processes/README.md is read, then it catalogues every process, topic and form', () => {
    // when
    const names = models.flatMap((m) => [m.process.id, ...m.elements.filter(isExternal).map((e) => e.topic)]);
    const missing = [...new Set([...names, ...formFiles.map((f) => path.basename(f, '.form'))])].filter(
      (n) => !readme.includes(`\`${n}\``),
    );
    // then
    expect(missing).toEqual([]);
  });

  test('when messages and signals are compared with the README catalogue, then each one is listed and each listed one exists', () => {
    // given
    const inModels = (type: string) =>
      new Set(
        models.flatMap((m) =>
          (m.definitions.rootElements as El[]).filter((r) => r.$type === type).map((r) => r.name as string),
        ),
      );
    const messages = inModels('bpmn:Message');
    const signals = inModels('bpmn:Signal');
    // when
    const listedMessages = new Set(catalogued('messages'));
    const listedSignals = new Set(catalogued('signals'));
    // then
    expect([...messages].filter((n) => !listedMessages.has(n))).toEqual([]);
    expect([...listedMessages].filter((n) => !messages.has(n))).toEqual([]);
    expect([...signals].filter((n) => !listedSignals.has(n))).toEqual([]);
    expect([...listedSignals].filter((n) => !signals.has(n))).toEqual([]);
  });
});
