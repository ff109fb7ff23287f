import type { Knex } from 'knex';

export interface NewNotification {
  idempotencyKey: string;
  username: string;
  caseId: string | null;
  template: string;
  title: string;
  link: string | null;
}

export interface Notification extends NewNotification {
  id: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Inserts in-app notifications; one whose idempotency key exists already is skipped. Returns how many were new. */
export async function insertNotifications(db: Knex, rows: NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db('notifications')
    .insert(rows.map((n) => ({ idempotency_key: n.idempotencyKey, username: n.username, case_id: n.caseId, template: n.template, title: n.title, link: n.link })))
    .onConflict('idempotency_key')
    .ignore()
    .returning('id');
  return inserted.length;
}

/** A user's notifications, newest first. */
export async function listNotificationsOf(db: Knex, username: string, { limit, unreadOnly }: { limit: number; unreadOnly: boolean }): Promise<Notification[]> {
  const q = db('notifications').where({ username }).orderBy('id', 'desc').limit(limit);
  if (unreadOnly) q.whereNull('read_at');
  const rows = await q;
  return rows.map((r) => ({
    id: String(r.id),
    idempotencyKey: r.idempotency_key,
    username: r.username,
    caseId: r.case_id,
    template: r.template,
    title: r.title,
    link: r.link,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

/** Marks one of the user's notifications read; false when it is not theirs or does not exist. */
export async function markNotificationRead(db: Knex, username: string, id: string): Promise<boolean> {
  const n = await db('notifications').where({ id, username }).whereNull('read_at').update({ read_at: db.fn.now() });
  return n > 0;
}
