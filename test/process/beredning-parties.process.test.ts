import { referCase, validReferral } from '../support/caseFixtures.js';
import { eventually } from '../support/harness.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';

describe('samverkan-case: the parties the beredningsgrupp recommends at a ja', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  test('a ja records which parties the group recommends, and only those get the kartläggning task (seed 003: "Beredningsgruppen rekommenderar vilket samarbete som behövs")', async () => {
    // given a samtycke for AF, försörjningsstöd and psykiatrin
    const { caseId, pik } = await referCase(
      t,
      validReferral({ consent: { ...validReferral().consent, parties: ['af', 'umea-fsd', 'region-psykiatri'] } }),
    );
    // when the group says ja and names AF and psykiatrin for the collaboration
    await t.inbox.complete(pik, 'UserTask_DecideBeredning', {
      beredningDecision: 'ja',
      recommendedParties: ['region-psykiatri', 'af'],
    });
    // then the kartläggning tasks are for those two parties only, one each
    const tasks = await t.inbox.waitFor(pik, 'UserTask_ContributeKartlaggning', { count: 2 });
    expect(tasks.map((task) => task.candidateGroups).sort()).toEqual([['af'], ['region-psykiatri']]);
    expect(await t.db('beredning_decisions').where({ case_id: caseId }).first()).toMatchObject({
      decision: 'ja',
      recommended_parties: ['af', 'region-psykiatri'],
    });
    await t.inbox.completeAll(pik, 'UserTask_ContributeKartlaggning', 2, () => ({
      bidragLamnat: true,
      foreslagenInriktning: 'arbetsinriktade',
    }));
    await t.inbox.waitFor(pik, 'UserTask_CallMeeting');
  });

  test('a ja that names a party outside the samtycke stops at the decision with an incident and creates no kartläggning task (seed 003, samtycke seed 000)', async () => {
    // given
    const { caseId, pik } = await referCase(t);
    // when the form is bypassed and FK, not under the samtycke, is named
    await t.inbox.complete(pik, 'UserTask_DecideBeredning', {
      beredningDecision: 'ja',
      recommendedParties: ['af', 'fk'],
    });
    // then the engine holds an incident on the decision step, and nothing was recorded
    const [incident] = await eventually(
      async () => {
        const found = await t.engine.incidents({ processInstanceId: pik });
        return found.length > 0 ? found : undefined;
      },
      { what: `an incident in ${pik}`, timeoutMs: 20_000 },
    );
    expect(incident!.activityId).toBe('Task_RecordBeredningDecision');
    expect(incident!.incidentMessage).toContain('fk');
    expect(await t.db('beredning_decisions').where({ case_id: caseId }).first()).toBeUndefined();
    expect(await t.inbox.openElementIds(pik)).not.toContain('UserTask_ContributeKartlaggning');
    await t.engine.cancelProcessInstance(pik);
  });
});
