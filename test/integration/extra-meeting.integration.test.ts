import { startEtablering } from '../../src/services/cases.js';
import { deployProcess, repositoryModels } from '../../src/services/deployment.js';
import { extraMeetingSv } from '../../src/ui/extraMeetingTexts.sv.js';
import { sv } from '../../src/ui/texts.sv.js';
import { engineDate, testPersonnummer } from '../support/caseFixtures.js';
import { eventually } from '../support/harness.js';
import { UserTaskInbox } from '../support/userTasks.js';
import { useApp } from './support/useApp.js';

/** The HTML's text with entities of the Swedish letters and quotes decoded, for comparing with a text constant. */
const decoded = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('etablering: "Vid behov initieras ytterligare träffar" (seed 003) from the case view', () => {
  const t = useApp({
    setup: async ({ db, engine }) => {
      const model = repositoryModels().find((m) => m.processId === 'etablering-meetings')!;
      await deployProcess(db, engine, {
        processId: model.processId,
        bpmn: model.bpmn,
        deployedBy: 'test',
        comment: null,
      });
    },
  });

  async function givenEtablering() {
    const caseId = await startEtablering(t, {
      person: { personnummer: testPersonnummer(1990), kon: 'K', folkbokfordKommun: 'Umeå' },
      programmeEndDate: await engineDate(700),
    });
    const pik = String((await t.db('routine_cases').where({ case_id: caseId }).first()).process_instance_key);
    return { caseId, pik };
  }

  async function formOf(client: Awaited<ReturnType<typeof t.login>>, caseId: string) {
    const page = decoded(await (await client.request(`/arenden/${caseId}`)).text());
    const key = /name="key" value="([^"]+)"/.exec(page)?.[1];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    return { page, key, csrf };
  }

  async function flashAfter(client: Awaited<ReturnType<typeof t.login>>, res: Response) {
    expect(res.status).toBe(303);
    return decoded(await (await client.request(res.headers.get('location')!)).text());
  }

  test('when AF asks for an extra meeting on the case view and the form is sent twice, then one extra meeting is started and the second send says so', async () => {
    // given
    const { caseId, pik } = await givenEtablering();
    const af = await t.login('af.handlaggare');
    const { page, key, csrf } = await formOf(af, caseId);
    expect(page).toContain(extraMeetingSv.button);
    // when
    const send = () =>
      af.request(`/arenden/${caseId}/extra-traff`, { method: 'POST', form: { _csrf: csrf!, key: key! } });
    const first = await flashAfter(af, await send());
    const second = await flashAfter(af, await send());
    // then
    expect(first).toContain(extraMeetingSv.requested);
    expect(second).toContain(extraMeetingSv.alreadyRequested);
    expect(second).toContain(sv.cases.eventLabels['extra-traff-begard']); // on the timeline
    const inbox = new UserTaskInbox(t.engine);
    await eventually(async () => (await inbox.openElementIds(pik)).includes('UserTask_ExtraMeeting'), {
      what: 'extra meeting task',
    });
    expect(await inbox.openElementIds(pik)).toEqual(['UserTask_ExtraMeeting', 'UserTask_Kt1Registration']);
    expect(
      await t.db('case_events').where({ case_id: caseId, event_type: 'extra-traff-begard' }).count('* as n').first(),
    ).toMatchObject({ n: '1' });
    expect(
      await t
        .db('audit_log')
        .where({ case_id: caseId, action: 'request-extra-meeting', username: 'af.handlaggare' })
        .count('* as n')
        .first(),
    ).toMatchObject({ n: '1' });
    await t.engine.cancelProcessInstance(pik);
  });

  test('when the etablering has ended, then the case view offers no request and a request sent anyway is refused in Swedish; another organisation gets 404', async () => {
    // given
    const { caseId, pik } = await givenEtablering();
    const af = await t.login('af.handlaggare');
    const { key, csrf } = await formOf(af, caseId);
    await t.engine.cancelProcessInstance(pik);
    await t.db('routine_cases').where({ case_id: caseId }).update({ status: 'avslutad' });
    // when
    const late = await af.request(`/arenden/${caseId}/extra-traff`, {
      method: 'POST',
      form: { _csrf: csrf!, key: key! },
    });
    const fk = await t.login('fk.handlaggare');
    const fkCsrf = await fk.csrfFrom('/uppgifter');
    const other = await fk.request(`/arenden/${caseId}/extra-traff`, {
      method: 'POST',
      form: { _csrf: fkCsrf, key: key! },
    });
    // then
    expect(await flashAfter(af, late)).toContain(extraMeetingSv.ended);
    expect((await formOf(af, caseId)).page).not.toContain(extraMeetingSv.button);
    expect(other.status).toBe(404);
    expect(
      await t.db('case_events').where({ case_id: caseId, event_type: 'extra-traff-begard' }).count('* as n').first(),
    ).toMatchObject({ n: '0' });
  });
});
