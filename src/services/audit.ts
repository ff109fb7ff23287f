import type { Knex } from 'knex';

import type { SessionUser } from '../domain/sessionUser.js';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditRow,
  insertAudit,
  insertAuditMany,
  searchAudit,
} from '../repositories/audit.js';

/**
 * Appends an audit entry (who read or changed which case data). The client IP is taken from the request context
 * when the entry is written during a web request; workers and scripts write without one.
 */
export async function audit(db: Knex, e: AuditEntry): Promise<void> {
  await insertAudit(db, e);
}

/** Appends several entries at once (one per case shown on a page). */
export async function auditMany(db: Knex, entries: AuditEntry[]): Promise<void> {
  await insertAuditMany(db, entries);
}

/** Shorthand for an entry made by a logged-in user. */
export function auditBy(
  db: Knex,
  user: Pick<SessionUser, 'username' | 'orgCode'>,
  e: Omit<AuditEntry, 'username' | 'orgCode'>,
): Promise<void> {
  return audit(db, { username: user.username, orgCode: user.orgCode, ...e });
}

/** The log review (logggranskare): the search itself is logged with its filters, as reading the log is a read of case data. */
export async function reviewAuditLog(
  db: Knex,
  reviewer: SessionUser,
  filter: AuditFilter,
  { exported = false } = {},
): Promise<{ rows: AuditRow[]; total: number }> {
  const result = await searchAudit(db, filter);
  const { limit: _l, offset: _o, ...criteria } = filter;
  await auditBy(db, reviewer, {
    action: exported ? 'export' : 'review',
    objectType: 'audit_log',
    objectId: filter.caseId ?? '*',
    caseId: filter.caseId ?? null,
    details: { ...criteria, rows: result.rows.length },
  });
  return result;
}

/** Why the route guard refused a request: the role has no row for the route, the organisation is not among the row's, or the route has no row at all. */
export type RouteRefusalReason = 'role' | 'organisation' | 'no-policy';

// A path holds only what the app puts there (pseudonymous case ids, task and incident ids, codes), but a hand-typed
// address may hold anything: digits shaped like a personnummer or samordningsnummer are masked before they are logged.
const PERSONNUMMER_LIKE = /(?<!\d)(?:\d{2})?\d{6}(?:[-+]|%2B)?\d{4}(?!\d)/gi;
const MAX_OBJECT_ID = 255; // the column's length

/**
 * Logs a request the route guard refused (403): who (user, organisation, role), when, what (method and path, never the
 * query string, which may carry search terms), from where (the request's IP, from the request context). The case id
 * of a case route is stored as the entry's case, so a review of that case finds the attempt.
 */
export function auditRefusedRequest(
  db: Knex,
  user: Pick<SessionUser, 'username' | 'orgCode' | 'role'>,
  r: { method: string; path: string; route: string | null; reason: RouteRefusalReason; caseId?: string | null },
): Promise<void> {
  const masked = (s: string) => s.replace(PERSONNUMMER_LIKE, '…');
  return auditBy(db, user, {
    action: 'refused',
    objectType: 'route',
    objectId: `${r.method} ${masked(r.path)}`.slice(0, MAX_OBJECT_ID),
    caseId: r.caseId && masked(r.caseId) === r.caseId ? r.caseId : null,
    details: { role: user.role, reason: r.reason, ...(r.route ? { route: r.route } : {}) },
  });
}
