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

/** A stored audit row (with the user's display name when the user is known). */
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
  display_name?: string | null;
}

const rowOf = (e: AuditEntry) => ({
  username: e.username,
  org_code: e.orgCode ?? null,
  action: e.action,
  object_type: e.objectType,
  object_id: e.objectId,
  case_id: e.caseId ?? null,
  ip: e.ip ?? requestContext()?.ip ?? null,
  details: JSON.stringify(e.details ?? {}),
});

/** Appends an entry (IP defaults to the current request's). audit_log is append-only (migration 0006: a trigger refuses UPDATE, DELETE and TRUNCATE). */
export async function insertAudit(db: Knex, e: AuditEntry): Promise<void> {
  await db('audit_log').insert(rowOf(e));
}

/** Appends several entries in one statement (e.g. one per case shown on a page). */
export async function insertAuditMany(db: Knex, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await db('audit_log').insert(entries.map(rowOf));
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

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The entries matching the filters, newest first, and the total count. The user filter finds part of a username or
 * of a display name ("anna" finds af.handlaggare, Anna Andersson); the case filter is exact.
 */
export async function searchAudit(db: Knex, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const q = db('audit_log as a');
  if (f.username) {
    const like = likeText(f.username);
    q.where((w) =>
      w
        .where('a.username', 'ilike', like)
        .orWhereIn('a.username', db('users').select('username').where('display_name', 'ilike', like)),
    );
  }
  if (f.caseId) q.where('a.case_id', f.caseId);
  if (f.from) q.whereRaw(`a.at >= (?::date)::timestamp at time zone 'Europe/Stockholm'`, [f.from]);
  if (f.to) q.whereRaw(`a.at < ((?::date + 1)::timestamp at time zone 'Europe/Stockholm')`, [f.to]);
  const [rows, count] = await Promise.all([
    q
      .clone()
      .leftJoin('users as u', 'u.username', 'a.username')
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(f.limit)
      .offset(f.offset ?? 0)
      .select<AuditRow[]>('a.*', 'u.display_name'),
    q.clone().count<{ n: string }[]>('* as n'),
  ]);
  return { rows, total: Number(count[0]?.n ?? 0) };
}
