import type { Knex } from 'knex';

/** Counts a user's unread notifications (index notifications(username, read_at)). */
export async function countUnreadNotifications(db: Knex, username: string): Promise<number> {
  const row = await db('notifications')
    .where({ username })
    .whereNull('read_at')
    .count<{ n: string }[]>('* as n')
    .first();
  return Number(row?.n ?? 0);
}
