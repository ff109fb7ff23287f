import type { Knex } from 'knex';

import { isEnded } from '../domain/caseStatus.js';
import type { SessionUser } from '../domain/sessionUser.js';
import { NotFound } from '../errors.js';
import { type IndividualPlanRow, latestPlanForIndividual, nextFollowUpDue } from '../repositories/samverkansplan.js';
import { auditBy } from './audit.js';
import { accessCase } from './caseAccess.js';

/** The party code of the individual's own steps in a plan (the plan form's "Personen själv"), rather than a party. */
export const INDIVIDUAL_PARTY = 'individen';

/** One step of the plan as the individual reads it. */
export interface PlanStepForIndividual {
  description: string;
  dueDate: string | null;
  /** The organisation code of the party that takes the step; null for the individual's own steps. */
  party: string | null;
}

/** What the samverkansplan for the individual shows, and nothing else of the case. */
export interface SamverkansplanForIndividual {
  caseId: string;
  version: number;
  decidedOn: Date;
  arendebarareOrg: string;
  ownSteps: PlanStepForIndividual[];
  partySteps: PlanStepForIndividual[];
  /** The due date of the next uppföljning (the open uppföljning step of the case), if one is planned. */
  nextFollowUp: Date | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const dateOf = (v: unknown): string | null => (v instanceof Date ? v.toISOString().slice(0, 10) : str(v));

/** A step belongs to the individual when its party is the individual's code instead of an organisation's. */
export const isIndividualStep = (row: Record<string, unknown>): boolean => row.party === INDIVIDUAL_PARTY;

/** Splits the stored steps into the individual's own and the parties', each ordered by date (undated last). */
export function splitSteps(rows: IndividualPlanRow['steps']): {
  ownSteps: PlanStepForIndividual[];
  partySteps: PlanStepForIndividual[];
} {
  const steps = rows
    .map((r) => ({
      own: isIndividualStep(r),
      step: {
        description: str(r.description) ?? str(r.what) ?? '',
        dueDate: dateOf(r.due_date ?? r.dueDate),
        party: str(r.party),
      },
    }))
    .filter((s) => s.step.description !== '');
  const byDate = (a: PlanStepForIndividual, b: PlanStepForIndividual) =>
    (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
  return {
    ownSteps: steps
      .filter((s) => s.own)
      .map((s) => ({ ...s.step, party: null }))
      .sort(byDate),
    partySteps: steps
      .filter((s) => !s.own)
      .map((s) => s.step)
      .sort(byDate),
  };
}

/**
 * The samverkansplan of a case for the individual (print page and PDF): the individual's own steps, each party's
 * steps with dates, the ärendebärare and the next uppföljning. The same access rule as the case view (others get
 * NotFound) and every read is written to the audit log. Undefined when the case has no plan yet.
 */
export async function samverkansplanForUser(
  db: Knex,
  user: SessionUser,
  caseId: string,
  { format }: { format: 'html' | 'pdf' },
): Promise<SamverkansplanForIndividual | undefined> {
  const access = await accessCase(db, user, caseId);
  if (access.kind !== 'samverkan') throw new NotFound(`case ${caseId} has no samverkansplan`);
  await auditBy(db, user, {
    action: 'read',
    objectType: 'samverkansplan',
    objectId: caseId,
    caseId,
    details: { format },
  });
  const plan = await latestPlanForIndividual(db, caseId);
  if (!plan) return undefined;
  const ended = isEnded(access.case.status);
  return {
    caseId,
    version: plan.version,
    decidedOn: plan.created_at,
    arendebarareOrg: plan.arendebarare_org,
    ...splitSteps(plan.steps),
    nextFollowUp: ended ? null : await nextFollowUpDue(db, caseId),
  };
}
