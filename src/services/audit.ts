import type { Knex } from 'knex';
import type { SessionUser } from '../middleware/auth.js';
import { insertAudit, insertAuditMany, searchAudit, type AuditEntry, type AuditFilter, type AuditRow } from '../repositories/audit.js';

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
export function auditBy(db: Knex, user: Pick<SessionUser, 'username' | 'orgCode'>, e: Omit<AuditEntry, 'username' | 'orgCode'>): Promise<void> {
  return audit(db, { username: user.username, orgCode: user.orgCode, ...e });
}

/** The log review (logggranskare): the search itself is logged with its filters, as reading the log is a read of case data. */
export async function reviewAuditLog(db: Knex, reviewer: SessionUser, filter: AuditFilter, { exported = false } = {}): Promise<{ rows: AuditRow[]; total: number }> {
  const result = await searchAudit(db, filter);
  const { limit: _l, offset: _o, ...criteria } = filter;
  await auditBy(db, reviewer, { action: exported ? 'export' : 'review', objectType: 'audit_log', objectId: filter.caseId ?? '*', caseId: filter.caseId ?? null, details: { ...criteria, rows: result.rows.length } });
  return result;
}

const csvCell = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // neutralise spreadsheet formulas (CSV injection) and quote everything
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The review result as CSV (UTF-8 with BOM so Excel reads å, ä, ö; semicolons as Swedish Excel expects). */
export function auditCsv(rows: AuditRow[]): string {
  const header = ['tid', 'anvandare', 'organisation', 'handelse', 'objekttyp', 'objekt', 'arende', 'ip', 'detaljer'];
  const lines = rows.map((r) => [r.at, r.username, r.org_code, r.action, r.object_type, r.object_id, r.case_id, r.ip, r.details].map(csvCell).join(';'));
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
