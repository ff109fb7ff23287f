import type { Knex } from 'knex';

export interface PlanView {
  version: number;
  arendebarare_org: string;
  inriktning: string;
  created_at: Date;
  steps: { step_no: number; party: string; description: string; due_date: string }[];
}

/** The newest plan version of a case with its steps (ordered), or undefined. */
export async function latestPlan(db: Knex, caseId: string): Promise<PlanView | undefined> {
  const plan = await db('plans')
    .where({ case_id: caseId })
    .orderBy('version', 'desc')
    .first<
      { plan_id: string; version: number; arendebarare_org: string; inriktning: string; created_at: Date } | undefined
    >();
  if (!plan) return undefined;
  const steps = await db('plan_steps')
    .where({ plan_id: plan.plan_id })
    .orderBy('step_no')
    .select<PlanView['steps']>('step_no', 'party', 'description', 'due_date');
  return {
    version: plan.version,
    arendebarare_org: plan.arendebarare_org,
    inriktning: plan.inriktning,
    created_at: plan.created_at,
    steps,
  };
}

/** Called meetings of a case from `from` on, soonest first. */
export function upcomingMeetings(db: Knex, caseId: string, from: Date) {
  return db('meetings')
    .where({ case_id: caseId, status: 'kallad' })
    .andWhere('meeting_at', '>=', from)
    .orderBy('meeting_at')
    .select<{ meeting_type: string; meeting_at: Date; participants: string[] }[]>(
      'meeting_type',
      'meeting_at',
      'participants',
    );
}

/** The uppföljningar of a case, oldest first. */
export function followUpsOf(db: Knex, caseId: string) {
  return db('follow_ups')
    .where({ case_id: caseId })
    .orderBy('held_on')
    .select<{ held_on: string; outcome: string }[]>('held_on', 'outcome');
}

/** The beredning decision of a case, if any. */
export function beredningDecisionOf(db: Knex, caseId: string) {
  return db('beredning_decisions').where({ case_id: caseId }).first<
    | {
        decision: 'ja' | 'nej';
        motivering: string | null;
        rekommendation: string | null;
        meeting_date: string;
        group_code: string;
      }
    | undefined
  >();
}

/** Every projected task of a case (any state): the diagram marks open and completed elements. */
export function tasksOfCase(db: Knex, caseId: string) {
  return db('tasks').where({ case_id: caseId }).orderBy('created_at').select<
    {
      task_id: string;
      element_id: string;
      element_name: string | null;
      state: string;
      candidate_groups: string[];
      assignee: string | null;
      completed_by: string | null;
      completed_at: Date | null;
      due_at: Date | null;
      created_at: Date;
      bpmn_process_id: string;
      process_version: number | null;
    }[]
  >('task_id', 'element_id', 'element_name', 'state', 'candidate_groups', 'assignee', 'completed_by', 'completed_at', 'due_at', 'created_at', 'bpmn_process_id', 'process_version');
}
