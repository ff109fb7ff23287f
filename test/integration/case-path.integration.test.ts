import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Engine } from '../../src/engine/client.js';
import { PROCESSES_DIR } from '../../src/paths.js';
import { PROCESS_IDS } from '../../src/services/cases.js';
import { deployProcess } from '../../src/services/deployment.js';
import { workSv } from '../../src/ui/caseworkTexts.sv.js';
import { sv } from '../../src/ui/texts.sv.js';
import { escapeHtml } from '../../src/views/html.js';
import { allWorkers } from '../../workers/index.js';
import { referCase } from '../support/caseFixtures.js';
import { eventually } from '../support/harness.js';
import { useApp } from './support/useApp.js';
import { startApp, WebClient } from './support/webClient.js';

// The case page's diagram marks the path read from the engine's history (activity instances of the case's
// instance), not from our own case events.

interface DiagramData {
  xml: string;
  done: string[];
  current: string[];
}
const diagramOf = (page: string): DiagramData | undefined => {
  const m = /<script type="application\/json" id="case-diagram-data">([\s\S]*?)<\/script>/.exec(page);
  return m ? (JSON.parse(m[1]!) as DiagramData) : undefined;
};

describe('case view: the path from the engine history', () => {
  const instances: string[] = [];
  const app = useApp({
    workers: allWorkers,
    async setup({ db, engine }) {
      // the clean model as the latest version (a process test may have left an instrumented one)
      await deployProcess(db, engine, {
        processId: PROCESS_IDS.samverkanCase,
        bpmn: readFileSync(path.join(PROCESSES_DIR, `${PROCESS_IDS.samverkanCase}.bpmn`)),
        deployedBy: 'system',
        comment: null,
      });
    },
    async teardown({ engine }) {
      for (const id of instances) await engine.cancelProcessInstance(id, 'test clean-up').catch(() => undefined);
    },
  });
  const { engine, db } = app;

  test('when a case has passed the first steps, then the diagram marks them done and the beredning task current, from the history', async () => {
    // given
    const { caseId, pik } = await referCase({ db, engine });
    instances.push(pik);
    await eventually(
      async () =>
        (await engine.activityHistory({ processInstanceId: pik })).some(
          (a) => a.activityId === 'UserTask_DecideBeredning' && a.endTime === null,
        ),
      {
        what: `${pik} waiting at UserTask_DecideBeredning`,
        timeoutMs: 60_000,
      },
    );
    const af = new WebClient(app.baseUrl);
    await af.login('af.handlaggare');
    // when
    const page = await af.request(`/arenden/${caseId}`);
    const body = await page.text();
    // then
    expect(page.status).toBe(200);
    const diagram = diagramOf(body);
    expect(diagram?.xml).toContain('id="samverkan-case"');
    expect(diagram?.done).toEqual(
      expect.arrayContaining([
        'StartEvent_CaseReferred',
        'Gateway_StartMerge',
        'Task_RecordReferral',
        'Task_CheckCriteria',
        'Gateway_CriteriaMet',
        'Task_ComputeBeredningMeeting',
        'Task_PlaceOnAgenda',
      ]),
    );
    expect(diagram?.done).not.toContain('UserTask_DecideBeredning');
    expect(diagram?.done).not.toContain('Task_NotifyReferralReturned'); // the branch not taken
    expect(diagram?.current).toEqual(['UserTask_DecideBeredning']);
    expect(body).not.toContain(escapeHtml(workSv.caseView.pathEngineUnavailable));
  });

  test('when the engine does not answer, then the case page still renders, without the path and with a Swedish note', async () => {
    // given
    const { caseId, pik } = await referCase({ db, engine });
    instances.push(pik);
    const unreachable = new Engine({ restUrl: 'http://127.0.0.1:9/engine-rest', timeoutMs: 2_000 });
    const offline = await startApp({ db, engine: unreachable });
    try {
      const af = new WebClient(offline.baseUrl);
      await af.login('af.handlaggare');
      // when
      const page = await af.request(`/arenden/${caseId}`);
      const body = await page.text();
      // then
      expect(page.status).toBe(200);
      expect(body).toContain(escapeHtml(workSv.caseView.pathEngineUnavailable));
      expect(body).toContain(escapeHtml(workSv.incidents.caseUnavailable)); // af is the aktualiserande part: it handles incidents
      expect(diagramOf(body)).toMatchObject({ done: [], current: [] });
      expect(body).toContain(`<h2>${escapeHtml(sv.cases.timeline)}</h2>`); // the rest of the page (our own case events) is there
    } finally {
      await offline.close();
    }
  });
});
