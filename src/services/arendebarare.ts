import type { Knex } from 'knex';

import {
  arendebarareChoiceError,
  FORSORJNING,
  type Forsorjning,
  isForsorjning,
  proposedArendebarare,
} from '../domain/arendebarare.js';
import type { FieldErrors } from '../errors.js';
import { findCase, findPerson, updateCase } from '../repositories/cases.js';

/** The form on which the planeringsträff (or a flerpartsmöte) sets the samverkansplan and the ärendebärare. */
export const PLAN_FORM_ID = 'samverkansplan';

/** What the plan form records in the app database only (never as process variables): the basis of the choice. */
export interface ArendebarareBasis {
  forsorjning: Forsorjning;
  arendebarareOrg: string;
  reason: string | null;
}

async function folkbokfordKommunOf(db: Knex, caseId: string): Promise<{ kommun: string; forsorjning: string | null }> {
  const c = await findCase(db, caseId);
  const person = c ? await findPerson(db, c.person_id) : undefined;
  return { kommun: person?.folkbokford_kommun ?? '', forsorjning: c?.forsorjning ?? null };
}

/**
 * The plan form's values with the ärendebärare proposal: the försörjning recorded before (a later plan) and, unless
 * the form already has one, the ärendebärare proposed from it; `arendebarareProposals` maps each försörjning to the
 * party proposed for this person, so the form can pre-select the proposal when the försörjning is chosen.
 */
export async function withArendebarareProposal(
  db: Knex,
  caseId: string,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { kommun, forsorjning } = await folkbokfordKommunOf(db, caseId);
  const proposals = Object.fromEntries(
    FORSORJNING.flatMap((f) => {
      const org = proposedArendebarare(f, kommun);
      return org ? [[f, org]] : [];
    }),
  );
  const out: Record<string, unknown> = { ...values, arendebarareProposals: proposals };
  if (out.forsorjning == null && isForsorjning(forsorjning)) out.forsorjning = forsorjning;
  if (out.arendebarareOrg == null && isForsorjning(out.forsorjning) && proposals[out.forsorjning])
    out.arendebarareOrg = proposals[out.forsorjning];
  return out;
}

/**
 * Checks the ärendebärare chosen on the plan form against the proposal from the person's försörjning and
 * folkbokföringskommun (another party needs a reason). The försörjning and the reason stay out of the variables that
 * go to the engine (`variables`); `basis` is what to record with the completion when there is no error.
 */
export async function checkArendebarareChoice(
  db: Knex,
  caseId: string,
  submitted: Record<string, unknown>,
): Promise<{ errors: FieldErrors; variables: Record<string, unknown>; basis?: ArendebarareBasis }> {
  const { forsorjning, arendebarareReason, ...variables } = submitted;
  const chosen = typeof variables.arendebarareOrg === 'string' ? variables.arendebarareOrg : null;
  if (!isForsorjning(forsorjning) || !chosen) return { errors: {}, variables };
  const reason = typeof arendebarareReason === 'string' && arendebarareReason.trim() ? arendebarareReason.trim() : null;
  const { kommun } = await folkbokfordKommunOf(db, caseId);
  const proposed = proposedArendebarare(forsorjning, kommun);
  const refusal = arendebarareChoiceError(proposed, chosen, reason);
  if (refusal) return { errors: { arendebarareReason: { code: refusal } }, variables };
  return {
    errors: {},
    variables,
    basis: { forsorjning, arendebarareOrg: chosen, reason: chosen === proposed ? null : reason },
  };
}

/** Records the person's försörjning and the reason for another ärendebärare on the case (inside the completion). */
export async function recordArendebarareBasis(trx: Knex, caseId: string, basis: ArendebarareBasis): Promise<void> {
  await updateCase(trx, caseId, { forsorjning: basis.forsorjning, arendebarare_reason: basis.reason });
}
