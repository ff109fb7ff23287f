import type { Knex } from 'knex';

import { countUnreadNotifications } from '../repositories/notificationCounts.js';

/** The number of the user's unread in-app notifications (the count in the menu). */
export function unreadCount(db: Knex, username: string): Promise<number> {
  return countUnreadNotifications(db, username);
}

/** An in-app link as a path of this app: notification links are absolute (mail), the menu stays on this host. */
export function inAppPath(link: string | null): string | undefined {
  if (!link) return undefined;
  try {
    const u = new URL(link, 'http://app.invalid');
    return u.pathname.startsWith('/') ? `${u.pathname}${u.search}` : undefined;
  } catch {
    return undefined;
  }
}
