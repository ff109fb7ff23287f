import type { Knex } from 'knex';

/** Task states that mean "a token waits here". */
const OPEN_STATES = ['open'] as const;

/** Open user tasks per process, version and element: distinct instances waiting there (a multi-instance task counts once). */
export interface WaitingAtElement {
  bpmnProcessId: string;
  processName: string | null;
  version: number;
  elementId: string;
  elementName: string | null;
  instances: number;
}

/**
 * Process instances waiting at each user task, from the task projection (`tasks`): the 8.6 engine has no search
 * API, and service tasks, timers and message waits are not projected, so only user-task steps are counted.
 */
export async function waitingPerElement(
  db: Knex,
  filter: { verksamhet?: string | undefined } = {},
): Promise<WaitingAtElement[]> {
  const q = db('tasks as t')
    .leftJoin('deployed_process_elements as e', function on() {
      this.on('e.bpmn_process_id', 't.bpmn_process_id')
        .andOn('e.version', 't.process_version')
        .andOn('e.element_id', 't.element_id');
    })
    .whereIn('t.state', OPEN_STATES)
    .groupBy('t.bpmn_process_id', 't.process_version', 't.element_id')
    .orderBy([
      { column: 't.bpmn_process_id' },
      { column: 't.process_version', order: 'desc' },
      { column: 't.element_id' },
    ])
    .select(
      't.bpmn_process_id as bpmnProcessId',
      't.process_version as version',
      't.element_id as elementId',
      db.raw('max(coalesce(t.element_name, e.element_name)) as "elementName"'),
      db.raw('max(e.process_name) as "processName"'),
      db.raw('count(distinct t.process_instance_id)::int as instances'),
    );
  if (filter.verksamhet) q.where('t.verksamhet', filter.verksamhet);
  return (await q) as WaitingAtElement[];
}

/** Process names known from deployments (newest version's name), for processes without waiting tasks too. */
export async function processNames(db: Knex): Promise<Map<string, string>> {
  const rows = await db('deployed_process_elements')
    .whereNotNull('process_name')
    .distinctOn('bpmn_process_id')
    .orderBy([{ column: 'bpmn_process_id' }, { column: 'version', order: 'desc' }])
    .select<{ bpmn_process_id: string; process_name: string }[]>('bpmn_process_id', 'process_name');
  return new Map(rows.map((r) => [r.bpmn_process_id, r.process_name]));
}

/** Open, overdue and escalated tasks per candidate group (a task offered to two groups counts for both). */
export interface GroupTaskCounts {
  group: string;
  open: number;
  overdue: number;
  escalated: number;
}

/**
 * Open tasks per candidate group with those past their due time (`due_at < now`) and those flagged escalated by
 * the process (`escalated`, set when a deadline timer fired). Tasks without a candidate group count under '-'.
 */
export async function tasksPerGroup(
  db: Knex,
  opts: { now: Date; verksamhet?: string | undefined },
): Promise<GroupTaskCounts[]> {
  const res = await db.raw<{ rows: GroupTaskCounts[] }>(
    `select g as "group",
            count(*)::int as open,
            count(*) filter (where t.due_at < ?)::int as overdue,
            count(*) filter (where t.escalated)::int as escalated
       from tasks t
       cross join lateral unnest(case when cardinality(t.candidate_groups) = 0 then array['-']::text[] else t.candidate_groups end) as g
      where t.state in ('open', 'completing') ${opts.verksamhet ? 'and t.verksamhet = ?' : ''}
      group by g
      order by overdue desc, escalated desc, g`,
    opts.verksamhet ? [opts.now, opts.verksamhet] : [opts.now],
  );
  return res.rows;
}

/** One person's duration in days, with the grouping keys of the dashboard. */
export interface DurationRow {
  caseId: string;
  group: string;
  kon: 'K' | 'M';
  days: number;
  /** Arbetsprövning only: the start missed the target (`domain/workTrial`). */ late?: boolean;
}

/**
 * Aktualisering → beredning decision: days from `cases.referred_at` (Stockholm date) to the meeting that decided
 * (`beredning_decisions.meeting_date`), for decisions taken within the period; grouped by verksamhet.
 */
