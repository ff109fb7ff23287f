import { handoverSv } from '../../src/ui/handoverTexts.sv.js';
import { allWorkers } from '../../workers/index.js';
import { testPersonnummer } from '../support/builders.js';
import { eventually } from '../support/harness.js';
import { submitAktualisering } from './support/aktualisering.js';
import { useApp } from './support/useApp.js';

/** The HTML's text with entities of the Swedish letters and quotes decoded, for comparing with a text constant. */
const decoded = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('kranskommun residents: a linked aktualisering to the torg after the hemkommun beredningsgrupp (seed 000)', () => {
  const app = useApp({ workers: allWorkers, repositoryModels: true, caseNumbersFrom: 100_000 });
  const { db } = app;

  /** AF aktualiserar a young person folkbokförd in Vännäs to Ungdomstorget: the case goes to Samordningsteamet Vännäs. */
  async function kranskommunCase(overrides: Record<string, string> = {}) {
    const row = await submitAktualisering(app, await app.login('af.handlaggare'), 'ungdomstorget', {
      fields: {
        personnummer: testPersonnummer(2004),
        folkbokfordKommun: 'Vännäs',
        targetGroup: 'arbetssokande',
        needsDescription: 'Behöver stöd mot arbete eller studier',
        ...overrides,
      },
      moreParties: ['vannas'], // the samtycke names AF and Vännäs kommun
    });
    const caseId = row.case_id;
    expect(row).toMatchObject({
      verksamhet: 'st-vannas',
      target_group: 'unga',
      requested_verksamhet: 'ungdomstorget',
      requested_target_group: 'arbetssokande',
    });
    return { caseId, pik: row.process_instance_key };
  }

  /** The Vännäs beredningsgrupp decides at its meeting (the engine task of beredning-vannas). */
  async function decide(caseId: string, pik: string, variables: Record<string, unknown>) {
    const [task] = await eventually(
      async () => {
        const tasks = await app.engine.tasks({ processInstanceId: pik, taskDefinitionKey: 'UserTask_DecideBeredning' });
        return tasks.length ? tasks : null;
      },
      { what: 'beredning task of the hemkommun', timeoutMs: 30_000 },
    );
    expect(await app.engine.taskCandidateGroups(task!.id)).toEqual(['beredning-vannas']);
    await app.engine.completeTask(task!.id, variables);
    await eventually(() => db('beredning_decisions').where({ case_id: caseId }).first(), {
      what: 'decision row',
      timeoutMs: 30_000,
    });
  }

  /** The hemkommun group's open beredning task in the task list (the read model), once the engine has created it. */
  async function beredningTaskId(pik: string): Promise<string> {
    const row = await eventually(
      () =>
        db('tasks').where({ process_instance_id: pik, element_id: 'UserTask_DecideBeredning', state: 'open' }).first(),
      { what: 'beredning task in the task list', timeoutMs: 30_000 },
    );
    return String(row.task_id);
  }

  test('when the hemkommun beredningsgrupp says nej without judging that the torg should take the case, then no hand-over is offered, the kommun handläggare sees why, and a posted hand-over is refused (seed 000)', async () => {
    // given: the Vännäs group says nej on the task form and leaves "Torget bör ta ärendet" unticked
    const { caseId, pik } = await kranskommunCase();
    const vannas = await app.login('vannas.handlaggare');
    const taskId = await beredningTaskId(pik);
    const taskPage = decoded(await (await vannas.request(`/uppgifter/${taskId}`)).text());
    const formData = JSON.parse(/<script[^>]*id="form-data"[^>]*>([^<]*)<\/script>/.exec(taskPage)![1]!) as Record<
      string,
      unknown
    >;
    expect(formData.handoverTorg).toBe('ungdomstorget'); // the form's condition shows the judgement for this case
    const csrf = /name="_csrf" value="([^"]+)"/.exec(taskPage)![1]!;
    const post = await vannas.request(`/uppgifter/${taskId}`, {
      method: 'POST',
      form: {
        _csrf: csrf,
        // as the browser sends it: the fields, and the task variables the form's conditions read
        variables: JSON.stringify({
          handoverTorg: 'ungdomstorget',
          beredningDecision: 'nej',
          motivering: 'Behoven kan mötas av samordningsteamet i annan form',
          torgetBorTa: false,
        }),
      },
    });
    expect(post.status).toBe(303);
    const decision = await eventually(() => db('beredning_decisions').where({ case_id: caseId }).first(), {
      what: 'decision row',
      timeoutMs: 30_000,
    });
    expect(decision).toMatchObject({ decision: 'nej', torg_should_take: false });
    // when: the kommun's handläggare opens the case view
    const page = decoded(await (await vannas.request(`/arenden/${caseId}`)).text());
    // then: the reason, and no hand-over button
    expect(page).toContain(handoverSv.notJudged('Ungdomstorget'));
    expect(page).not.toContain(handoverSv.button('Ungdomstorget'));
    const refused = await vannas.request(`/arenden/${caseId}/overlamna-till-torget`, {
      method: 'POST',
      form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]!, targetGroup: 'arbetssokande' },
    });
    expect(decoded(await (await vannas.request(refused.headers.get('location')!)).text())).toContain(
      handoverSv.notAllowed,
    );
    expect(await db('cases').where({ previous_case_id: caseId })).toEqual([]);
  });

  test('when the hemkommun beredningsgrupp ticks "Torget bör ta ärendet" with its nej on the agenda, then the judgement is stored with the decision and the hand-over is offered (seed 000)', async () => {
    // given: the Vännäs case on the Vännäs group's agenda, with its task open
    const { caseId, pik } = await kranskommunCase();
    await beredningTaskId(pik);
    const { meeting_date: meetingDate } = await db('beredning_agenda').where({ case_id: caseId }).first();
    const vannas = await app.login('vannas.handlaggare');
    const agenda = decoded(await (await vannas.request(`/beredning?grupp=vannas&datum=${meetingDate}`)).text());
    expect(agenda).toContain(`name="torget-${caseId}"`);
    // when: the group says nej with its motivering and the judgement
    const res = await vannas.request('/beredning/beslut', {
      method: 'POST',
      form: {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(agenda)![1]!,
        grupp: 'vannas',
        datum: meetingDate,
        arende: caseId,
        [`beslut-${caseId}`]: 'nej',
        [`motivering-${caseId}`]: 'Behoven kräver Ungdomstorgets samverkan',
        [`torget-${caseId}`]: 'on',
      },
    });
    expect(res.status).toBe(303);
    // then: stored with the decision, and the kommun's handläggare is offered the hand-over
    const decision = await eventually(() => db('beredning_decisions').where({ case_id: caseId }).first(), {
      what: 'decision row',
      timeoutMs: 30_000,
    });
    expect(decision).toMatchObject({ decision: 'nej', torg_should_take: true });
    expect(decoded(await (await vannas.request(`/arenden/${caseId}`)).text())).toContain(
      handoverSv.button('Ungdomstorget'),
    );
  });

  test('the beredning decision form lists the samtycke parties by their Swedish organisation names, the values stay the codes (seed 003)', async () => {
    // given: the Vännäs case's beredning task (samtycke: AF and Vännäs kommun)
    const { pik } = await kranskommunCase();
    const vannas = await app.login('vannas.handlaggare');
    const taskId = await beredningTaskId(pik);
    // when: the group opens the task form
    const page = decoded(await (await vannas.request(`/uppgifter/${taskId}`)).text());
    // then: the checklist's options carry the organisations' names
    const formData = JSON.parse(/<script[^>]*id="form-data"[^>]*>([^<]*)<\/script>/.exec(page)![1]!) as {
      partyGroups: { value: string; label: string }[];
    };
    expect(formData.partyGroups).toEqual([
      { value: 'af', label: 'Arbetsförmedlingen' },
      { value: 'vannas', label: 'Vännäs kommun' },
    ]);
  });

  test('when the hemkommun beredningsgrupp says nej, then the kommun hands the person over to the torg: a linked case with the samtycke, prepared by the torg group in Umeå, once on a double submit (seed 000)', async () => {
    // given: the Vännäs case, and its beredningsgrupp judges that the torg should take it
    const { caseId, pik } = await kranskommunCase();
    const vannas = await app.login('vannas.handlaggare');
    const before = decoded(await (await vannas.request(`/arenden/${caseId}`)).text());
    expect(before).not.toContain(handoverSv.heading); // nothing before the group has judged
    await decide(caseId, pik, {
      beredningDecision: 'nej',
      motivering: 'Behoven kräver Ungdomstorgets samverkan',
      torgetBorTa: true,
    });
    // when: the kommun's handläggare opens the case view and sends the hand-over twice
    const page = decoded(await (await vannas.request(`/arenden/${caseId}`)).text());
    expect(page).toContain(handoverSv.button('Ungdomstorget'));
    expect(page).toMatch(/<option value="arbetssokande" selected>/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const send = () =>
      vannas.request(`/arenden/${caseId}/overlamna-till-torget`, {
        method: 'POST',
        form: { _csrf: csrf, targetGroup: 'arbetssokande' },
      });
    const first = await send();
    const second = await send();
    // then: one new torg case, linked, with the kommun as referrer and the same samtycke
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const newId = first.headers.get('location')!.split('/').pop()!;
    expect(newId).not.toBe(caseId);
    const links = await db('cases').where({ previous_case_id: caseId });
    expect(links).toHaveLength(1);
    app.cancelAfterAll(String(links[0].process_instance_key));
    expect(links[0]).toMatchObject({
      case_id: newId,
      verksamhet: 'ungdomstorget',
      target_group: 'arbetssokande',
      referring_org: 'vannas',
      referring_user: 'vannas.handlaggare',
      requested_verksamhet: null,
    });
    const [oldConsent, newConsent] = await Promise.all([
      db('consents').where({ case_id: caseId }).first(),
      db('consents').where({ case_id: newId }).first(),
    ]);
    expect(newConsent).toMatchObject({
      parties: oldConsent.parties,
      data_categories: oldConsent.data_categories,
      valid_from: oldConsent.valid_from,
      valid_to: oldConsent.valid_to,
      withdrawn_at: null,
    });
    // the torg case goes through the criteria to Ungdomstorget's beredningsgrupp in Umeå, not back to Vännäs
    const agenda = await eventually(() => db('beredning_agenda').where({ case_id: newId }).first(), {
      what: 'torg agenda row',
      timeoutMs: 30_000,
    });
    expect(agenda.group_code).toBe('umea-ungdom');
    // the handläggare sees the hand-over on both cases
    expect(decoded(await (await vannas.request(`/arenden/${newId}`)).text())).toContain(handoverSv.done(newId));
    expect(decoded(await (await vannas.request(`/arenden/${caseId}`)).text())).toContain(handoverSv.handedOver(newId));
    expect(
      await db('case_events').where({ case_id: caseId, event_type: 'overlamnad-till-torget' }).count('* as n').first(),
    ).toMatchObject({ n: '1' });
  });

  test('when the hand-over is asked for by another party, without a målgrupp or with one the person is too old for, then it is refused with the Swedish reason and nothing is created (seed 000)', async () => {
    // given: a Vännäs case the beredningsgrupp said nej to
    const { caseId, pik } = await kranskommunCase();
    await decide(caseId, pik, { beredningDecision: 'nej', motivering: 'Torget', torgetBorTa: true });
    const vannas = await app.login('vannas.handlaggare');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await vannas.request(`/arenden/${caseId}`)).text())![1]!;
    // when: AF (the referrer, not the hemkommun) posts the hand-over
    const af = await app.login('af.handlaggare');
    const afPage = decoded(await (await af.request(`/arenden/${caseId}`)).text());
    expect(afPage).not.toContain(handoverSv.heading);
    const afCsrf = /name="_csrf" value="([^"]+)"/.exec(afPage)![1]!;
    const byAf = await af.request(`/arenden/${caseId}/overlamna-till-torget`, {
      method: 'POST',
      form: { _csrf: afCsrf, targetGroup: 'arbetssokande' },
    });
    expect(byAf.status).toBe(303);
    expect(decoded(await (await af.request(byAf.headers.get('location')!)).text())).toContain(handoverSv.notAllowed);
    // when: no målgrupp is chosen
    const none = await vannas.request(`/arenden/${caseId}/overlamna-till-torget`, {
      method: 'POST',
      form: { _csrf: csrf, targetGroup: '' },
    });
    expect(decoded(await (await vannas.request(none.headers.get('location')!)).text())).toContain(
      handoverSv.chooseTargetGroup,
    );
    // when: the chosen målgrupp is KAA (16–20 år) for a person of 22: the criteria are checked before anything is created
    const tooOld = await vannas.request(`/arenden/${caseId}/overlamna-till-torget`, {
      method: 'POST',
      form: { _csrf: csrf, targetGroup: 'kaa' },
    });
    expect(tooOld.headers.get('location')).toBe(`/arenden/${caseId}`);
    expect(decoded(await (await vannas.request(`/arenden/${caseId}`)).text())).toContain(
      handoverSv.criteriaNotMet('Åldern 22 år ligger utanför målgruppens ålder 16–20 år.'),
    );
    // then: no torg case exists
    expect(await db('cases').where({ previous_case_id: caseId })).toEqual([]);
  });
});
