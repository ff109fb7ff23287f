import type { Knex } from 'knex';

export interface NewOutboxMessage {
  idempotencyKey: string;
  recipientUsername: string;
  recipientEmail: string | null;
  subject: string;
  bodyText: string;
  ics: string | null;
  caseId: string | null;
  template: string;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
}

interface Row {
  id: string;
  idempotency_key: string;
  recipient_username: string;
  recipient_email: string | null;
  subject: string;
  body_text: string;
  ics: string | null;
  case_id: string | null;
  template: string;
  created_at: Date;
  sent_at: Date | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

const toMessage = (r: Row): OutboxMessage => ({
  id: String(r.id),
  idempotencyKey: r.idempotency_key,
  recipientUsername: r.recipient_username,
  recipientEmail: r.recipient_email,
  subject: r.subject,
  bodyText: r.body_text,
  ics: r.ics,
  caseId: r.case_id,
  template: r.template,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
});

/** Inserts messages; a message whose idempotency key exists already is skipped. Returns how many were new. */
export async function insertOutboxMessages(db: Knex, messages: NewOutboxMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const inserted = await db('outbox_messages')
    .insert(
      messages.map((m) => ({
        idempotency_key: m.idempotencyKey,
        recipient_username: m.recipientUsername,
        recipient_email: m.recipientEmail,
        subject: m.subject,
        body_text: m.bodyText,
        ics: m.ics,
        case_id: m.caseId,
        template: m.template,
      })),
    )
    .onConflict('idempotency_key')
    .ignore()
    .returning('id');
  return inserted.length;
}

/** Newest messages first, optionally only one recipient's or one case's. */
export async function listOutboxMessages(
  db: Knex,
  { recipientUsername, caseId, limit }: { recipientUsername?: string; caseId?: string; limit: number },
): Promise<OutboxMessage[]> {
  const q = db('outbox_messages').select<Row[]>('*').orderBy('id', 'desc').limit(limit);
  if (recipientUsername) q.where({ recipient_username: recipientUsername });
  if (caseId) q.where({ case_id: caseId });
  return (await q).map(toMessage);
}

/**
 * Locks up to `limit` unsent messages that are due, skipping rows another sender holds (FOR UPDATE SKIP LOCKED),
 * so parallel senders never deliver the same row. Call inside a transaction; the lock holds until it ends.
 */
export async function claimDueMessages(
  trx: Knex.Transaction,
  { limit, maxAttempts }: { limit: number; maxAttempts: number },
): Promise<OutboxMessage[]> {
  const rows = await trx('outbox_messages')
    .select<Row[]>('*')
    .whereNull('sent_at')
    .where('attempts', '<', maxAttempts)
    .where('next_attempt_at', '<=', trx.fn.now())
    .orderBy('next_attempt_at')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  return rows.map(toMessage);
}

/** Marks a message delivered. */
export async function markSent(db: Knex, id: string): Promise<void> {
  await db('outbox_messages')
    .where({ id })
    .update({ sent_at: db.fn.now(), attempts: db.raw('attempts + 1'), last_error: null });
}

/** Records a failed attempt and when to try again. */
export async function markFailed(
  db: Knex,
  id: string,
  { error, retryInMs }: { error: string; retryInMs: number },
): Promise<void> {
  await db('outbox_messages')
    .where({ id })
    .update({
      attempts: db.raw('attempts + 1'),
      last_error: error.slice(0, 2000),
      next_attempt_at: db.raw(`now() + (? * interval '1 millisecond')`, [retryInMs]),
    });
}
