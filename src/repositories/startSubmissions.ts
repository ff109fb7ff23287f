import type { Knex } from 'knex';

export interface StartSubmissionRow {
  idempotency_key: string;
  kind: string;
  username: string;
  case_id: string | null;
  created_at: Date;
}

/** Claims an idempotency key for a start form; false when it was claimed before (double submit). */
export async function claimSubmission(db: Knex, s: { key: string; kind: string; username: string }): Promise<boolean> {
  const rows = await db('start_submissions')
    .insert({ idempotency_key: s.key, kind: s.kind, username: s.username })
    .onConflict('idempotency_key')
    .ignore()
    .returning('idempotency_key');
  return rows.length > 0;
}

/** The submission of a key, if any. */
export function findSubmission(db: Knex, key: string): Promise<StartSubmissionRow | undefined> {
  return db('start_submissions').where({ idempotency_key: key }).first<StartSubmissionRow | undefined>();
}

/** Records the case a submission created. */
export async function completeSubmission(db: Knex, key: string, caseId: string): Promise<void> {
  await db('start_submissions').where({ idempotency_key: key }).update({ case_id: caseId });
}

/** Frees a key whose submission failed, so the same form can be sent again. */
export async function releaseSubmission(db: Knex, key: string): Promise<void> {
  await db('start_submissions').where({ idempotency_key: key }).whereNull('case_id').delete();
}
