import { randomUUID } from 'node:crypto';
import { insertCase, insertConsent, upsertPerson } from '../../src/repositories/cases.js';
import { placeOnAgenda } from '../../src/repositories/caseWork.js';
import { uniqueCaseId } from '../support/harness.js';
import { deployRepository } from './support/fixtures.js';
import { useApp } from './support/useApp.js';

/** A valid (Luhn) test personnummer born in `year`. */
function personnummer(year: number): string {
  const base = `${year}0101${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(base.slice(2)[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${base}${(10 - (sum % 10)) % 10}`;
}
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('start forms and the beredning agenda', () => {
  const started: string[] = [];
  const app = useApp({
    setup: async ({ db, engine }) => {
      await db.raw(`select setval('case_number_seq', ?)`, [100_000 + Math.floor(Math.random() * 800_000)]);
      await deployRepository(db, engine);
    },
    teardown: async ({ engine }) => {
      for (const id of started) await engine.cancelProcessInstance(id).catch(() => undefined);
    },
  });
  const { db } = app;
  const loggedIn = (username: string) => app.login(username);

  function aktualiseringForm(token: string, key: string, overrides: Record<string, string> = {}) {
    return {
      _csrf: token, idempotencyKey: key, personnummer: personnummer(1990), kon: 'M', folkbokfordKommun: 'Umeå', targetGroup: 'sammansatt',
      informedOfAim: 'on', readyForChange: 'on', parties: 'af', dataCategories: 'kartlaggning', validFrom: inDays(0), validTo: inDays(200),
      textVersion: '2026-1', signedCopyGiven: 'on', ...overrides,
    };
  }

  test('when the same aktualisering is submitted twice with its idempotency key, then one case is created and both answers lead to it', async () => {
    // given
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/vuxentorget');
    const form = aktualiseringForm(token, randomUUID());
    const casesOfAf = async () => Number((await db('cases').where({ referring_user: 'af.handlaggare' }).count<{ n: string }[]>('* as n'))[0]!.n);
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
    started.push(String(row.process_instance_key));
    expect(await casesOfAf()).toBe(before + 1);
    expect((await db('consents').where({ case_id: caseId }).first()).parties).toEqual(['af']);
  });

  test('when the samtycke leaves out the own organisation and the dates are reversed, then 422 with Swedish messages and the typed values', async () => {
    // given
    const af = await loggedIn('af.handlaggare');
    const token = await af.csrfFrom('/aktualisera/ungdomstorget');
    // when
    const res = await af.request('/aktualisera/ungdomstorget', { method: 'POST', form: aktualiseringForm(token, randomUUID(), { parties: 'fk', validFrom: inDays(10), validTo: inDays(5), targetGroup: 'sammansatt' }) });
    // then
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Din egen organisation måste ingå i samtycket.');
    expect(html).toContain('Slutdatumet måste vara samma dag som eller efter startdatumet.');
    expect(html).toMatch(/name="parties" value="fk" checked/);
    expect(html).toContain(`value="${inDays(5)}"`);
  });

  test('when a samordnare or a styrgrupp member posts an aktualisering, then it is refused (only handläggare of a party aktualiserar)', async () => {
    for (const username of ['samordnare', 'styrgrupp']) {
      const c = await loggedIn(username);
      const token = await c.csrfFrom('/uppgifter').catch(() => c.csrfFrom('/styrgrupp/bokslut'));
      const res = await c.request('/aktualisera/vuxentorget', { method: 'POST', form: aktualiseringForm(token, randomUUID()) });
      expect([username, res.status]).toEqual([username, 403]);
    }
  });

  test('when the agenda is opened, then only cases with a samtycke in force are listed, and only for members of the group', async () => {
    // given: two cases on the same Umeå meeting, one with a withdrawn samtycke
    const meetingDate = inDays(3);
    const ids: string[] = [];
    for (const withdrawn of [false, true]) {
      const caseId = uniqueCaseId('SV');
      const personId = await upsertPerson(db, { personnummerEnc: 'v1:x', personnummerHmac: randomUUID(), kon: 'K', birthYear: 1990, folkbokfordKommun: 'Umeå', skyddad: false });
      await insertCase(db, { caseId, personId, verksamhet: 'vuxentorget', targetGroup: 'sammansatt', referringOrg: 'af', referringUser: 'af.handlaggare', informedOfAim: true, readyForChange: true });
      await insertConsent(db, { caseId, parties: ['af'], dataCategories: ['kartlaggning'], validFrom: inDays(-1), validTo: inDays(100), signedCopyGiven: true, textVersion: '2026-1' });
      if (withdrawn) await db('consents').where({ case_id: caseId }).update({ withdrawn_at: new Date(), withdrawn_by: 'af.handlaggare' });
      await placeOnAgenda(db, { caseId, groupCode: 'umea', meetingDate });
      ids.push(caseId);
    }
    // when
    const samordnare = await loggedIn('samordnare');
    const agenda = await (await samordnare.request(`/beredning?grupp=umea&datum=${meetingDate}`)).text();
    const af = await loggedIn('af.handlaggare');
    const notMember = await af.request(`/beredning?grupp=umea&datum=${meetingDate}`);
    const otherGroup = await samordnare.request(`/beredning?grupp=vannas&datum=${meetingDate}`);
    // then
    expect(agenda).toContain(`id="arende-${ids[0]}"`);
    expect(agenda).not.toContain(ids[1]!);
    expect(notMember.status).toBe(200);
    expect(await notMember.text()).toContain('Du är inte med i någon beredningsgrupp.');
    expect(otherGroup.status).toBe(403);
  });
});
