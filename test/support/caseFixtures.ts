import type { Knex } from 'knex';

import { stockholmDateOf } from '../../src/domain/calendar.js';
import type { Engine, Job } from '../../src/engine/client.js';
import {
  insertCase,
  insertConsent,
  type NewCase,
  type NewConsent,
  type NewPerson,
  nextCaseId,
  upsertPerson,
} from '../../src/repositories/cases.js';
import { insertRoutineCase } from '../../src/repositories/routineCases.js';
import { aktualisera, type AktualiseraInput } from '../../src/services/cases.js';
import { blindIndex, encryptSecret, normalisePersonnummer } from '../../src/services/crypto.js';
import { elementIdOf } from './bpmnCoverage.js';
import { testPersonnummer } from './builders.js';
import { clock, eventually, instanceIsActive } from './harness.js';

/** The one personnummer builder, also offered here beside the case fixtures that use it. */
export { testPersonnummer };

const plusDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An aktualisering that meets every criterion (Vuxentorget, 36 years, folkbokförd in Umeå, valid samtycke). */
export function validReferral(
  overrides: Omit<Partial<AktualiseraInput>, 'person'> & { person?: Partial<AktualiseraInput['person']> } = {},
): AktualiseraInput {
  const { person, ...rest } = overrides;
  return {
    person: { personnummer: testPersonnummer(1990), kon: 'K', folkbokfordKommun: 'Umeå', skyddad: false, ...person },
    verksamhet: 'vuxentorget',
    targetGroup: 'sammansatt',
    referringOrg: 'af',
    referringUser: 'af.handlaggare',
    informedOfAim: true,
    readyForChange: true,
    consent: {
      parties: ['af', 'umea-fsd'],
      dataCategories: ['kartlaggning', 'planering'],
      validFrom: plusDays(-1),
      validTo: plusDays(800),
      signedCopyGiven: true,
      textVersion: '2026-1',
    },
    ...rest,
  };
}

/** Aktualiserar through the real service; returns the case id and its process instance id (`cases.process_instance_key`). */
export async function referCase(
  deps: { db: Knex; engine: Engine },
  input: AktualiseraInput = validReferral(),
): Promise<{ caseId: string; pik: string }> {
  const caseId = await aktualisera(deps, input);
  const row = await deps.db('cases').where({ case_id: caseId }).first<{ process_instance_key: string }>();
  return { caseId, pik: String(row.process_instance_key) };
}

/** Person fields a seeded case may set; the personnummer is made up, encrypted and blind-indexed as the app does. */
export type SeedPerson = Partial<NewPerson> & { personnummer?: string };

async function seedPerson(db: Knex, person: SeedPerson = {}): Promise<string> {
  const { personnummer, ...fields } = person;
  const birthYear = fields.birthYear ?? 1990;
  const pnr = normalisePersonnummer(personnummer ?? testPersonnummer(birthYear));
  return upsertPerson(db, {
    personnummerEnc: encryptSecret(pnr),
    personnummerHmac: blindIndex(pnr),
    kon: 'K',
    folkbokfordKommun: 'Umeå',
    skyddad: false,
    ...fields,
    birthYear,
  });
}

export interface SeedCaseOptions {
  /** The case id; the next number of the samverkan case sequence (as aktualisera() takes it) by default. */
  caseId?: string;
  /** The person: a woman born 1990, folkbokförd in Umeå, not skyddad, by default. */
  person?: SeedPerson;
  /** Case columns other than the ids: a Vuxentorget case of the sammansatt group referred by AF by default. */
  case?: Partial<Omit<NewCase, 'caseId' | 'personId'>>;
  /** The samtycke: valid from yesterday for 800 days, af and umea-fsd, kartläggning and planering by default. */
  consent?: Partial<Omit<NewConsent, 'caseId'>>;
}

/**
 * A samverkan case as aktualisera() stores it (person, case, samtycke) but without starting an instance: for tests that
 * run one worker against a fixture model or read the rows through the app. Returns the case id and the person id.
 */
export async function seedCaseRows(
  db: Knex,
  opts: SeedCaseOptions = {},
): Promise<{ caseId: string; personId: string }> {
  // the defaults are validReferral()'s, as aktualisera() would store them
  const { person, consent, ...referral } = validReferral();
  const personId = await seedPerson(db, {
    kon: person.kon,
    folkbokfordKommun: person.folkbokfordKommun,
    ...opts.person,
  });
  const caseId = opts.caseId ?? (await nextCaseId(db, 'SV', new Date().getFullYear()));
  await insertCase(db, { caseId, personId, ...referral, ...opts.case });
  await insertConsent(db, { caseId, ...consent, textVersion: consent.textVersion ?? '2026-1', ...opts.consent });
  return { caseId, personId };
}

/** seedCaseRows() for the tests that need only the case id. */
export async function seedCase(db: Knex, opts: SeedCaseOptions = {}): Promise<string> {
  return (await seedCaseRows(db, opts)).caseId;
}

