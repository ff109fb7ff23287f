import { randomUUID } from 'node:crypto';

import type { Knex } from 'knex';

import type { Participation } from '../../src/domain/bokslut.js';
import { deleteParticipations, insertParticipations } from '../support/bokslutDb.js';

/** What a read-model task row of a fixture is made of (see readModelTask). */
export interface ReadModelTaskFields {
  instance: string;
  processId: string;
  version: number;
  element: string;
  name: string;
  groups: string[];
  state?: string;
  due?: Date;
  escalated?: boolean;
  verksamhet?: string;
  assignee?: string;
  caseId?: string;
}

/**
 * A row of the task read model as task sync writes it (ids are the engine's strings), for fixtures of figures that
 * read `tasks` only. Its engine ids are made up: no engine task exists for it.
 */
export function readModelTask(o: ReadModelTaskFields) {
  return {
    task_id: randomUUID(),
    process_instance_id: o.instance,
    process_definition_id: `${o.processId}:${o.version}:${o.instance}`,
    bpmn_process_id: o.processId,
    process_version: o.version,
    element_id: o.element,
    element_name: o.name,
    case_id: o.caseId ?? null,
    candidate_groups: o.groups,
    state: o.state ?? 'open',
    due_at: o.due ?? null,
    created_at: new Date(),
    escalated: o.escalated ?? false,
    verksamhet: o.verksamhet ?? null,
    assignee: o.assignee ?? null,
    ...(o.state === 'completed' ? { completed_at: new Date() } : {}),
  };
}

/** What the dashboard fixture wrote, so a test can find (and remove) exactly its rows. */
export interface DashboardFixture {
  processId: string;
  groupPrefix: string;
  caseIds: string[];
  personIds: string[];
  routineCaseIds: string[];
  followUpCases: { lateK: string; withinM: string; earlyM: string; noFollowUpM: string };
}

/**
 * Purpose-built rows for the dashboard figures of `year` (see dashboard.integration.test.ts for the expected numbers):
 * open/completed tasks of a private test process and candidate groups, beredning decisions of vuxentorget cases,
 * uppföljningar of ungdomstorget cases and arbetsprövningar of försörjningsstöd.
 */