export async function referralToDecision(db: Knex, period: { from: string; to: string }): Promise<DurationRow[]> {
  const res = await db.raw<{ rows: DurationRow[] }>(
    `select c.case_id as "caseId", c.verksamhet as "group", p.kon,
            (d.meeting_date - (c.referred_at at time zone 'Europe/Stockholm')::date)::int as days
       from beredning_decisions d
       join cases c on c.case_id = d.case_id
       join persons p on p.person_id = c.person_id
      where d.meeting_date between ? and ?
      order by c.case_id`,
    [period.from, period.to],
  );
  return res.rows;
}

/**
 * Inventering → arbetsprövning start (routine `arbetsprovning`): `days_to_start` as the worker recorded it at the
 * start (from the inventering date the handläggare entered) and whether it missed the target (`start_late`, by the
 * target's one definition in `domain/workTrial`), for trials that started within the period; grouped by
 * the responsible organisation (the routine belongs to försörjningsstöd, not to a verksamhet of the torg).
 */
export async function inventoryToTrialStart(db: Knex, period: { from: string; to: string }): Promise<DurationRow[]> {
  const res = await db.raw<{ rows: DurationRow[] }>(
    `select r.case_id as "caseId", r.responsible_org as "group", p.kon, r.days_to_start as days, coalesce(r.start_late, false) as late
       from routine_cases r
       join persons p on p.person_id = r.person_id
      where r.routine = 'arbetsprovning' and r.trial_start_date between ? and ? and r.days_to_start is not null
      order by r.case_id`,
    [period.from, period.to],
  );
  return res.rows;
}

/** One held uppföljning, with whether it was held within 3 calendar months of the previous one (or of the plan). */
export interface FollowUpRow {
  caseId: string;
  group: string;
  kon: 'K' | 'M';
  heldOn: string;
  dueOn: string | null;
  withinThreeMonths: boolean;
}

/**
 * Uppföljningar held within the period. Each is due 3 calendar months after the previous uppföljning of the case,
 * or after the first plan was fixed (`plans.created_at`, Stockholm date) for the first one; "within" = held on or
 * before that day. Without a plan or previous uppföljning there is no due day and it counts as within.
 */
export async function followUpsHeld(db: Knex, period: { from: string; to: string }): Promise<FollowUpRow[]> {
  const res = await db.raw<{ rows: FollowUpRow[] }>(
    `with f as (
       select f.case_id, f.held_on,
              coalesce(lag(f.held_on) over (partition by f.case_id order by f.held_on, f.follow_up_id),
                       (select min((pl.created_at at time zone 'Europe/Stockholm')::date) from plans pl where pl.case_id = f.case_id)) as ref
         from follow_ups f)
     select c.case_id as "caseId", c.verksamhet as "group", p.kon,
            to_char(f.held_on, 'YYYY-MM-DD') as "heldOn",
            to_char((f.ref + interval '3 months')::date, 'YYYY-MM-DD') as "dueOn",
            (f.ref is null or f.held_on <= (f.ref + interval '3 months')::date) as "withinThreeMonths"
       from f
       join cases c on c.case_id = f.case_id
       join persons p on p.person_id = c.person_id
      where f.held_on between ? and ?
      order by c.case_id, f.held_on`,
    [period.from, period.to],
  );
  return res.rows;
}

/**
 * Ongoing participations whose next uppföljning is overdue today: 3 calendar months have passed since the last
 * uppföljning (or the first plan) without a new one. Grouped by verksamhet and kön.
 */
export async function followUpsOverdue(
  db: Knex,
  today: string,
): Promise<{ caseId: string; group: string; kon: 'K' | 'M' }[]> {
  const res = await db.raw<{ rows: { caseId: string; group: string; kon: 'K' | 'M' }[] }>(
    `select c.case_id as "caseId", c.verksamhet as "group", p.kon
       from cases c
       join persons p on p.person_id = c.person_id
       join lateral (
         select coalesce((select max(f.held_on) from follow_ups f where f.case_id = c.case_id),
                         (select min((pl.created_at at time zone 'Europe/Stockholm')::date) from plans pl where pl.case_id = c.case_id)) as ref
       ) r on true
      where c.status = 'pagaende' and r.ref is not null and (r.ref + interval '3 months')::date < ?::date
      order by c.case_id`,
    [today],
  );
  return res.rows;
}
