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
    .insert(
      rows.map((n) => ({
        idempotency_key: n.idempotencyKey,
        username: n.username,
        case_id: n.caseId,
        template: n.template,
        title: n.title,
        link: n.link,
      })),
    )
    .onConflict('idempotency_key')
    .ignore()
    .returning('id');
  return inserted.length;
}

/** A user's notifications, newest first. */
export async function listNotificationsOf(
  db: Knex,
  username: string,
  { limit, unreadOnly }: { limit: number; unreadOnly: boolean },
): Promise<Notification[]> {
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

/** Marks all of the user's unread notifications read; returns how many. */
export async function markAllNotificationsRead(db: Knex, username: string): Promise<number> {
  return db('notifications').where({ username }).whereNull('read_at').update({ read_at: db.fn.now() });
}

/** Someone who acts for a group in a case: who holds its open task, the referrer (aktualiserande part), or who last completed its task. */
export interface CaseActor {
  username: string;
  groupCode: string;
  /** 0: holds an open task of the group; 1: aktualiserade the case; 2: completed a task of the group */
  rank: number;
}

/**
 * The people who act in a case, per group, most relevant first: the assignee of the group's open task in the case,
 * the handläggare who aktualiserade it (for the referring organisation), who completed one of the group's tasks (newest first).
 * Only active users who are (still) members of the group count.
 */
export async function caseActors(db: Knex, caseId: string): Promise<CaseActor[]> {
  const { rows } = await db.raw<{ rows: CaseActor[] }>(
    `select a.username, a.group_code as "groupCode", a.rank
       from (
         select t.assignee as username, g.code as group_code, 0 as rank, coalesce(t.assigned_at, t.created_at) as at
           from tasks t cross join lateral unnest(t.candidate_groups) as g(code)
          where t.case_id = :caseId and t.state = 'open' and t.assignee is not null
         union all
         select c.referring_user, c.referring_org, 1, c.referred_at
           from cases c where c.case_id = :caseId
         union all
         select t.completed_by, g.code, 2, t.completed_at
           from tasks t cross join lateral unnest(t.candidate_groups) as g(code)
          where t.case_id = :caseId and t.state = 'completed' and t.completed_by is not null
       ) a
       join users u on u.username = a.username and u.active
       join group_members m on m.username = a.username and m.group_code = a.group_code
      order by a.group_code, a.rank, a.at desc`,
    { caseId },
  );
  return rows;
}
