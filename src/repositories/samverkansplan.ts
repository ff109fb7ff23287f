import type { Knex } from 'knex';

/** The newest plan version with its steps as stored (every column, so steps the plan form adds are read too). */
export interface IndividualPlanRow {
  version: number;
  arendebarare_org: string;
  created_at: Date;
  steps: Record<string, unknown>[];
}

/** The newest plan of a case with all columns of its steps, ordered by step number; undefined without a plan. */
export async function latestPlanForIndividual(db: Knex, caseId: string): Promise<IndividualPlanRow | undefined> {
  const plan = await db('plans')
    .where({ case_id: caseId })
    .orderBy('version', 'desc')
    .first<{ plan_id: string; version: number; arendebarare_org: string; created_at: Date } | undefined>();
  if (!plan) return undefined;
  const steps = await db('plan_steps')
    .where({ plan_id: plan.plan_id })
    .orderBy('step_no')
    .select<Record<string, unknown>[]>('*');
  return { version: plan.version, arendebarare_org: plan.arendebarare_org, created_at: plan.created_at, steps };
}

/** The due date of the case's open uppföljning step, or null when none is open. */
export async function nextFollowUpDue(db: Knex, caseId: string): Promise<Date | null> {
  const row = await db('tasks')
    .where({ case_id: caseId, element_id: 'UserTask_FollowUp', state: 'open' })
    .orderBy('due_at')
    .first<{ due_at: Date | null } | undefined>('due_at');
  return row?.due_at ?? null;
}
