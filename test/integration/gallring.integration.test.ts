import { recordEvent } from '../../src/repositories/cases.js';
import { casesWithConsentExpiringSoon, flagExpiringConsents } from '../../src/services/consentExpiry.js';
import { GALLRAD, runGallring } from '../../src/services/gallring.js';
import { seedCase, seedCaseRows } from '../support/caseFixtures.js';
import { connect, uniqueCaseId } from '../support/harness.js';

describe('gallring and samtycke expiry', () => {
  const { db, close } = connect();
  afterAll(() => close());

  async function givenEndedCase(endDate: string) {
    const { caseId, personId } = await seedCaseRows(db, {
      caseId: uniqueCaseId('SV'),
      person: { kon: 'M', birthYear: 1980 },
      consent: {
        parties: ['af'],
        dataCategories: ['beslut'],
        validFrom: '2015-01-01',
        validTo: '2016-12-31',
        textVersion: 'v1',
      },
    });
    await db('beredning_decisions').insert({
      case_id: caseId,
      group_code: 'umea-vuxen',
      meeting_date: '2015-02-03',
      decision: 'ja',
      motivering: 'fritext om personen',
    });
    await db('cases').where({ case_id: caseId }).update({
      status: 'avslutad',
      start_date: '2015-02-03',
      end_date: endDate,
      avslutsorsak: 'arbete',
      forsorjning: 'sjukpenning',
      arendebarare_reason: 'AF bär planen till mars',
    });
    await recordEvent(db, { caseId, type: 'avslutad', dedupeKey: caseId, details: { note: 'detalj' } });
    return { caseId, personId };
  }

  test('when a case ended more than GALLRING_YEARS ago, then personnummer, birth data and free text go, the bokslut fields stay and gallring_log says what was done; a dry run changes nothing', async () => {
    // given
    const old = await givenEndedCase('2019-06-30');
    const recent = await givenEndedCase('2024-06-30');
    // when
    const dry = await runGallring(db, { years: 5, dryRun: true, today: '2026-11-23' });
    const afterDry = await db('persons').where({ person_id: old.personId }).first();
    const real = await runGallring(db, { years: 5, dryRun: false, today: '2026-11-23' });
    const again = await runGallring(db, { years: 5, dryRun: false, today: '2026-11-23' });
    // then
    expect(dry.items.map((i) => i.caseId)).toContain(old.caseId);
    expect(dry.items.map((i) => i.caseId)).not.toContain(recent.caseId);
    expect(afterDry.personnummer_enc).not.toBeNull();
    expect(real.items.map((i) => i.caseId)).toContain(old.caseId);
    expect(again.items.map((i) => i.caseId)).not.toContain(old.caseId);
    const person = await db('persons').where({ person_id: old.personId }).first();
    expect(person).toMatchObject({
      personnummer_enc: null,
      personnummer_hmac: null,
      birth_year: null,
      folkbokford_kommun: null,
      kon: 'M',
    });
    const c = await db('cases').where({ case_id: old.caseId }).first();
    expect(c).toMatchObject({
      verksamhet: 'vuxentorget',
      status: 'avslutad',
      avslutsorsak: 'arbete',
      referring_user: GALLRAD,
      forsorjning: 'sjukpenning', // a code, kept
      arendebarare_reason: null, // free text, removed
    });
    expect(c.start_date).not.toBeNull();
    expect(c.gallrad_at).not.toBeNull();
    expect((await db('beredning_decisions').where({ case_id: old.caseId }).first()).motivering).toBe(GALLRAD);
    expect((await db('case_events').where({ case_id: old.caseId }).first()).details).toEqual({});
    expect(
      await db('gallring_log').where({ case_id: old.caseId, dry_run: false }).count('* as n').first(),
    ).toMatchObject({ n: '1' });
    expect((await db('persons').where({ person_id: recent.personId }).first()).personnummer_enc).not.toBeNull();
    console.log(
      `[gallring] dry run ${dry.items.length} cases / ${dry.persons} persons; real ${real.items.length} cases / ${real.persons} persons`,
    );
  });

  test('when a running case has a samtycke lapsing within 30 days, then it is listed and flagged once with a timeline event', async () => {
    // given
    const caseId = await seedCase(db, {
      caseId: uniqueCaseId('SV'),
      consent: {
        parties: ['af'],
        dataCategories: ['beslut'],
        validFrom: '2026-01-01',
        validTo: '2026-12-10',
        textVersion: 'v1',
      },
    });
    // when
    const listed = await casesWithConsentExpiringSoon(db, { today: '2026-11-23' });
    const first = await flagExpiringConsents(db, { today: '2026-11-23' });
    const second = await flagExpiringConsents(db, { today: '2026-11-24' });
    // then
    expect(listed.map((r) => r.case_id)).toContain(caseId);
    expect(first).toContain(caseId);
    expect(second).not.toContain(caseId);
    expect(
      await db('case_events').where({ case_id: caseId, event_type: 'samtycke-loper-ut-snart' }).count('* as n').first(),
    ).toMatchObject({ n: '1' });
  });
});
