import { type BokslutReport, customPeriod, type Rad, RADER } from '../../src/domain/bokslut.js';
import type { OrgCode } from '../../src/domain/organisations.js';
import { logger } from '../../src/logger.js';
import { bokslutFromDatabase } from '../../src/services/bokslut.js';
import { loadDashboard } from '../../src/services/dashboard.js';
import { startTaskSync, type TaskSync } from '../../src/services/taskReadModel.js';
import { completeTask } from '../../src/services/tasks.js';
import { fieldTexts } from '../../src/ui/errorTexts.sv.js';
import { ended, engineDate } from '../support/caseFixtures.js';
import { type DrivenCase, driveParticipant, type Participant } from '../support/driveCase.js';
import { eventually } from '../support/harness.js';
import { startTestbed, type Testbed } from '../support/processTestbed.js';

/** Counts per verksamhet, rad and kön, so two reports of the same period can be subtracted. */
function counts(r: BokslutReport): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of r.tables)
    for (const rad of RADER)
      for (const k of ['K', 'M', 'T'] as const) m.set(`${t.verksamhet}.${rad}.${k}`, t.rader[rad][k]);
  return m;
}

describe('samverkan-case → socialt bokslut: participations that went through the real process are counted from the database', () => {
  let t: Testbed;
  beforeAll(async () => {
    t = await startTestbed();
  });
  afterAll(() => t.stop());

  test('when a handful of participants are driven from aktualisering to avslut, then the bokslut from the database counts each as deltagare, ny, avslutad and by avslutsorsak', async () => {
    // given: the engine's date now; every participation of this test starts and ends after it
    const from = await engineDate();
    const participants: Participant[] = [
      { verksamhet: 'ungdomstorget', kon: 'K', avslutsorsak: 'arbete' },
      { verksamhet: 'ungdomstorget', kon: 'M', avslutsorsak: 'studier' },
      { verksamhet: 'vuxentorget', kon: 'K', avslutsorsak: 'avbrott_halsa' },
      { verksamhet: 'vuxentorget', kon: 'M', avslutsorsak: 'fortsatt_rehab', daysInSamverkan: 45 },
    ];
    // a far end, so the "before" report covers the same period as the "after" one
    const period = customPeriod(from, `${Number(from.slice(0, 4)) + 2}-12-31`);
    const before = counts(await bokslutFromDatabase(t.db, period));

    // when
    const driven: DrivenCase[] = [];
    for (const p of participants) driven.push(await driveParticipant(t, p));

    // then: the database holds them as the bokslut reads them
    for (const d of driven) expect(d.startDate >= from && d.endDate > d.startDate).toBe(true);
    const after = counts(await bokslutFromDatabase(t.db, period));
    const delta = (key: `${string}.${Rad}.${'K' | 'M' | 'T'}`) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    for (const [i, p] of participants.entries()) {
      const same = participants
        .slice(0, i + 1)
        .filter((q) => q.verksamhet === p.verksamhet && q.kon === p.kon && q.avslutsorsak === p.avslutsorsak).length;
      expect({ p, n: delta(`${p.verksamhet}.${p.avslutsorsak}.${p.kon}`) }).toEqual({ p, n: same });
    }
    for (const v of ['ungdomstorget', 'vuxentorget']) {
      for (const rad of ['deltagare', 'nya', 'avslutade'] as const)
        expect({ v, rad, n: delta(`${v}.${rad}.T`) }).toEqual({ v, rad, n: 2 });
      for (const k of ['K', 'M'] as const) expect(delta(`${v}.deltagare.${k}`)).toBe(1);
    }
    expect(delta('ungdomstorget.positiv.T')).toBe(2);
    expect(delta('vuxentorget.positiv.T')).toBe(1);
    expect(delta('vuxentorget.avbrott_halsa.K')).toBe(1);
    expect(delta('totalt.avslutade.T')).toBe(4);

    // and the styrgrupp dashboard sees their beredning decisions and uppföljningar in the same period
    const dashboard = await loadDashboard(t.db, { period });
    const referral = dashboard.referralToDecision.find((s) => s.group === 'totalt' && s.kon === 'T')!;
    expect(referral.n).toBeGreaterThanOrEqual(4);
    const followUps = dashboard.followUps.find((s) => s.group === 'totalt' && s.kon === 'T')!;
    expect(followUps.held).toBeGreaterThanOrEqual(4);
  });

  test('data entry refuses an avslut whose end date lies before the participation started, with the Swedish reason and nothing sent to the engine (seed 004: the bokslut stays consistent)', async () => {
    // given: a participant whose avslut task is open, and the task list's read model as the app keeps it
    const sync: TaskSync = startTaskSync(t.db, t.engine, { engineDbUrl: process.env.ENGINE_DB_URL, log: logger });
    try {
      const d = await driveParticipant(t, {
        verksamhet: 'vuxentorget',
        kon: 'M',
        avslutsorsak: 'studier',
        closeCase: false,
      });
      const [open] = await t.inbox.waitFor(d.pik, 'UserTask_CloseCase');
      const row = await eventually(
        () =>
          t
            .db('tasks')
            .where({ task_id: open!.id, state: 'open' })
            .first<{ candidate_groups: string[] }>('candidate_groups'),
        { what: 'avslut task in the read model' },
      );
      const org = row.candidate_groups[0]! as OrgCode;
      const user = {
        username: `${org}.handlaggare`,
        displayName: 'Handläggare',
        orgCode: org,
        role: 'handlaggare' as const,
        groups: [org],
      };
      const dayBefore = new Date(Date.parse(`${d.startDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      // when
      const refused = await completeTask(t.db, t.engine, user, open!.id, {
        avslutsorsak: 'studier',
        endDate: dayBefore,
      });
      // then
      expect(refused.outcome).toBe('invalid');
      if (refused.outcome !== 'invalid') throw new Error('unreachable');
      expect(fieldTexts(refused.errors)).toEqual({
        endDate: `Slutdatum kan inte ligga före deltagandets startdatum (${d.startDate}).`,
      });
      expect(refused.submitted).toEqual({ avslutsorsak: 'studier', endDate: dayBefore });
      expect(await t.inbox.open(d.pik, 'UserTask_CloseCase')).toHaveLength(1);
      // and the start date itself is accepted
      expect(
        (await completeTask(t.db, t.engine, user, open!.id, { avslutsorsak: 'studier', endDate: d.startDate })).outcome,
      ).toBe('completed');
      await ended(t.engine, d.pik);
      expect(
        await t
          .db('cases')
          .where({ case_id: d.caseId })
          .first<{ end: string }>(t.db.raw(`to_char(end_date, 'YYYY-MM-DD') as "end"`)),
      ).toEqual({ end: d.startDate });
    } finally {
      await sync.stop();
    }
  });
});