/** An etablering or arbetsprövning case as startEtablering()/startInventering() store it, without an instance. */
export async function seedRoutineCase(db: Knex, routine: 'etablering' | 'arbetsprovning'): Promise<string> {
  const personId = await seedPerson(db, { birthYear: 1988 });
  const caseId = await nextCaseId(db, routine === 'etablering' ? 'ET' : 'AP', new Date().getFullYear());
  await insertRoutineCase(db, {
    caseId,
    personId,
    routine,
    responsibleOrg: routine === 'etablering' ? 'af' : 'umea-fsd',
    openedOn: plusDays(0),
    programmeEndDate: routine === 'etablering' ? plusDays(730) : null,
  });
  return caseId;
}

/** Element ids the engine entered in an instance, from its activity history (a multi-instance body counts as its element). */
export async function visited(deps: { engine: Engine }, pik: string): Promise<string[]> {
  return [...new Set((await deps.engine.activityHistory({ processInstanceId: pik })).map(elementIdOf))];
}

/** Waits until the engine's history shows the element entered in the instance. */
export const reached = (deps: { engine: Engine }, pik: string, elementId: string, timeoutMs = 20_000) =>
  eventually(async () => (await visited(deps, pik)).includes(elementId), {
    what: `${elementId} reached in ${pik}`,
    timeoutMs,
  });

/** Waits until the instance has ended. */
export const ended = (engine: Engine, pik: string) =>
  eventually(async () => !(await instanceIsActive(engine, pik)), { what: `instance ${pik} ended`, timeoutMs: 30_000 });

/** Outbox templates written for a case. */
export async function outboxTemplates(db: Knex, caseId: string): Promise<string[]> {
  const rows = await db('outbox_messages').where({ case_id: caseId }).select<{ template: string }[]>('template');
  return [...new Set(rows.map((r) => r.template))].sort();
}

/** The engine's (controlled) date in Stockholm, plus `days`: what `dateTime()` in the models and the timers see. */
export async function engineDate(days = 0): Promise<string> {
  return stockholmDateOf(new Date((await clock.now()) + days * 86_400_000));
}

const timerJobs = (engine: Engine, pik: string) => engine.jobs({ processInstanceId: pik, timers: true });

/** Executes a job unless it is gone meanwhile (the job executor fired it first: then the execute call loses). */
async function executeUnlessGone(engine: Engine, pik: string, jobId: string): Promise<void> {
  try {
    await engine.executeJob(jobId);
  } catch (err) {
    if ((await timerJobs(engine, pik)).some((j) => j.id === jobId)) throw err;
  }
}

/**
 * Fires the instance's timers that are due at the engine's time, deterministically: the job executor (woken by the clock
 * move) gets `graceMs` to fire them; the ones still there afterwards are executed through `POST /job/{id}/execute`.
 * Returns how many timers were due.
 */
export async function fireDueTimers(engine: Engine, pik: string, { graceMs = 3_000 } = {}): Promise<number> {
  const now = await clock.now();
  const due = (await timerJobs(engine, pik)).filter((j) => j.dueDate && Date.parse(j.dueDate) <= now);
  if (due.length === 0) return 0;
  const ids = new Set(due.map((j) => j.id));
  let left: Job[] = due;
  try {
    await eventually(
      async () => {
        left = (await timerJobs(engine, pik)).filter((j) => ids.has(j.id));
        return left.length === 0;
      },
      { timeoutMs: graceMs, intervalMs: 200, what: `due timers of ${pik} fired by the job executor` },
    );
  } catch {
    for (const j of left) await executeUnlessGone(engine, pik, j.id);
  }
  return due.length;
}

/**
 * Moves the engine clock to `ms` past the ISO date-time `at` (e.g. a task's due or follow-up date, which the timers
 * share) and fires the instance's timers that are due then (see fireDueTimers). Never moves the clock back.
 */
export async function advancePast(engine: Engine, pik: string, at: string, ms = 3_600_000): Promise<void> {
  const delta = Date.parse(at) + ms - (await clock.now());
  if (delta > 0) await clock.advance(delta);
  await fireDueTimers(engine, pik);
}

/**
 * Drives the instance's timers until the element is reached: waits for a timer job of the instance to exist, moves
 * the clock just past its due date and fires it, and repeats (at most `maxTimers` timers).
 */
export async function advanceUntil(
  deps: { engine: Engine },
  pik: string,
  elementId: string,
  { maxTimers = 5, timeoutMs = 20_000 } = {},
): Promise<void> {
  for (let i = 0; i <= maxTimers; i++) {
    const next = await eventually(
      async () => {
        if ((await visited(deps, pik)).includes(elementId)) return { reached: true as const };
        const [job] = (await timerJobs(deps.engine, pik))
          .filter((j) => j.dueDate)
          .sort((a, b) => Date.parse(a.dueDate!) - Date.parse(b.dueDate!));
        return job ? { reached: false as const, job } : undefined;
      },
      { timeoutMs, what: `${elementId} or a timer in ${pik}` },
    );
    if (next.reached) return;
    await advancePast(deps.engine, pik, next.job.dueDate!, 60_000);
  }
  throw new Error(`${elementId} not reached in ${pik} after ${maxTimers} timers`);
}
