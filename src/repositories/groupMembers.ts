import type { Knex } from 'knex';

export interface Recipient {
  username: string;
  email: string | null;
}

/** Active users who are members of any of the groups or are named directly, each once, ordered by username. */
export async function activeRecipients(
  db: Knex,
  { groups, usernames }: { groups: string[]; usernames: string[] },
): Promise<Recipient[]> {
  if (groups.length === 0 && usernames.length === 0) return [];
  return db('users as u')
    .distinct('u.username', 'u.email')
    .where('u.active', true)
    .andWhere((q) => {
      if (groups.length)
        q.orWhereIn('u.username', db('group_members').select('username').whereIn('group_code', groups));
      if (usernames.length) q.orWhereIn('u.username', usernames);
    })
    .orderBy('u.username');
}
