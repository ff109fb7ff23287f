import { recordEvent } from '../../src/repositories/cases.js';
import { seedCase } from '../support/caseFixtures.js';
import { uniqueCaseId } from '../support/harness.js';
import { useApp } from './support/useApp.js';

describe('case view', () => {
  const t = useApp();
  const { db } = t;

  async function givenCase(parties: string[]) {
    const caseId = await seedCase(db, {
      caseId: uniqueCaseId('SV'),
      person: { personnummerEnc: 'v1:PNR-CIPHERTEXT-MARKER', birthYear: 1999, folkbokfordKommun: 'umea' },
      case: { targetGroup: 'x', referringOrg: 'region-psykiatri', referringUser: 'psykiatri.handlaggare' },
      consent: {
        parties,
        dataCategories: ['beslut'],
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        textVersion: 'v1',
      },
    });
    await recordEvent(db, { caseId, type: 'aktualiserad', dedupeKey: caseId });
    return caseId;
  }

  test('when a party under the samtycke opens the case, then the timeline shows and the read is logged; another organisation gets 404', async () => {
    // given
    const caseId = await givenCase(['region-psykiatri', 'af']);
    const af = await t.login('af.handlaggare');
    const fk = await t.login('fk.handlaggare');
    // when
    const page = await af.request(`/arenden/${caseId}`);
    const other = await fk.request(`/arenden/${caseId}`);
    // then
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Aktualiserad');
    expect(body).not.toContain('PNR-CIPHERTEXT-MARKER');
    expect(body).toContain('id="case-diagram-data"'); // the model for the bpmn-js viewer, with the path taken
    expect(other.status).toBe(404);
    expect(
      await db('audit_log')
        .where({ case_id: caseId, action: 'read', username: 'af.handlaggare' })
        .count('* as n')
        .first(),
    ).toMatchObject({ n: '1' });
  });
});
