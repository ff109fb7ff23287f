import { randomUUID } from 'node:crypto';

import { stockholmDateOf } from '../../src/domain/calendar.js';
import { insertPlan, placeOnAgenda } from '../../src/repositories/caseWork.js';
import { aktualiseringFormFields, testPersonnummer } from '../support/builders.js';
import { seedCase } from '../support/caseFixtures.js';
import { uniqueCaseId } from '../support/harness.js';
import { useApp } from './support/useApp.js';

const personnummer = (year: number) => testPersonnummer(year);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** A valid personnummer of a person who turns `age` on the day after today (Stockholm). */
function turnsTomorrow(age: number): string {
  const [y, m, d] = stockholmDateOf().split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1));
  return testPersonnummer(tomorrow.getUTCFullYear() - age, {
    month: tomorrow.getUTCMonth() + 1,
    day: tomorrow.getUTCDate(),
  });
}

describe('start forms and the beredning agenda', () => {
  const app = useApp({ repositoryModels: true, caseNumbersFrom: 100_000 });
  const { db } = app;
  const loggedIn = (username: string) => app.login(username);

  const aktualiseringForm = (token: string, key: string, overrides: Record<string, string> = {}) =>
    aktualiseringFormFields(token, {
      idempotencyKey: key,
      kon: 'M',
      needsDescription: 'Behöver samordnat stöd mot arbete.',
      ...overrides,
    });

  test('when the same aktualisering is submitted twice with its idempotency key, then one case is created and both answers lead to it', async () => {
    // given
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const form = aktualiseringForm(token, randomUUID());
    const casesOfAf = async () =>
      Number((await db('cases').where({ referring_user: 'af.handlaggare' }).count<{ n: string }[]>('* as n'))[0]!.n);
    const before = await casesOfAf();
    // when
    const first = await af.request('/aktualisera/vuxentorget', { method: 'POST', form });
    const second = await af.request('/aktualisera/vuxentorget', { method: 'POST', form });
    // then
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const caseId = first.headers.get('location')!.split('/').pop()!;
    expect(second.headers.get('location')).toBe(`/arenden/${caseId}`);
    const row = await db('cases').where({ case_id: caseId }).first();
    expect(row).toMatchObject({ referring_org: 'af', referring_user: 'af.handlaggare', verksamhet: 'vuxentorget' });
    app.cancelAfterAll(String(row.process_instance_key));
    expect(await casesOfAf()).toBe(before + 1);
    expect((await db('consents').where({ case_id: caseId }).first()).parties).toEqual(['af']);
  });

  test('when the samtycke leaves out the own organisation and the dates are reversed, then 422 with Swedish messages and the typed values', async () => {
    // given
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/ungdomstorget');
    // when
    const res = await af.request('/aktualisera/ungdomstorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID(), {
        parties: 'fk',
        validFrom: inDays(10),
        validTo: inDays(5),
        targetGroup: 'sammansatt',
      }),
    });
    // then
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Din egen organisation måste ingå i samtycket.');
    expect(html).toContain('Slutdatumet måste vara samma dag som eller efter startdatumet.');
    expect(html).toMatch(/name="parties" value="fk" checked/);
    expect(html).toContain(`value="${inDays(5)}"`);
  });

  const caseCount = async () => Number((await db('cases').count<{ n: string }[]>('* as n'))[0]!.n);

  test('criteria are checked when the start form is submitted, before a case exists; the Swedish reason is shown with everything typed kept (seed 000)', async () => {
    // given: a person who turns 25 tomorrow, aktualiserad to Vuxentorget (25–65 år) today
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const pnr = turnsTomorrow(25);
    const before = await caseCount();
    // when
    const res = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID(), { personnummer: pnr }),
    });
    // then: no case, the reason names the age from the full date of birth, the form keeps what was typed
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Aktualiseringen kan inte göras');
    expect(html).toContain('Åldern 24 år ligger utanför målgruppens ålder 25–65 år.');
    expect(html).toContain(`value="${pnr}"`);
    expect(html).toMatch(/name="parties" value="af" checked/);
    expect(html).toMatch(/name="informedOfConsent"[^>]*checked/);
    expect(await caseCount()).toBe(before);
  });

  test('age is counted from the full date of birth on the day of the aktualisering: the day a person turns 25 they may be aktualiserad to Vuxentorget (seed 000)', async () => {
    // given: born 25 years ago today
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const [y, m, d] = stockholmDateOf().split('-').map(Number) as [number, number, number];
    const pnr = testPersonnummer(y - 25, { month: m, day: d });
    // when
    const res = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID(), { personnummer: pnr }),
    });
    // then
    expect(res.status).toBe(303);
    const row = await db('cases')
      .where({ case_id: res.headers.get('location')!.split('/').pop()! })
      .first();
    app.cancelAfterAll(String(row.process_instance_key));
    expect(row).toMatchObject({ verksamhet: 'vuxentorget', informed_of_consent: true });
  });

  test('the confirmation "informerad om vad ett samtycke till samverkan innebär" is its own field and required (seed 000)', async () => {
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const form: Record<string, string> = aktualiseringForm(token, randomUUID());
    delete form.informedOfConsent;
    const before = await caseCount();
    const res = await af.request('/aktualisera/vuxentorget', { method: 'POST', form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Jag har informerat personen om vad ett samtycke till samverkan innebär: Kryssa i rutan.');
    expect(await caseCount()).toBe(before);
  });

  test('a kranskommun resident aktualiserad to a torg goes first to the hemkommun samordningsteam, and the receipt page says so (seed 000)', async () => {
    // given: AF aktualiserar a person folkbokförd in Vännäs to Vuxentorget
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    // when
    const res = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID(), { folkbokfordKommun: 'Vännäs' }),
    });
    // then: the case is Samordningsteamet Vännäs's, with the torg that was asked for recorded
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const row = await db('cases')
      .where({ case_id: location.split('/').pop()! })
      .first();
    app.cancelAfterAll(String(row.process_instance_key));
    expect(row).toMatchObject({ verksamhet: 'st-vannas', target_group: 'vuxna', requested_verksamhet: 'vuxentorget' });
    const receipt = await (await af.request(location)).text();
    expect(receipt).toContain(
      'inte hos Vuxentorget: personen är folkbokförd i en kranskommun och aktualiseras först till hemkommunens beredningsgrupp',
    );
  });

  test('who may aktualisera to which verksamhet follows seed 001: Viva may not aktualisera to Ungdomstorget, the Vännäs beredningsgrupp may refer to the torg (seed 001)', async () => {
    const viva = await loggedIn('viva.handlaggare');
    expect((await viva.request('/aktualisera/ungdomstorget')).status).toBe(403);
    const chooser = await (await viva.request('/starta')).text();
    expect(chooser).toContain('/aktualisera/vuxentorget');
    expect(chooser).not.toContain('/aktualisera/ungdomstorget');
    // the kranskommun's own beredningsgrupp refers its resident on to the torg: the case stays with the torg
    const vannas = await loggedIn('vannas.handlaggare');
    const token = await vannas.csrfFrom('/aktualisera/vuxentorget');
    const res = await vannas.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID(), { folkbokfordKommun: 'Vännäs', parties: 'vannas' }),
    });
    expect(res.status).toBe(303);
    const row = await db('cases')
      .where({ case_id: res.headers.get('location')!.split('/').pop()! })
      .first();
    app.cancelAfterAll(String(row.process_instance_key));
    expect(row).toMatchObject({ verksamhet: 'vuxentorget', requested_verksamhet: null, referring_org: 'vannas' });
  });

  test('an ended case can be aktualiserad again from the case view, linked to the old case (seed 001)', async () => {
    // given an ended case of AF
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const pnr = personnummer(1980);
    const first = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID(), { personnummer: pnr }),
    });
    const oldId = first.headers.get('location')!.split('/').pop()!;
    const old = await db('cases').where({ case_id: oldId }).first();
    app.cancelAfterAll(String(old.process_instance_key));
    await app.engine.cancelProcessInstance(String(old.process_instance_key)).catch(() => undefined);
    await db('cases')
      .where({ case_id: oldId })
      .update({ status: 'avslutad', avslutsorsak: 'arbete', end_date: inDays(0) });
    // when the handläggare follows the link on the case view and sends the form
    const view = await (await af.request(`/arenden/${oldId}`)).text();
    expect(view).toContain(`href="/aktualisera/vuxentorget?tidigare=${oldId}"`);
    const form = await (await af.request(`/aktualisera/vuxentorget?tidigare=${oldId}`)).text();
    expect(form).toContain(`name="previousCaseId" value="${oldId}"`);
    const again = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(await af.csrfFrom(`/aktualisera/vuxentorget?tidigare=${oldId}`), randomUUID(), {
        personnummer: pnr,
        previousCaseId: oldId,
      }),
    });
    // then a new case linked to the old one
    expect(again.status).toBe(303);
    const newId = again.headers.get('location')!.split('/').pop()!;
    expect(newId).not.toBe(oldId);
    const row = await db('cases').where({ case_id: newId }).first();
    app.cancelAfterAll(String(row.process_instance_key));
    expect(row).toMatchObject({ previous_case_id: oldId, verksamhet: 'vuxentorget' });
  });

  test('the ärendebärare is warned on the case view when a party under the samtycke has no step in the plan (seed 001)', async () => {
    // given a case of AF with a samtycke for AF and FK, and a plan with a step for AF only
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const res = await af.request('/aktualisera/vuxentorget', {
      method: 'POST',
      form: aktualiseringForm(token, randomUUID()),
    });
    const caseId = res.headers.get('location')!.split('/').pop()!;
    const row = await db('cases').where({ case_id: caseId }).first();
    app.cancelAfterAll(String(row.process_instance_key));
    await db('consents')
      .where({ case_id: caseId })
      .update({ parties: ['af', 'fk'] });
    await insertPlan(db, {
      caseId,
      arendebarareOrg: 'af',
      inriktning: 'arbetsinriktade',
      steps: [{ party: 'af', description: 'Jobbspår', dueDate: inDays(30) }],
      jobKey: randomUUID(),
    });
    // when the ärendebärare opens the case
    const view = await (await af.request(`/arenden/${caseId}`)).text();
    // then
    expect(view).toContain('Parter i samtycket utan eget steg i planen: Försäkringskassan.');
  });

  test('when a samordnare or a styrgrupp member posts an aktualisering, then it is refused (only handläggare of a party aktualiserar)', async () => {
    for (const username of ['samordnare', 'styrgrupp']) {
      const c = await loggedIn(username);
      const token = await c.csrfFrom('/uppgifter').catch(() => c.csrfFrom('/styrgrupp/bokslut'));
      const res = await c.request('/aktualisera/vuxentorget', {
        method: 'POST',
        form: aktualiseringForm(token, randomUUID()),
      });
      expect([username, res.status]).toEqual([username, 403]);
    }
  });

  test('when the agenda is opened, then only cases with a samtycke in force are listed, and only for members of the group', async () => {
    // given: two cases on the same meeting of Vuxentorget's group in Umeå, one with a withdrawn samtycke
    const meetingDate = inDays(3);
    const ids: string[] = [];
    for (const withdrawn of [false, true]) {
      const caseId = await seedCase(db, {
        caseId: uniqueCaseId('SV'),
        consent: { parties: ['af'], dataCategories: ['kartlaggning'], validFrom: inDays(-1), validTo: inDays(100) },
      });
      if (withdrawn)
        await db('consents')
          .where({ case_id: caseId })
          .update({ withdrawn_at: new Date(), withdrawn_by: 'af.handlaggare' });
      await placeOnAgenda(db, { caseId, groupCode: 'umea-vuxen', meetingDate });
      ids.push(caseId);
    }
    // when
    const samordnare = await loggedIn('samordnare');
    const agenda = await (await samordnare.request(`/beredning?grupp=umea-vuxen&datum=${meetingDate}`)).text();
    const af = await loggedIn('af.handlaggare');
    const notMember = await af.request(`/beredning?grupp=umea-vuxen&datum=${meetingDate}`);
    const otherGroup = await samordnare.request(`/beredning?grupp=vannas&datum=${meetingDate}`);
    // then
    expect(agenda).toContain(`id="arende-${ids[0]}"`);
    expect(agenda).not.toContain(ids[1]!);
    expect(notMember.status).toBe(200);
    expect(await notMember.text()).toContain('Du är inte med i någon beredningsgrupp.');
    expect(otherGroup.status).toBe(403);
  });
});
