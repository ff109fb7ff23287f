import { randomUUID } from 'node:crypto';

import { placeOnAgenda } from '../../src/repositories/caseWork.js';
import { allWorkers } from '../../workers/index.js';
import { aktualiseringFormFields } from '../support/builders.js';
import { referCase, seedCase, validReferral } from '../support/caseFixtures.js';
import { uniqueCaseId } from '../support/harness.js';
import { taskInReadModel } from './support/fixtures.js';
import { useApp } from './support/useApp.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('beredning: the referrer’s description of needs and the agenda', () => {
  const app = useApp({ workers: allWorkers, repositoryModels: true, caseNumbersFrom: 100_000 });
  const { db } = app;

  /** A case of Nordmaling's samordningsteam on the group's agenda of `meetingDate`, with its samtycke. */
  async function caseOnNordmalingAgenda(meetingDate: string, needsDescription: string | null) {
    const caseId = await seedCase(db, {
      caseId: uniqueCaseId('SV'),
      person: { birthYear: 1979, folkbokfordKommun: 'Nordmaling' },
      case: { verksamhet: 'st-nordmaling', targetGroup: 'vuxna', needsDescription },
      consent: { parties: ['af', 'nordmaling'], validFrom: inDays(-1), validTo: inDays(100) },
    });
    await placeOnAgenda(db, { caseId, groupCode: 'nordmaling', meetingDate });
    return caseId;
  }

  test('the aktualisering asks for the referrer’s description of needs, stores it in the app database and never as a process variable (seed 003, seed 000)', async () => {
    // given
    const af = await app.login('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const needs = `Behöver stöd mot arbete och hälsa, samordnat mellan AF och psykiatrin ${randomUUID()}`;
    // when: sent without a description, then with one
    const missing = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringFormFields(token, { needsDescription: '  ' }),
    });
    const sent = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringFormFields(token, { needsDescription: needs }),
    });
    // then: the first is refused with the Swedish message and what was typed kept; the second stores the text on the case only
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(html).toMatch(/<a href="#needsDescription">Beskrivning av personens behov<\/a>|needsDescription-error/);
    expect(html).toContain('Fältet måste fyllas i.');
    expect(html).toMatch(/name="informedOfConsent"[^>]*checked/);
    expect(sent.status).toBe(303);
    const caseId = sent.headers.get('location')!.split('/').pop()!;
    const row = await db('cases').where({ case_id: caseId }).first();
    app.cancelAfterAll(String(row.process_instance_key));
    expect(row.needs_description).toBe(needs);
    const variables = await app.engine.processVariables(String(row.process_instance_key));
    expect(JSON.stringify(variables)).not.toContain(needs.slice(0, 20));
  });

  test('the agenda shows per case the target group with its age band, the referring party, the description of needs and the samtycke scope, and nothing about the person (seed 003, seed 000)', async () => {
    // given
    const meetingDate = '2031-02-05';
    const caseId = await caseOnNordmalingAgenda(meetingDate, 'Behöver samordnat stöd mot studier.');
    const member = await app.login('nordmaling.handlaggare');
    // when
    const res = await member.request(`/beredning?grupp=nordmaling&datum=${meetingDate}`);
    // then
    expect(res.status).toBe(200);
    const html = await res.text();
    const section = html.slice(
      html.indexOf(`id="arende-${caseId}"`),
      html.indexOf('</section>', html.indexOf(`id="arende-${caseId}"`)),
    );
    const terms = [...section.matchAll(/<dt>([^<]+)<\/dt><dd[^>]*>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]);
    expect(terms).toEqual([
      ['Verksamhet', expect.any(String)],
      ['Målgrupp', expect.any(String)],
      ['Åldersgrupp', '25–65 år'],
      ['Aktualiserad av', 'Arbetsförmedlingen'],
      ['Aktualiserande handläggares beskrivning av behoven', 'Behöver samordnat stöd mot studier.'],
      ['Samtycket omfattar parterna', expect.stringMatching(/^Arbetsförmedlingen, .*Nordmaling/)],
      ['Samtycket omfattar uppgifterna', 'Kartläggning och bedömning, Planering och samverkansplan'],
      ['Samtycke till och med', inDays(100)],
    ]);
    expect(section).not.toContain('1979');
    expect(section).not.toContain('af.handlaggare');
  });

  test('a ja on the agenda names at least one party, only parties under the samtycke, and those parties get the kartläggning task (seed 003)', async () => {
    // given: a Nordmaling resident aktualiserad by AF to Nordmaling's samordningsteam, with a samtycke for AF and the kommun
    const { caseId, pik } = await referCase(
      app,
      validReferral({
        verksamhet: 'st-nordmaling',
        targetGroup: 'vuxna',
        needsDescription: 'Behöver stöd.',
        person: { folkbokfordKommun: 'Nordmaling' },
        consent: { ...validReferral().consent, parties: ['af', 'nordmaling'] },
      }),
    );
    app.cancelAfterAll(pik);
    await taskInReadModel(db, { case_id: caseId, element_id: 'UserTask_DecideBeredning', state: 'open' });
    const { meeting_date: meetingDate } = await db('beredning_agenda')
      .where({ case_id: caseId })
      .first(db.raw(`to_char(meeting_date, 'YYYY-MM-DD') as meeting_date`));
    const member = await app.login('nordmaling.handlaggare');
    const token = await member.csrfFrom(`/beredning?grupp=nordmaling&datum=${meetingDate}`);
    // the group's choice starts from every party under the samtycke
    const agenda = await (await member.request(`/beredning?grupp=nordmaling&datum=${meetingDate}`)).text();
    expect(agenda).toMatch(new RegExp(`name="parter-${caseId}" value="af" checked`));
    expect(agenda).toMatch(new RegExp(`name="parter-${caseId}" value="nordmaling" checked`));
    const post = (parties: string[]) => {
      const body = new URLSearchParams({
        _csrf: token,
        grupp: 'nordmaling',
        datum: meetingDate,
        arende: caseId,
        [`beslut-${caseId}`]: 'ja',
      });
      for (const p of parties) body.append(`parter-${caseId}`, p);
      return member.request('/beredning/beslut', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    };
    // when: none, then one outside the samtycke
    const none = await post([]);
    const outside = await post(['af', 'fk']);
    // then: refused with the Swedish reason and the choice kept, nothing decided
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Välj minst en part som ska ingå i samverkan.');
    expect(outside.status).toBe(422);
    const html = await outside.text();
    expect(html).toContain('Välj bara parter som samtycket omfattar.');
    expect(html).toMatch(new RegExp(`name="parter-${caseId}" value="af" checked`));
    expect(html).toMatch(new RegExp(`name="parter-${caseId}" value="nordmaling"(?! checked)[^>]*>`));
    expect(await db('beredning_decisions').where({ case_id: caseId }).first()).toBeUndefined();
    // when: the group names the kommun only
    const ok = await post(['nordmaling']);
    // then: the decision is recorded with that party, and the kartläggning task is the kommun's alone
    expect(ok.status).toBe(303);
    const task = await taskInReadModel(db, { case_id: caseId, element_id: 'UserTask_ContributeKartlaggning' });
    expect(task).toMatchObject({ state: 'open' });
    expect(await db('beredning_decisions').where({ case_id: caseId }).first()).toMatchObject({
      decision: 'ja',
      recommended_parties: ['nordmaling'],
    });
    const kartlaggning = await app.engine.tasks({
      processInstanceId: pik,
      taskDefinitionKey: 'UserTask_ContributeKartlaggning',
    });
    expect(await Promise.all(kartlaggning.map((k) => app.engine.taskCandidateGroups(k.id)))).toEqual([['nordmaling']]);
  });
});
