import type { Knex } from 'knex';

import { addDays, isIsoDate, nextMeetings, stockholmDateOf } from '../domain/calendar.js';
import { kartlaggningPartiesOf } from '../domain/kartlaggningParties.js';
import type { SessionUser } from '../domain/sessionUser.js';
import type { Engine } from '../engine/client.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.js';
import { agendaOf, type AgendaRow, meetingDatesWithOpenCases } from '../repositories/beredningAgenda.js';
import { type BeredningGroupRow, findBeredningGroup } from '../repositories/beredningGroups.js';
import { audit, auditMany } from './audit.js';
import { completeTask } from './tasks.js';

const PREFIX = 'beredning-';

/** The beredning groups the user is a member of (group codes without the `beredning-` prefix). */
export const beredningGroupsOf = (user: SessionUser): string[] =>
  user.groups.filter((g) => g.startsWith(PREFIX)).map((g) => g.slice(PREFIX.length));

async function memberGroup(db: Knex, user: SessionUser, code: string): Promise<BeredningGroupRow> {
  if (!beredningGroupsOf(user).includes(code))
    throw new Forbidden(`${user.username} is not in beredning-${code}`, { code: 'agenda.notMemberOf' });
  const group = await findBeredningGroup(db, code);
  if (!group) throw new NotFound(`beredning group ${code}`);
  return group;
}

export interface Agenda {
  group: BeredningGroupRow;
  groups: { code: string; name: string }[];
  meetingDate: string;
  previousMeeting: string;
  nextMeeting: string;
  openMeetingDates: string[];
  cases: AgendaRow[];
}

/**
 * The agenda of a group's meeting for one of its members; default: the group's next meeting (today or later).
 * Only cases with a samtycke in force are listed. The read is audited (the agenda names cases).
 */
export async function agendaForUser(
  db: Knex,
  user: SessionUser,
  q: { groupCode?: string; meetingDate?: string },
  now = new Date(),
): Promise<Agenda | undefined> {
  const mine = beredningGroupsOf(user);
  if (mine.length === 0) return undefined;
  const group = await memberGroup(db, user, q.groupCode ?? mine[0]!);
  const today = stockholmDateOf(now);
  const meetingDate = q.meetingDate && isIsoDate(q.meetingDate) ? q.meetingDate : nextMeetings(group, today, 1)[0]!;
  const [cases, openMeetingDates, groups] = await Promise.all([
    agendaOf(db, { groupCode: group.code, meetingDate, today }),
    meetingDatesWithOpenCases(db, { groupCode: group.code, from: addDays(today, -28), limit: 8 }),
    Promise.all(mine.map(async (code) => ({ code, name: (await findBeredningGroup(db, code))?.name ?? code }))),
  ]);
  await audit(db, {
    username: user.username,
    orgCode: user.orgCode,
    action: 'read',
    objectType: 'beredning-agenda',
    objectId: `${group.code}:${meetingDate}`,
  });
  // the agenda shows case data: one read per case shown, so a case's log names everyone who saw it there
  await auditMany(
    db,
    cases.map((c) => ({
      username: user.username,
      orgCode: user.orgCode,
      action: 'read-agenda',
      objectType: 'case',
      objectId: c.case_id,
      caseId: c.case_id,
      details: { agenda: `${group.code}:${meetingDate}` },
    })),
  );
  return {
    group,
    groups,
    meetingDate,
    previousMeeting: nextMeetings(group, addDays(meetingDate, -7 * group.intervalWeeks), 1)[0]!,
    nextMeeting: nextMeetings(group, addDays(meetingDate, 1), 1)[0]!,
    openMeetingDates,
    cases,
  };
}

export interface DecisionInput {
  groupCode: string;
  meetingDate: string;
  caseId: string;
  decision: 'ja' | 'nej';
  motivering?: string | undefined;
  rekommendation?: string | undefined;
  /** At a ja: the parties under the samtycke that the group recommends for the collaboration (seed 003). */
  recommendedParties?: string[] | undefined;
  /** At a nej for a kranskommun resident aktualiserad to a torg: the group judges that the torg should take it (seed 000). */
  torgShouldTake?: boolean | undefined;
}

/**
 * Records the beredning decision of a case during the meeting by completing its beredning user task through the
 * task service (same validation, completion lock and audit as the task form), so the engine moves on.
 */
export async function decideOnAgenda(
  db: Knex,
  engine: Engine,
  user: SessionUser,
  input: DecisionInput,
  now = new Date(),
): Promise<void> {
  await memberGroup(db, user, input.groupCode);
  const row = (
    await agendaOf(db, { groupCode: input.groupCode, meetingDate: input.meetingDate, today: stockholmDateOf(now) })
  ).find((r) => r.case_id === input.caseId);
  if (!row) throw new NotFound(`case ${input.caseId} is not on the agenda ${input.groupCode} ${input.meetingDate}`);
  if (row.decision) throw new Conflict(`case ${input.caseId} already decided`, { code: 'agenda.alreadyDecided' });
  if (!row.task_id)
    throw new Conflict(`no open beredning task for ${input.caseId}`, { code: 'agenda.waitingForEngine' });
  if (input.decision === 'ja') {
    const chosen = kartlaggningPartiesOf(row.consent_parties, input.recommendedParties ?? []);
    if (!chosen.ok)
      throw new ValidationFailed(`recommended parties of ${input.caseId} not under the samtycke or none`, {
        recommendedParties: { code: 'outside' in chosen ? 'agenda.partiesOutsideConsent' : 'agenda.partiesRequired' },
      });
  }
  const variables =
    input.decision === 'ja'
      ? { beredningDecision: 'ja', recommendedParties: input.recommendedParties }
      : {
          beredningDecision: 'nej',
          motivering: input.motivering,
          rekommendation: input.rekommendation,
          torgetBorTa: input.torgShouldTake === true,
          // the form's condition reads the torg asked for; only the form's fields are written
          handoverTorg: row.requested_verksamhet,
        };
  const result = await completeTask(db, engine, user, row.task_id, variables);
  if (result.outcome === 'invalid') throw new ValidationFailed(`invalid decision for ${input.caseId}`, result.errors);
  if (result.outcome === 'already-done')
    throw new Conflict(`beredning task of ${input.caseId} already done`, { code: 'agenda.alreadyDecided' });
}
