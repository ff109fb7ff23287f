import type { Knex } from 'knex';

import type { SessionUser } from '../domain/sessionUser.js';
import { activeRecipients } from '../repositories/groupMembers.js';
import {
  caseActors,
  insertNotifications,
  listNotificationsOf,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
} from '../repositories/notifications.js';
import { insertOutboxMessages, listOutboxMessages, type OutboxMessage } from '../repositories/outbox.js';
import { renderNotification } from '../views/notificationMessages.js';
import type { MeetingKind, NotificationTemplate } from './notificationTemplates.js';

export interface NotifyRequest {
  template: NotificationTemplate;
  caseId: string;
  recipientGroups: string[];
  recipientUsers: string[];
  dueAt?: Date;
  meetingAt?: Date;
  meetingKind?: MeetingKind;
  meetingDurationMinutes?: number;
  /** The task a notification is about (task-assigned links to it). */
  taskId?: string;
  /**
   * `actors` (default): each group's message goes to the person who acts for that group in the case (see
   * `recipientsWhoAct`); `groups`: to every active member of the groups.
   */
  reach?: 'actors' | 'groups';
  /** The key that makes this notification idempotent: the job key (one notification per job and recipient). */
  sourceKey: string;
  baseUrl: string;
  now?: Date;
}

/**
 * Writes one outbox mail and one in-app notification per recipient, through `db` (pass the job's transaction so
 * they commit with the job ledger). Keys are `<sourceKey>:<username>`; a repeated call adds nothing.
 */
export async function notify(db: Knex, req: NotifyRequest): Promise<{ recipients: number; newMessages: number }> {
  const to =
    req.reach === 'groups'
      ? { groups: req.recipientGroups, usernames: req.recipientUsers }
      : await recipientsWhoAct(db, req.caseId, req.recipientGroups, req.recipientUsers);
  const recipients = await activeRecipients(db, to);
  const now = req.now ?? new Date();
  const rendered = recipients.map((r) => {
    const key = `${req.sourceKey}:${r.username}`;
    const msg = renderNotification({
      template: req.template,
      caseId: req.caseId,
      baseUrl: req.baseUrl,
      messageKey: key,
      now,
      ...(req.dueAt ? { dueAt: req.dueAt } : {}),
      ...(req.meetingAt ? { meetingAt: req.meetingAt } : {}),
      ...(req.meetingKind ? { meetingKind: req.meetingKind } : {}),
      ...(req.meetingDurationMinutes ? { meetingDurationMinutes: req.meetingDurationMinutes } : {}),
      ...(req.taskId ? { taskId: req.taskId } : {}),
    });
    return { key, recipient: r, msg };
  });
  const newMessages = await insertOutboxMessages(
    db,
    rendered.map(({ key, recipient, msg }) => ({
      idempotencyKey: key,
      recipientUsername: recipient.username,
      recipientEmail: recipient.email,
      subject: msg.subject,
      bodyText: msg.bodyText,
      ics: msg.ics ?? null,
      caseId: req.caseId,
      template: req.template,
    })),
  );
  await insertNotifications(
    db,
    rendered.map(({ key, recipient, msg }) => ({
      idempotencyKey: key,
      username: recipient.username,
      caseId: req.caseId,
      template: req.template,
      title: msg.title,
      link: msg.link,
    })),
  );
  return { recipients: recipients.length, newMessages };
}

/** Roles that see every outgoing message in /utkorg; others see only messages addressed to them. */
export const OUTBOX_ALL_ROLES = ['admin', 'samordnare'] as const;

/** The /utkorg list: newest first; all messages for admin/samordnare, otherwise only the viewer's own. */
export async function listOutbox(
  db: Knex,
  viewer: Pick<SessionUser, 'username' | 'role'>,
  { limit = 200, caseId }: { limit?: number; caseId?: string } = {},
): Promise<OutboxMessage[]> {
  const all = (OUTBOX_ALL_ROLES as readonly string[]).includes(viewer.role);
  return listOutboxMessages(db, {
    limit,
    ...(all ? {} : { recipientUsername: viewer.username }),
    ...(caseId ? { caseId } : {}),
  });
}

/** The viewer's in-app notifications, newest first. */
export function listNotifications(
  db: Knex,
  username: string,
  { limit = 100, unreadOnly = false }: { limit?: number; unreadOnly?: boolean } = {},
): Promise<Notification[]> {
  return listNotificationsOf(db, username, { limit, unreadOnly });
}

/**
 * Who a message to groups reaches: for each group, the person who acts for it in the case (the assignee of the
 * group's open task in the case; else the referrer for the aktualiserande part; else who last completed one of the
 * group's tasks, e.g. the ärendebärare's handläggare who set up the plan).
 * A group with nobody acting in the case yet (a new task waiting for someone to take it) reaches all its members.
 * Users named directly are always included.
 */
export async function recipientsWhoAct(
  db: Knex,
  caseId: string,
  groups: string[],
  usernames: string[],
): Promise<{ groups: string[]; usernames: string[] }> {
  if (groups.length === 0) return { groups, usernames };
  const actors = await caseActors(db, caseId);
  const chosen = new Set(usernames);
  const whole: string[] = [];
  for (const g of groups) {
    const first = actors.find((a) => a.groupCode === g);
    if (first) chosen.add(first.username);
    else whole.push(g);
  }
  return { groups: whole, usernames: [...chosen] };
}

/** Tells a colleague that a task was assigned to them (in the app and by mail); one message per assignment. */
export async function notifyAssigned(
  db: Knex,
  a: { taskId: string; caseId: string | null; assignee: string; assignedBy: string; baseUrl: string },
): Promise<void> {
  await notify(db, {
    template: 'task-assigned',
    caseId: a.caseId ?? '',
    taskId: a.taskId,
    recipientGroups: [],
    recipientUsers: [a.assignee],
    reach: 'groups',
    sourceKey: `assign:${a.taskId}:${a.assignedBy}:${Date.now()}`,
    baseUrl: a.baseUrl,
  });
}

/** Marks all of the viewer's unread notifications read; returns how many. */
export function markAllRead(db: Knex, username: string): Promise<number> {
  return markAllNotificationsRead(db, username);
}

/** Marks one of the viewer's notifications read. */
export function markRead(db: Knex, username: string, id: string): Promise<boolean> {
  return markNotificationRead(db, username, id);
}
