import type { Knex } from 'knex';
import type { Engine } from '../../src/engine/client.js';
import { aktualisera, type AktualiseraInput } from '../../src/services/cases.js';
import { eventually, instanceIsActive } from './harness.js';

/** A test personnummer (12 digits) for a given birth year; the last four digits are random. */
export const testPersonnummer = (birthYear: number) => `${birthYear}0101${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

const plusDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An aktualisering that meets every criterion (Vuxentorget, 36 years, folkbokförd in Umeå, valid samtycke). */
export function validReferral(overrides: Omit<Partial<AktualiseraInput>, 'person'> & { person?: Partial<AktualiseraInput['person']> } = {}): AktualiseraInput {
  const { person, ...rest } = overrides;
  return {
    person: { personnummer: testPersonnummer(1990), kon: 'K', folkbokfordKommun: 'Umeå', skyddad: false, ...person },
    verksamhet: 'vuxentorget',
    targetGroup: 'sammansatt',
    referringOrg: 'af',
    referringUser: 'af.handlaggare',
    informedOfAim: true,
    readyForChange: true,
    consent: { parties: ['af', 'umea-fsd'], dataCategories: ['kartlaggning', 'planering'], validFrom: plusDays(-1), validTo: plusDays(800), signedCopyGiven: true, textVersion: '2026-1' },
    ...rest,
  };
}

/** Aktualiserar through the real service and returns the case id and its instance key. */
export async function referCase(deps: { db: Knex; engine: Engine }, input: AktualiseraInput = validReferral()): Promise<{ caseId: string; pik: string }> {
  const caseId = await aktualisera(deps, input);
  const row = await deps.db('cases').where({ case_id: caseId }).first<{ process_instance_key: string }>();
  return { caseId, pik: String(row.process_instance_key) };
}

/** Element ids the coverage tracker saw in an instance (what the engine actually entered). */
export async function visited(db: Knex, pik: string): Promise<string[]> {
  const rows = await db('bpmn_coverage').where({ process_instance_key: pik }).select<{ element_id: string }[]>('element_id');
  return [...new Set(rows.map((r) => r.element_id))];
}

/** Waits until the tracker saw the element in the instance. */
export const reached = (db: Knex, pik: string, elementId: string, timeoutMs = 20_000) =>
  eventually(async () => (await visited(db, pik)).includes(elementId), { what: `${elementId} reached in ${pik}`, timeoutMs });

/** Waits until the instance has ended. */
export const ended = (engine: Engine, pik: string) => eventually(async () => !(await instanceIsActive(engine, pik)), { what: `instance ${pik} ended`, timeoutMs: 30_000 });

/** Outbox templates written for a case. */
export async function outboxTemplates(db: Knex, caseId: string): Promise<string[]> {
  const rows = await db('outbox_messages').where({ case_id: caseId }).select<{ template: string }[]>('template');
  return [...new Set(rows.map((r) => r.template))].sort();
}

const stockholmDate = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(ms));

/** The engine's (controlled) date in Stockholm, plus `days`: what FEEL today() and the timers see. */
export async function engineDate(days = 0): Promise<string> {
  const { clock } = await import('./harness.js');
  return stockholmDate((await clock.now()) + days * 86_400_000);
}

/** Moves the engine clock to `ms` past the ISO date-time `at` (e.g. a task's due date header). */
export async function advancePast(at: string, ms = 3_600_000): Promise<void> {
  const { clock } = await import('./harness.js');
  const delta = Date.parse(at) + ms - (await clock.now());
  if (delta > 0) await clock.advance(delta);
}

/** Moves the engine clock a day at a time until the element is reached (timers on working-day dates). */
export async function advanceUntil(db: Knex, pik: string, elementId: string, { stepMs = 86_400_000, maxSteps = 30 } = {}): Promise<void> {
  const { clock } = await import('./harness.js');
  for (let i = 0; i < maxSteps; i++) {
    if ((await visited(db, pik)).includes(elementId)) return;
    await clock.advance(stepMs);
    try {
      await reached(db, pik, elementId, 1_500);
      return;
    } catch {
      // not yet: advance another step
    }
  }
  throw new Error(`${elementId} not reached in ${pik} after ${maxSteps} clock steps`);
}
