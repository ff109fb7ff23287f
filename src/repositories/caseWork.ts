import type { Knex } from 'knex';

/** Places a case on a beredning meeting's agenda (once per case and meeting date). */
export async function placeOnAgenda(
  db: Knex,
  a: { caseId: string; groupCode: string; meetingDate: string },
): Promise<void> {
  await db('beredning_agenda')
    .insert({ case_id: a.caseId, group_code: a.groupCode, meeting_date: a.meetingDate })
    .onConflict(['case_id', 'meeting_date'])
    .ignore();
}

/** Records the beredning decision of a case (one per case; a repeat is a no-op). */
export async function insertBeredningDecision(
  db: Knex,
  d: {
    caseId: string;
    groupCode: string;
    meetingDate: string;
    decision: 'ja' | 'nej';
    motivering: string | null;
    rekommendation: string | null;
    recommendedParties?: string[] | null;
    torgShouldTake?: boolean | null;
  },
): Promise<void> {
  await db('beredning_decisions')
    .insert({
      case_id: d.caseId,
      group_code: d.groupCode,
      meeting_date: d.meetingDate,
      decision: d.decision,
      motivering: d.motivering,
      rekommendation: d.rekommendation,
      recommended_parties: d.recommendedParties ?? null,
      torg_should_take: d.torgShouldTake ?? null,
    })
    .onConflict('case_id')
    .ignore();
}

/** The parties the beredningsgrupp recommended at its ja (null when none were named or there is no decision). */
export async function recommendedPartiesOf(db: Knex, caseId: string): Promise<string[] | null> {
  const row = await db('beredning_decisions')
    .where({ case_id: caseId })
    .first<{ recommended_parties: string[] | null } | undefined>('recommended_parties');
  return row?.recommended_parties ?? null;
}

export interface PlanStep {
  party: string;
  description: string;
  dueDate: string;
}

/** Stores a new plan version with its steps, keyed by the job key; returns the version. */
export async function insertPlan(
  db: Knex,
  p: { caseId: string; arendebarareOrg: string; inriktning: string; steps: PlanStep[]; jobKey: string },
): Promise<number> {
  const existing = await db('plans').where({ job_key: p.jobKey }).first<{ version: number } | undefined>();
  if (existing) return existing.version;
  const { max } = (await db('plans')
    .where({ case_id: p.caseId })
    .max<{ max: number | null }>('version as max')
    .first())!;
  const version = (max ?? 0) + 1;
  const [plan] = await db('plans')
    .insert({
      case_id: p.caseId,
      version,
      arendebarare_org: p.arendebarareOrg,
      inriktning: p.inriktning,
      job_key: p.jobKey,
    })
    .returning<{ plan_id: string }[]>('plan_id');
  if (p.steps.length) {
    await db('plan_steps').insert(
      p.steps.map((s, i) => ({
        plan_id: plan!.plan_id,
        step_no: i + 1,
        party: s.party,
        description: s.description,
        due_date: s.dueDate,
      })),
    );
  }
  return version;
}

/** Records a meeting (called or held), keyed by the job key. */
export async function insertMeeting(
  db: Knex,
  m: {
    caseId: string;
    meetingType: string;
    status: 'kallad' | 'hallen';
    meetingAt?: string | null;
    heldOn?: string | null;
    participants: string[];
    jobKey: string;
  },
): Promise<void> {
  await db('meetings')
    .insert({
      case_id: m.caseId,
      meeting_type: m.meetingType,
      status: m.status,
      meeting_at: m.meetingAt ?? null,
      held_on: m.heldOn ?? null,
      participants: m.participants,
      job_key: m.jobKey,
    })
    .onConflict('job_key')
    .ignore();
}

/** Records an uppföljning, keyed by the job key. */
export async function insertFollowUp(
  db: Knex,
  f: { caseId: string; heldOn: string; outcome: string; jobKey: string },
): Promise<void> {
  await db('follow_ups')
    .insert({ case_id: f.caseId, held_on: f.heldOn, outcome: f.outcome, job_key: f.jobKey })
    .onConflict('job_key')
    .ignore();
}
