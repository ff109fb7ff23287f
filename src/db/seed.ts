import type { Knex } from 'knex';

import { BEREDNING_GROUPS, ORGANISATIONS, type OrgCode, type Role } from '../domain/organisations.js';
import { hashPassword } from '../services/passwords.js';

/** The password of every seeded demo user (embedded mode only; production logs in through OIDC). */
export const DEMO_PASSWORD = 'demo';

interface DemoUser {
  username: string;
  displayName: string;
  org: OrgCode;
  role: Role;
  groups: string[];
}

/** Demo users: at least one per organisation and role. Group codes are the BPMN candidate groups. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'af.handlaggare', displayName: 'Anna Andersson (AF)', org: 'af', role: 'handlaggare', groups: ['af'] },
  { username: 'af.handlaggare2', displayName: 'Ali Hassan (AF)', org: 'af', role: 'handlaggare', groups: ['af'] },
  { username: 'fk.handlaggare', displayName: 'Fredrik Karlsson (FK)', org: 'fk', role: 'handlaggare', groups: ['fk'] },
  {
    username: 'fsd.handlaggare',
    displayName: 'Sara Lind (försörjningsstöd)',
    org: 'umea-fsd',
    role: 'handlaggare',
    groups: ['umea-fsd'],
  },
  {
    username: 'viva.handlaggare',
    displayName: 'Vera Nilsson (Viva)',
    org: 'umea-viva',
    role: 'handlaggare',
    groups: ['umea-viva'],
  },
  {
    username: 'kaa.handlaggare',
    displayName: 'Karim Omar (KAA)',
    org: 'umea-kaa',
    role: 'handlaggare',
    groups: ['umea-kaa'],
  },
  {
    username: 'vux.handlaggare',
    displayName: 'Vilma Åberg (Centrum för vuxenutbildning)',
    org: 'umea-vuxenutbildning',
    role: 'handlaggare',
    groups: ['umea-vuxenutbildning'],
  },
  {
    username: 'syv.handlaggare',
    displayName: 'Sam Yilmaz (studie- och yrkesvägledare)',
    org: 'umea-syv',
    role: 'handlaggare',
    groups: ['umea-syv'],
  },
  {
    username: 'integration.handlaggare',
    displayName: 'Ines Holm (Integration)',
    org: 'umea-integration',
    role: 'handlaggare',
    groups: ['umea-integration'],
  },
  {
    username: 'arenor.arbetsledare',
    displayName: 'Arvid Lund (Arenor för prövning)',
    org: 'umea-arenor',
    role: 'handlaggare',
    groups: ['umea-arenor'],
  },
  {
    username: 'hikikomori.handlaggare',
    displayName: 'Hanna Berg (Hikikomori)',
    org: 'umea-hikikomori',
    role: 'handlaggare',
    groups: ['umea-hikikomori'],
  },
  {
    username: 'psykiatri.handlaggare',
    displayName: 'Per Sjöberg (psykiatri)',
    org: 'region-psykiatri',
    role: 'handlaggare',
    groups: ['region-psykiatri'],
  },
  {
    username: 'primarvard.handlaggare',
    displayName: 'Lena Ek (primärvård)',
    org: 'region-primarvard',
    role: 'handlaggare',
    groups: ['region-primarvard'],
  },
  {
    username: 'rados.handlaggare',
    displayName: 'Rut Olsson (Råd och stöd)',
    org: 'region-rados',
    role: 'handlaggare',
    groups: ['region-rados'],
  },
  {
    username: 'ungdomshalsan.handlaggare',
    displayName: 'Ulf Ström (Ungdomshälsan)',
    org: 'region-ungdomshalsan',
    role: 'handlaggare',
    groups: ['region-ungdomshalsan'],
  },
  ...(
    [
      ['nordmaling', 'Nordmaling'],
      ['vannas', 'Vännäs'],
      ['bjurholm', 'Bjurholm'],
      ['vindeln', 'Vindeln'],
      ['robertsfors', 'Robertsfors'],
    ] as const
  ).map(([k, name]) => ({
    username: `${k}.handlaggare`,
    displayName: `Handläggare samordningsteam ${name}`,
    org: k,
    role: 'handlaggare' as const,
    groups: [k, `beredning-${k}`],
  })),
  {
    username: 'samordnare',
    displayName: 'Maria Samordnare',
    org: 'forbundet',
    role: 'samordnare',
    groups: ['samordnare', 'beredning-umea-ungdom', 'beredning-umea-vuxen'],
  },
  {
    username: 'processagare',
    displayName: 'Peter Processägare',
    org: 'forbundet',
    role: 'processagare',
    groups: ['processagare'],
  },
  { username: 'styrgrupp', displayName: 'Stina Styrgrupp', org: 'forbundet', role: 'styrgrupp', groups: ['styrgrupp'] },
  {
    username: 'kansli',
    displayName: 'Karin Förbundskansli',
    org: 'forbundet',
    role: 'forbundskansli',
    groups: ['forbundskansli'],
  },
  { username: 'admin', displayName: 'Adam Admin', org: 'forbundet', role: 'admin', groups: ['admin'] },
  {
    username: 'logggranskare',
    displayName: 'Linn Logggranskare',
    org: 'forbundet',
    role: 'logggranskare',
    groups: ['logggranskare'],
  },
];

/** Inserts or refreshes organisations, groups, beredning groups and demo users. Idempotent. */
export async function seedDemoData(db: Knex): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (trx) => {
    await trx('organisations')
      .insert(ORGANISATIONS.map((o) => ({ ...o })))
      .onConflict('code')
      .merge();
    const groupCodes = new Set<string>([
      ...ORGANISATIONS.map((o) => o.code),
      ...BEREDNING_GROUPS.map((g) => `beredning-${g.code}`),
      ...DEMO_USERS.flatMap((u) => u.groups),
    ]);
    const orgName = new Map<string, string>(ORGANISATIONS.map((o) => [o.code, o.name]));
    await trx('groups')
      .insert([...groupCodes].map((code) => ({ code, name: orgName.get(code) ?? code })))
      .onConflict('code')
      .merge();
    await trx('beredning_groups')
      .insert(
        BEREDNING_GROUPS.map((g) => ({
          code: g.code,
          name: g.name,
          weekday: g.weekday,
          interval_weeks: g.intervalWeeks,
          anchor_date: g.anchorDate,
          candidate_group: `beredning-${g.code}`,
        })),
      )
      .onConflict('code')
      .ignore(); // an admin may have changed the weekday; keep it
    await trx('users')
      .insert(
        DEMO_USERS.map((u) => ({
          username: u.username,
          display_name: u.displayName,
          org_code: u.org,
          role: u.role,
          email: `${u.username}@demo.samverkan.local`,
          password_hash: passwordHash,
        })),
      )
      .onConflict('username')
      .ignore();
    await trx('group_members')
      .insert(DEMO_USERS.flatMap((u) => u.groups.map((g) => ({ group_code: g, username: u.username }))))
      .onConflict(['group_code', 'username'])
      .ignore();
  });
}
