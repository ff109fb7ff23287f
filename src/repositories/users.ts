import type { Knex } from 'knex';

export interface UserRow {
  username: string;
  display_name: string;
  org_code: string;
  role: string;
  email: string | null;
  password_hash: string | null;
  active: boolean;
}

/** An active user by username (case-insensitive). */
export async function findActiveUser(db: Knex, username: string): Promise<UserRow | undefined> {
  return db('users')
    .whereRaw('lower(username) = lower(?)', [username])
    .andWhere({ active: true })
    .first<UserRow | undefined>();
}

/** An active user whose e-mail matches (case-insensitive); used to map an OIDC claim. */
export async function findActiveUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  return db('users')
    .whereRaw('lower(email) = lower(?)', [email])
    .andWhere({ active: true })
    .first<UserRow | undefined>();
}

/** The candidate-group codes a user belongs to. */
export async function groupsOf(db: Knex, username: string): Promise<string[]> {
  const rows = await db('group_members')
    .where({ username })
    .select<{ group_code: string }[]>('group_code')
    .orderBy('group_code');
  return rows.map((r) => r.group_code);
}

/** Active members of any of the groups, for "assign to a colleague". */
export async function membersOfGroups(
  db: Knex,
  groups: string[],
): Promise<{ username: string; display_name: string; group_code: string }[]> {
  if (groups.length === 0) return [];
  return db('group_members as gm')
    .join('users as u', 'u.username', 'gm.username')
    .whereIn('gm.group_code', groups)
    .andWhere('u.active', true)
    .select('u.username', 'u.display_name', 'gm.group_code')
    .orderBy('u.display_name');
}

/** Display names by username. */
export async function displayNames(db: Knex, usernames: string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db('users')
    .whereIn('username', usernames)
    .select<{ username: string; display_name: string }[]>('username', 'display_name');
  return new Map(rows.map((r) => [r.username, r.display_name]));
}
