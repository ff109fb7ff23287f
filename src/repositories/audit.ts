import type { Knex } from 'knex';
import { requestContext } from '../policy/requestContext.js';

/** One audit entry to append: who did what to which object (and case), from where. */
export interface AuditEntry {
  username: string;
  orgCode?: string | null;
  action: string;
  objectType: string;
  objectId: string;
  caseId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** A stored audit row. */
export interface AuditRow {
  id: string;
  at: Date;
  username: string;
  org_code: string | null;
  action: string;
  object_type: string;
  object_id: string;
  case_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** Appends an entry (IP defaults to the current request's). audit_log is append-only (migration 0006: a trigger refuses UPDATE, DELETE and TRUNCATE). */
export async function insertAudit(db: Knex, e: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    username: e.username,
    org_code: e.orgCode ?? null,
    action: e.action,
    object_type: e.objectType,
    object_id: e.objectId,
    case_id: e.caseId ?? null,
    ip: e.ip ?? requestContext()?.ip ?? null,
    details: JSON.stringify(e.details ?? {}),
  });
}

/** Filters of the review page; dates are inclusive Stockholm calendar days. */
export interface AuditFilter {
  username?: string | undefined;
  caseId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset?: number;
}

/** The entries matching the filters, newest first, and the total count. */
export async function searchAudit(db: Knex, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const q = db('audit_log');
  if (f.username) q.where('username', f.username);
  if (f.caseId) q.where('case_id', f.caseId);
  if (f.from) q.whereRaw(`at >= (?::date)::timestamp at time zone 'Europe/Stockholm'`, [f.from]);
  if (f.to) q.whereRaw(`at < ((?::date + 1)::timestamp at time zone 'Europe/Stockholm')`, [f.to]);
  const [rows, count] = await Promise.all([
    q.clone().orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset ?? 0).select<AuditRow[]>('*'),
    q.clone().count<{ n: string }[]>('* as n'),
  ]);
  return { rows, total: Number(count[0]?.n ?? 0) };
}