export async function dashboardFixture(db: Knex, year: number): Promise<DashboardFixture> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const processId = `dash-test-${suffix}`;
  const groupPrefix = `dashtest-${suffix}-`;
  const a = `${groupPrefix}a`;
  const b = `${groupPrefix}b`;
  const next = () => randomUUID();
  const y = String(year);

  // Tasks: distinct instances per element, candidate groups, overdue (due in the past) and escalated.
  const past = new Date(Date.now() - 86_400_000);
  const future = new Date(Date.now() + 7 * 86_400_000);
  const inst = { v1: next(), i1: next(), i2: next(), i3: next(), i4: next(), i5: next() };
  const task = (o: Omit<ReadModelTaskFields, 'processId' | 'caseId'>) => readModelTask({ processId, ...o });
  await db('tasks').insert([
    task({
      instance: inst.v1,
      version: 1,
      element: 'Task_Review',
      name: 'Granska',
      groups: [a],
      due: past,
      escalated: true,
    }),
    task({
      instance: inst.i1,
      version: 2,
      element: 'Task_Review',
      name: 'Granska',
      groups: [a],
      due: future,
      verksamhet: 'vuxentorget',
    }),
    task({
      instance: inst.i2,
      version: 2,
      element: 'Task_Review',
      name: 'Granska',
      groups: [a],
      verksamhet: 'ungdomstorget',
    }),
    task({
      instance: inst.i2,
      version: 2,
      element: 'Task_Review',
      name: 'Granska',
      groups: [a],
      verksamhet: 'ungdomstorget',
    }), // multi-instance
    task({ instance: inst.i3, version: 2, element: 'Task_Review', name: 'Granska', groups: [a, b], due: past }),
    task({ instance: inst.i4, version: 2, element: 'Task_Plan', name: 'Gör plan', groups: [], assignee: 'someone' }),
    task({
      instance: inst.i5,
      version: 2,
      element: 'Task_Review',
      name: 'Granska',
      groups: [a],
      state: 'completed',
      due: past,
      escalated: true,
    }),
  ]);

  // Participations (persons + cases) for beredning decisions and uppföljningar.
  const id = (n: string) => `DASH-${suffix}-${n}`;
  const referralDays = { K: [2, 5, 7, 9, 10], M: [3, 13, 20] };
  const referral: { p: Participation; days: number; meeting: string }[] = [];
  for (const kon of ['K', 'M'] as const) {
    referralDays[kon].forEach((days, i) => {
      referral.push({
        p: {
          deltagareId: id(`R${kon}${i}`),
          verksamhet: 'vuxentorget',
          kon,
          startdatum: `${y}-03-20`,
          slutdatum: null,
          avslutsorsak: null,
        },
        days,
        meeting: `${y}-03-20`,
      });
    });
  }
  const outside: Participation = {
    deltagareId: id('ROUT'),
    verksamhet: 'vuxentorget',
    kon: 'K',
    startdatum: `${year + 1}-01-02`,
    slutdatum: null,
    avslutsorsak: null,
  };
  const f = { lateK: id('FK'), withinM: id('FM1'), earlyM: id('FM2'), noFollowUpM: id('FM3') };
  const followUpRows: Participation[] = [
    {
      deltagareId: f.lateK,
      verksamhet: 'ungdomstorget',
      kon: 'K',
      startdatum: `${y}-01-05`,
      slutdatum: null,
      avslutsorsak: null,
    },
    {
      deltagareId: f.withinM,
      verksamhet: 'ungdomstorget',
      kon: 'M',
      startdatum: `${y}-01-20`,
      slutdatum: `${y}-09-01`,
      avslutsorsak: 'arbete',
    },
    {
      deltagareId: f.earlyM,
      verksamhet: 'ungdomstorget',
      kon: 'M',
      startdatum: `${year - 1}-12-01`,
      slutdatum: `${y}-10-01`,
      avslutsorsak: 'studier',
    },
    {
      deltagareId: f.noFollowUpM,
      verksamhet: 'ungdomstorget',
      kon: 'M',
      startdatum: `${y}-01-01`,
      slutdatum: null,
      avslutsorsak: null,
    },
  ];
  const participations = [...referral.map((r) => r.p), outside, ...followUpRows];
  await insertParticipations(db, participations);
  const caseIds = participations.map((p) => p.deltagareId);
  const personIds = await db('cases').whereIn('case_id', caseIds).pluck('person_id');

  // Aktualisering → beslut: referred_at `days` before the meeting. The 2-day one was referred 23:30 UTC, which is
  // already the next day in Stockholm, so a UTC date would give 3.
  for (const r of referral) {
    const meeting = new Date(`${r.meeting}T00:00:00Z`);
    const referred =
      r.days === 2
        ? new Date(meeting.getTime() - 3 * 86_400_000 + 23.5 * 3_600_000)
        : new Date(meeting.getTime() - r.days * 86_400_000 + 10 * 3_600_000);
    await db('cases').where({ case_id: r.p.deltagareId }).update({ referred_at: referred, status: 'pagaende' });
    await db('beredning_decisions').insert({
      case_id: r.p.deltagareId,
      group_code: 'umea-vuxen',
      meeting_date: r.meeting,
      decision: 'ja',
    });
  }
  await db('cases')
    .where({ case_id: outside.deltagareId })
    .update({ referred_at: new Date(`${year}-12-20T10:00:00Z`) });
  await db('beredning_decisions').insert({
    case_id: outside.deltagareId,
    group_code: 'umea-vuxen',
    meeting_date: `${year + 1}-01-02`,
    decision: 'ja',
  });

  // Plans and uppföljningar (the referral cases get no plan, so they never owe an uppföljning).
  const plan = (caseId: string, createdAt: string) => ({
    case_id: caseId,
    version: 1,
    arendebarare_org: 'af',
    inriktning: 'arbetsinriktade',
    job_key: next(),
    created_at: new Date(createdAt),
  });
  await db('plans').insert([
    plan(f.lateK, `${y}-01-10T12:00:00Z`),
    plan(f.withinM, `${y}-02-01T10:00:00Z`),
    plan(f.earlyM, `${year - 1}-12-15T10:00:00Z`),
    plan(f.noFollowUpM, `${y}-01-01T12:00:00Z`),
  ]);
  const fu = (caseId: string, heldOn: string) => ({
    case_id: caseId,
    held_on: heldOn,
    outcome: 'enligt_plan',
    job_key: next(),
  });
  await db('follow_ups').insert([
    fu(f.lateK, `${y}-04-05`),
    fu(f.lateK, `${y}-07-20`),
    fu(f.withinM, `${y}-05-01`),
    fu(f.earlyM, `${y}-03-15`),
  ]);

  // Arbetsprövningar: days from inventering to start, K 10, 14, 15 and M 12, 20, 7.
  const routineCaseIds: string[] = [];
  const trial = { K: [10, 14, 15], M: [12, 20, 7] };
  for (const kon of ['K', 'M'] as const) {
    for (const [i, days] of trial[kon].entries()) {
      const personId = randomUUID();
      await db('persons').insert({
        person_id: personId,
        personnummer_enc: `enc-${personId}`,
        personnummer_hmac: `hmac-${personId}`,
        kon,
        birth_year: 1990,
        folkbokford_kommun: 'umea',
      });
      personIds.push(personId);
      const caseId = `AP-DASH-${suffix}-${kon}${i}`;
      routineCaseIds.push(caseId);
      await db('routine_cases').insert({
        case_id: caseId,
        person_id: personId,
        routine: 'arbetsprovning',
        responsible_org: 'umea-fsd',
        opened_on: `${y}-05-01`,
        trial_start_date: `${y}-05-${String(1 + days).padStart(2, '0')}`,
        days_to_start: days,
        start_late: days > 14,
      });
    }
  }
  return { processId, groupPrefix, caseIds, personIds, routineCaseIds, followUpCases: f };
}

/** Deletes every row the fixture wrote. */
export async function removeDashboardFixture(db: Knex, fx: DashboardFixture | undefined): Promise<void> {
  if (!fx) return;
  await db('tasks').where({ bpmn_process_id: fx.processId }).del();
  await db('follow_ups').whereIn('case_id', fx.caseIds).del();
  await db('plans').whereIn('case_id', fx.caseIds).del();
  await db('beredning_decisions').whereIn('case_id', fx.caseIds).del();
  await db('routine_cases').whereIn('case_id', fx.routineCaseIds).del();
  await deleteParticipations(db, fx.caseIds);
  await db('persons').whereIn('person_id', fx.personIds).del();
}
