import type { Knex } from 'knex';

/** An open task past its due date or escalated, once per candidate group (the organisation that should act). */
export interface LateTaskRow {
  task_id: string;
  bpmn_process_id: string;
  element_id: string;
  element_name: string | null;
  group_code: string | null;
  case_id: string | null;
  due_at: Date | null;
  escalated: boolean;
  overdue: boolean;
}

/** Open tasks past due (before `now`) or escalated, most overdue first; `limit` rows at most. */
export async function lateTasks(db: Knex, { now, limit }: { now: Date; limit: number }): Promise<LateTaskRow[]> {
  const { rows } = await db.raw<{ rows: LateTaskRow[] }>(
    `select t.task_id, t.bpmn_process_id, t.element_id, t.element_name, g.code as group_code, t.case_id, t.due_at, t.escalated,
            coalesce(t.due_at < :now, false) as overdue
       from tasks t
       cross join lateral unnest(case when cardinality(t.candidate_groups) = 0 then array[null::text] else t.candidate_groups end) as g(code)
      where t.state = 'open' and (t.due_at < :now or t.escalated)
      order by t.due_at asc nulls last, t.task_id
      limit :limit`,
    { now, limit },
  );
  return rows;
}

/** The organisation answering for each case: the ärendebärare (before one is decided the aktualiserande part), a routine case's responsible organisation. */
export async function responsibleOrgs(db: Knex, caseIds: string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const { rows } = await db.raw<{ rows: { case_id: string; org: string }[] }>(
    `select case_id, coalesce(arendebarare_org, referring_org) as org from cases where case_id = any(:ids)
     union all
     select case_id, responsible_org from routine_cases where case_id = any(:ids)`,
    { ids: caseIds },
  );
  return new Map(rows.map((r) => [r.case_id, r.org]));
}
