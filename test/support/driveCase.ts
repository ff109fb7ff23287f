import type { Knex } from 'knex';

import type { Avslutsorsak } from '../../src/domain/bokslut.js';
import { stockholmDateOf } from '../../src/domain/calendar.js';
import type { Verksamhet } from '../../src/domain/organisations.js';
import type { Engine } from '../../src/engine/client.js';
import { ended, engineDate, referCase, testPersonnummer, validReferral } from './caseFixtures.js';
import { clock } from './harness.js';
import type { UserTaskInbox } from './userTasks.js';

const DAY = 86_400_000;

/** One participant to drive through `samverkan-case`, from aktualisering to avslut. */
export interface Participant {
  verksamhet: Verksamhet;
  kon: 'K' | 'M';
  avslutsorsak: Avslutsorsak;
  /** Defaults per verksamhet: ungdomstorget `arbetssokande` (21 years), vuxentorget `sammansatt`, samordningsteam `vuxna`. */
  targetGroup?: string;
  /** Folkbokföringskommun; defaults to Umeå, or the kranskommun of a samordningsteam (`st-vannas` → Vännäs). */
  folkbokfordKommun?: string;
  /** Engine days between the planeringsträff and the uppföljning that ends the participation (default 30). */
  daysInSamverkan?: number;
  /** false: stop with the avslut task open (the caller completes it); default true. */
  closeCase?: boolean;
}

/** What the participation left in the database, as the bokslut reads it. */
export interface DrivenCase {
  caseId: string;
  pik: string;
  startDate: string;
  endDate: string;
}

const KOMMUN: Record<string, string> = {
  'st-nordmaling': 'Nordmaling',
  'st-vannas': 'Vännäs',
  'st-bjurholm': 'Bjurholm',
  'st-vindeln': 'Vindeln',
  'st-robertsfors': 'Robertsfors',
};
const TARGET: Record<string, [string, number]> = {
  ungdomstorget: ['arbetssokande', 21],
  vuxentorget: ['sammansatt', 36],
};

/**
 * Drives one participant through `samverkan-case` with the real workers, the way the handläggare would: aktualisering
 * (real service) → beredning ja → kartläggning by each party → planeringsträff called and held with a plan → the
 * engine clock moves `daysInSamverkan` days (harness `clock.advance`, never a sleep) → uppföljning that ends the
 * participation → avslut with the avslutsorsak, on the engine's date. Waits until the instance has ended.
 * Needs a testbed (real workers + the `UserTaskInbox` over the engine's task API, see processTestbed.ts). Used by the bokslut process test and
 * meant for the year replay (bench/): one call per participant.
 */
export async function driveParticipant(
  t: { engine: Engine; db: Knex; inbox: UserTaskInbox },
  p: Participant,
): Promise<DrivenCase> {
  const [targetGroup, age] = TARGET[p.verksamhet] ?? ['vuxna', 40];
  // Age is counted on the aktualisering day, which is the app's (wall clock) day, not the engine's: process tests
  // earlier in the run may have moved the engine's clock ahead.
  const birthYear = Number(stockholmDateOf().slice(0, 4)) - age;
  const input = validReferral({
    verksamhet: p.verksamhet,
    targetGroup: p.targetGroup ?? targetGroup,
    person: {
      personnummer: testPersonnummer(birthYear),
      kon: p.kon,
      folkbokfordKommun: p.folkbokfordKommun ?? KOMMUN[p.verksamhet] ?? 'Umeå',
    },
  });
  const parties = input.consent.parties;
  const { caseId, pik } = await referCase(t, input);

  await t.inbox.complete(pik, 'UserTask_DecideBeredning', { beredningDecision: 'ja' });
  await t.inbox.completeAll(pik, 'UserTask_ContributeKartlaggning', parties.length, () => ({
    bidragLamnat: true,
    foreslagenInriktning: 'arbetsinriktade',
  }));
  const meetingDay = await engineDate(1);
  await t.inbox.complete(pik, 'UserTask_CallMeeting', { meetingAt: `${meetingDay}T10:00:00+01:00` });
  await t.inbox.complete(pik, 'UserTask_HoldMeeting', {
    arendebarareOrg: parties[parties.length - 1],
    inriktning: 'arbetsinriktade',
    planSteps: parties.map((party, i) => ({ party, description: `Insats ${i + 1}`, dueDate: meetingDay })),
  });
  await t.inbox.waitFor(pik, 'UserTask_FollowUp');

  await clock.advance((p.daysInSamverkan ?? 30) * DAY);
  const endDate = await engineDate();
  await t.inbox.complete(pik, 'UserTask_FollowUp', { followUpHeldOn: endDate, followUpOutcome: 'avslut' });
  if (p.closeCase === false) {
    await t.inbox.waitFor(pik, 'UserTask_CloseCase');
    const open = await t
      .db('cases')
      .where({ case_id: caseId })
      .first<{ start: string }>(t.db.raw(`to_char(start_date, 'YYYY-MM-DD') as start`));
    return { caseId, pik, startDate: open!.start, endDate };
  }
  await t.inbox.complete(pik, 'UserTask_CloseCase', { avslutsorsak: p.avslutsorsak, endDate });
  await ended(t.engine, pik);

  const row = await t
    .db('cases')
    .where({ case_id: caseId })
    .first<{ start: string; status: string }>(t.db.raw(`to_char(start_date, 'YYYY-MM-DD') as start`), 'status');
  if (row?.status !== 'avslutad' || !row.start)
    throw new Error(`case ${caseId} did not end as a participation (status ${row?.status})`);
  return { caseId, pik, startDate: row.start, endDate };
}
