import type { Knex } from 'knex';

/** One case on a beredning meeting's agenda, with its samtycke dates, decision (if any) and open beredning task. */
export interface AgendaRow {
  case_id: string;
  meeting_date: string;
  verksamhet: string;
  target_group: string;
  referring_org: string;
  status: string;
  consent_valid_to: string;
  /** The samtycke's scope: the parties under it and the kinds of information it covers. */
  consent_parties: string[];
  consent_data_categories: string[];
  /** The referring handläggare's description of the person's needs (null for cases registered before it was asked). */
  needs_description: string | null;
  /** The torg a kranskommun resident was aktualiserad to (the case is the hemkommun team's), else null. */
  requested_verksamhet: string | null;
  recommended_parties: string[] | null;
  decision: 'ja' | 'nej' | null;
  motivering: string | null;
  rekommendation: string | null;
  task_id: string | null;
}

/** The element id of the beredning user task in samverkan-case (processes/README.md). */
export const BEREDNING_TASK_ELEMENT = 'UserTask_DecideBeredning';

/**
 * The agenda of a group's meeting: only cases whose newest samtycke is in force on `today` (not withdrawn, within
 * its dates): a case without a valid samtycke must not reach the beredningsgrupp.
 */
export function agendaOf(db: Knex, q: { groupCode: string; meetingDate: string; today: string }): Promise<AgendaRow[]> {
  return db
    .select<AgendaRow[]>(
      'a.case_id',
      db.raw(`to_char(a.meeting_date, 'YYYY-MM-DD') as meeting_date`),
      'c.verksamhet',
      'c.target_group',
      'c.referring_org',
      'c.status',
      'c.needs_description',
      'c.requested_verksamhet',
      db.raw(`to_char(con.valid_to, 'YYYY-MM-DD') as consent_valid_to`),
      'con.parties as consent_parties',
      'con.data_categories as consent_data_categories',
      'd.decision',
      'd.recommended_parties',
      'd.motivering',
      'd.rekommendation',
      't.task_id',
    )
    .from('beredning_agenda as a')
    .join('cases as c', 'c.case_id', 'a.case_id')
    .joinRaw(
      'join lateral (select valid_from, valid_to, withdrawn_at, parties, data_categories from consents where case_id = a.case_id order by created_at desc limit 1) con on true',
    )
    .leftJoin('beredning_decisions as d', 'd.case_id', 'a.case_id')
    .joinRaw(
      `left join lateral (select task_id from tasks where case_id = a.case_id and element_id = ? and state = 'open' and ? = any(candidate_groups) order by created_at desc limit 1) t on true`,
      [BEREDNING_TASK_ELEMENT, `beredning-${q.groupCode}`],
    )
    .where('a.group_code', q.groupCode)
    .andWhere('a.meeting_date', q.meetingDate)
    .whereNull('con.withdrawn_at')
    .andWhere('con.valid_from', '<=', q.today)
    .andWhere('con.valid_to', '>=', q.today)
    .orderBy([{ column: 'a.placed_at' }, { column: 'a.case_id' }]);
}

/** Meeting dates of the group (from `from` on) that have cases without a decision: where the work is. */
export async function meetingDatesWithOpenCases(
  db: Knex,
  q: { groupCode: string; from: string; limit: number },
): Promise<string[]> {
  const rows = await db('beredning_agenda as a')
    .leftJoin('beredning_decisions as d', 'd.case_id', 'a.case_id')
    .where('a.group_code', q.groupCode)
    .andWhere('a.meeting_date', '>=', q.from)
    .whereNull('d.case_id')
    .distinct(db.raw(`to_char(a.meeting_date, 'YYYY-MM-DD') as meeting_date`))
    .orderBy('meeting_date')
    .limit(q.limit);
  return rows.map((r: { meeting_date: string }) => r.meeting_date);
}
