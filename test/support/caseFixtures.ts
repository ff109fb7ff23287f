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
