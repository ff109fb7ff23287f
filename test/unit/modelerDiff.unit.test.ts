import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../src/paths.js';
import { flowNodeCount, semanticDiff } from '../../src/services/modelerDiff.js';

const MODEL = readFileSync(path.join(ROOT, 'test/fixtures/modeler-deploy.bpmn'), 'utf8');
const TASK = 'Task_ReviewCase';

describe('semanticDiff', () => {
  test('when a model is compared with itself, then nothing differs', async () => {
    expect(await semanticDiff(MODEL, MODEL)).toEqual({
      added: [],
      removed: [],
      changed: [],
      moved: [],
      identical: true,
    });
  });

  test('when a task is renamed and gets an assignee, then it is changed in exactly those attributes', async () => {
    const after = MODEL.replace('name="Granska ärende"', 'name="Granska ansökan" camunda:assignee="af.handlaggare"');
    const diff = await semanticDiff(MODEL, after);
    expect(diff.identical).toBe(false);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        id: TASK,
        type: 'UserTask',
        name: 'Granska ansökan',
        changes: expect.arrayContaining([
          { attribute: 'name', before: 'Granska ärende', after: 'Granska ansökan' },
          { attribute: 'assignee', before: null, after: 'af.handlaggare' },
        ]),
      },
    ]);
    expect(diff.changed[0]!.changes).toHaveLength(2);
  });

  test('when a shape only moves, then the element is moved, not changed', async () => {
    const after = MODEL.replace(
      new RegExp(`(bpmnElement="${TASK}"[^>]*>\\s*<dc:Bounds x=")(\\d+)`),
      (_m, p: string, x: string) => `${p}${Number(x) + 40}`,
    );
    expect(after).not.toBe(MODEL);
    const diff = await semanticDiff(MODEL, after);
    expect(diff).toMatchObject({ changed: [], added: [], removed: [], identical: false });
    expect(diff.moved.map((e) => e.id)).toEqual([TASK]);
  });

  test('when a task is removed and another added, then they are listed as removed and added by id', async () => {
    const after = MODEL.replaceAll(TASK, 'Task_New').replace('name="Granska ärende"', 'name="Ny uppgift"');
    const diff = await semanticDiff(MODEL, after);
    expect(diff.removed).toEqual([{ id: TASK, type: 'UserTask', name: 'Granska ärende' }]);
    expect(diff.added).toEqual([{ id: 'Task_New', type: 'UserTask', name: 'Ny uppgift' }]);
    // the flows that pointed at the task now point at the new one
    expect(diff.changed.every((c) => c.type === 'SequenceFlow')).toBe(true);
    expect(diff.changed.length).toBeGreaterThan(0);
  });

  test('when a model has no flow nodes, then flowNodeCount is 0', async () => {
    const empty =
      '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x"><bpmn:process id="tom" isExecutable="true"/></bpmn:definitions>';
    expect(await flowNodeCount(empty)).toBe(0);
    expect(await flowNodeCount(MODEL)).toBeGreaterThan(0);
  });
});
