import type { Knex } from 'knex';

import { withCheckDigit } from '../domain/personnummer.js';
import type { Engine } from '../engine/client.js';
import { logger } from '../logger.js';
import { aktualisera, type AktualiseraInput, startEtablering, startInventering } from './cases.js';

/** A made-up personnummer with a valid check digit for demo cases (birth number 98N). */
const demoPersonnummer = (birth: string, serial: number): string => withCheckDigit(`${birth}98${serial % 10}`);

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The embedded demo starts with a few running cases, so the task lists, the beredning agenda and Cockpit have
 * something to show: three samverkan cases (Vuxentorget, Ungdomstorget, the Vännäs samordningsteam), one etablering and
 * one inventering towards Arenor för prövning. They go through the real services and processes. Only when the database
 * has no case at all; never in production.
 */
export async function seedDemoCases(deps: { db: Knex; engine: Engine }): Promise<number> {
  const anyCase = await deps.db('cases').first('case_id');
  if (anyCase) return 0;
  const today = new Date();
  const consent = (parties: string[]) => ({
    parties,
    dataCategories: ['kartlaggning', 'planering', 'insatser'],
    validFrom: isoDate(today),
    validTo: isoDate(new Date(today.getTime() + 365 * 86_400_000)),
    signedCopyGiven: true,
    textVersion: '2026-1',
  });
  const referrals: AktualiseraInput[] = [
    {
      person: { personnummer: demoPersonnummer('19850412', 1), kon: 'K', folkbokfordKommun: 'Umeå' },
      verksamhet: 'vuxentorget',
      targetGroup: 'sammansatt',
      referringOrg: 'af',
      referringUser: 'af.handlaggare',
      informedOfAim: true,
      readyForChange: true,
      consent: consent(['af', 'umea-fsd']),
    },
    {
      person: { personnummer: demoPersonnummer('20030917', 2), kon: 'M', folkbokfordKommun: 'Umeå' },
      verksamhet: 'ungdomstorget',
      targetGroup: 'arbetssokande',
      referringOrg: 'umea-fsd',
      referringUser: 'fsd.handlaggare',
      informedOfAim: true,
      readyForChange: true,
      consent: consent(['umea-fsd', 'af', 'region-ungdomshalsan']),
    },
    {
      person: { personnummer: demoPersonnummer('19780203', 3), kon: 'K', folkbokfordKommun: 'Vännäs' },
      verksamhet: 'st-vannas',
      targetGroup: 'vuxna',
      referringOrg: 'fk',
      referringUser: 'fk.handlaggare',
      informedOfAim: true,
      readyForChange: true,
      consent: consent(['fk', 'vannas']),
    },
  ];
  let started = 0;
  for (const r of referrals) {
    await aktualisera(deps, r);
    started++;
  }
  await startEtablering(deps, {
    person: { personnummer: demoPersonnummer('19920625', 4), kon: 'M', folkbokfordKommun: 'Umeå' },
    programmeEndDate: isoDate(new Date(today.getTime() + 540 * 86_400_000)),
  });
  await startInventering(deps, {
    person: { personnummer: demoPersonnummer('19890130', 5), kon: 'K', folkbokfordKommun: 'Umeå' },
  });
  started += 2;
  logger.info({ started }, 'demo cases started');
  return started;
}
