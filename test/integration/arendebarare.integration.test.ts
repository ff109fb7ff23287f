import { arendebarareSv } from '../../src/ui/arendebarareTexts.sv.js';
import { allWorkers } from '../../workers/index.js';
import { testPersonnummer } from '../support/builders.js';
import { eventually } from '../support/harness.js';
import { submitAktualisering } from './support/aktualisering.js';
import { useApp } from './support/useApp.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** The HTML's text with entities of the Swedish letters and quotes decoded, for comparing with a text constant. */
const decoded = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const formDataOf = (page: string) =>
  JSON.parse(/<script[^>]*id="form-data"[^>]*>([^<]*)<\/script>/.exec(page)![1]!) as Record<string, unknown>;
const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1]!;

describe('ärendebärare = the party that bears the person’s economy, chosen on the samverkansplan (seeds 000, 001, 002, 003)', () => {
  const app = useApp({ workers: allWorkers, repositoryModels: true, caseNumbersFrom: 100_000 });
  const { db } = app;

  /** Completes the engine's one open task of `key` in the instance, once the engine has created it. */
  async function completeInEngine(pik: string, key: string, variables: Record<string, unknown>) {
    const tasks = await eventually(
      async () => {
        const open = await app.engine.tasks({ processInstanceId: pik, taskDefinitionKey: key });
        return open.length ? open : null;
      },
      { what: `${key} task`, timeoutMs: 30_000 },
    );
    for (const task of tasks) await app.engine.completeTask(task.id, variables);
  }

  /**
   * AF aktualiserar a young person folkbokförd in Umeå to Ungdomstorget (samtycke: AF and försörjningsstöd), the
   * beredningsgrupp says ja, both parties contribute and AF calls the planeringsträff: the plan task is AF's.
   */
  async function caseAtPlaneringstraff() {
    const af = await app.login('af.handlaggare');
    const { case_id: caseId, process_instance_key: pik } = await submitAktualisering(app, af, 'ungdomstorget', {
      fields: {
        personnummer: testPersonnummer(2003),
        kon: 'M',
        targetGroup: 'arbetssokande',
        needsDescription: 'Behöver stöd mot arbete',
      },
      moreParties: ['umea-fsd'],
    });
    await completeInEngine(pik, 'UserTask_DecideBeredning', { beredningDecision: 'ja' });
    await completeInEngine(pik, 'UserTask_ContributeKartlaggning', {
      bidragLamnat: true,
      foreslagenInriktning: 'arbetsinriktade',
    });
    await completeInEngine(pik, 'UserTask_CallMeeting', { meetingAt: `${inDays(3)}T10:00:00+01:00` });
    const row = await eventually(
      () => db('tasks').where({ process_instance_id: pik, element_id: 'UserTask_HoldMeeting', state: 'open' }).first(),
      { what: 'plan task in the task list', timeoutMs: 30_000 },
    );
    return { af, caseId, pik, taskId: String(row.task_id) };
  }

  const planValues = (over: Record<string, unknown>) => ({
    planSetOn: inDays(0),
    inriktning: 'arbetsinriktade',
    planSteps: [{ party: 'af', description: 'Praktik via Jobbspår', dueDate: inDays(30) }],
    ...over,
  });

  test('the plan form proposes the ärendebärare for each försörjning of this person: AF for aktivitetsstöd, FK for sjukpenning, and the hemkommun’s socialtjänst for försörjningsstöd or none (seeds 000, 001, 002, 003)', async () => {
    // given a person folkbokförd in Umeå at the planeringsträff
    const { af, taskId } = await caseAtPlaneringstraff();
    // when AF opens the plan task
    const page = decoded(await (await af.request(`/uppgifter/${taskId}`)).text());
    // then the form asks for the försörjning and carries the proposal for each
    expect(page).toContain(arendebarareSv.forsorjning);
    expect(formDataOf(page).arendebarareProposals).toEqual({
      aktivitetsstod: 'af',
      etableringsersattning: 'af',
      sjukpenning: 'fk',
      aktivitetsersattning: 'fk',
      sjukersattning: 'fk',
      forsorjningsstod: 'umea-fsd',
      ingen: 'umea-fsd',
    });
  });

  test('when the ärendebärare chosen is not the party bearing the person’s försörjning and no reason is given, the plan is refused with the Swedish reason and everything typed kept; with a reason it is set once, and the case shows försörjning, ärendebärare and reason (seeds 000, 001)', async () => {
    // given the planeringsträff of a person on sjukpenning (proposal: Försäkringskassan)
    const { af, caseId, pik, taskId } = await caseAtPlaneringstraff();
    const page = decoded(await (await af.request(`/uppgifter/${taskId}`)).text());
    const typed = planValues({ forsorjning: 'sjukpenning', arendebarareOrg: 'af', arendebarareReason: '  ' });
    // when AF is chosen without a reason
    const refused = await af.request(`/uppgifter/${taskId}`, {
      method: 'POST',
      form: { _csrf: csrfOf(page), variables: JSON.stringify(typed) },
    });
    // then 422 with the reason beside the field, and the values typed are on the form again
    expect(refused.status).toBe(422);
    const again = decoded(await refused.text());
    expect(again).toContain(arendebarareSv.reasonRequired);
    expect(formDataOf(again)).toMatchObject({
      forsorjning: 'sjukpenning',
      arendebarareOrg: 'af',
      planSteps: typed.planSteps,
      arendebarareProposals: expect.objectContaining({ sjukpenning: 'fk' }), // the form still pre-selects
    });
    expect(await app.engine.task(taskId)).not.toBeNull(); // the engine's task is still open
    expect(await db('cases').where({ case_id: caseId }).first()).toMatchObject({
      forsorjning: null,
      arendebarare_reason: null,
    });

    // when the reason is given, and the form is sent twice
    const reason = 'Personen har en pågående insats hos AF som bär planen fram till mars.';
    const send = (r: string) =>
      af.request(`/uppgifter/${taskId}`, {
        method: 'POST',
        form: { _csrf: csrfOf(again), variables: JSON.stringify({ ...typed, arendebarareReason: r }) },
      });
    expect((await send(reason)).status).toBe(303);
    expect((await send('Ett annat skäl')).status).not.toBe(303);
    // then the case has AF as ärendebärare, the försörjning and the first reason, and the engine has neither
    const row = await eventually(
      async () => {
        const c = await db('cases').where({ case_id: caseId }).first();
        return c.arendebarare_org ? c : null;
      },
      { what: 'ärendebärare recorded by the plan worker', timeoutMs: 30_000 },
    );
    expect(row).toMatchObject({ arendebarare_org: 'af', forsorjning: 'sjukpenning', arendebarare_reason: reason });
    expect(await db('plans').where({ case_id: caseId })).toHaveLength(1);
    const variables = await app.engine.processVariables(pik);
    expect(variables.arendebarareOrg).toBe('af');
    expect(Object.keys(variables)).not.toContain('forsorjning');
    expect(Object.keys(variables)).not.toContain('arendebarareReason');
    // and the case view shows them
    const view = decoded(await (await af.request(`/arenden/${caseId}`)).text());
    expect(view).toContain(arendebarareSv.forsorjningar.sjukpenning);
    expect(view).toContain(arendebarareSv.reason);
    expect(view).toContain(reason);
  });

  test('when the proposed ärendebärare is kept, no reason is needed and none is stored (seed 001)', async () => {
    // given the planeringsträff of a person on försörjningsstöd in Umeå (proposal: försörjningsstöd)
    const { af, caseId, taskId } = await caseAtPlaneringstraff();
    const page = decoded(await (await af.request(`/uppgifter/${taskId}`)).text());
    // when the proposal is chosen, with a stray text in the reason field
    const res = await af.request(`/uppgifter/${taskId}`, {
      method: 'POST',
      form: {
        _csrf: csrfOf(page),
        variables: JSON.stringify(
          planValues({ forsorjning: 'forsorjningsstod', arendebarareOrg: 'umea-fsd', arendebarareReason: 'Onödigt' }),
        ),
      },
    });
    // then the plan is set with försörjningsstöd as ärendebärare and no reason
    expect(res.status).toBe(303);
    const row = await eventually(
      async () => {
        const c = await db('cases').where({ case_id: caseId }).first();
        return c.arendebarare_org ? c : null;
      },
      { what: 'ärendebärare recorded by the plan worker', timeoutMs: 30_000 },
    );
    expect(row).toMatchObject({
      arendebarare_org: 'umea-fsd',
      forsorjning: 'forsorjningsstod',
      arendebarare_reason: null,
    });
    const view = decoded(await (await af.request(`/arenden/${caseId}`)).text());
    expect(view).toContain(arendebarareSv.forsorjningar.forsorjningsstod);
    expect(view).not.toContain(arendebarareSv.reason);
  });
});
