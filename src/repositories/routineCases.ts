import type { Knex } from 'knex';

/** A case of the etablering or arbetsprövning routine. */
export interface RoutineCaseRow {
  case_id: string;
  person_id: string;
  routine: 'etablering' | 'arbetsprovning';
  responsible_org: string;
  status: string;
  process_instance_key: string | null;
  opened_on: string;
  programme_end_date: string | null;
  af_answer: string | null;
  af_answered_on: string | null;
  trial_start_date: string | null;
  days_to_start: number | null;
  start_late: boolean | null;
  outcome: string | null;
  ended_on: string | null;
}

/** Inserts a routine case. */
export async function insertRoutineCase(
  db: Knex,
  r: {
    caseId: string;
    personId: string;
    routine: RoutineCaseRow['routine'];
    responsibleOrg: string;
    openedOn: string;
    programmeEndDate?: string | null;
  },
): Promise<void> {
  await db('routine_cases')
    .insert({
      case_id: r.caseId,
      person_id: r.personId,
      routine: r.routine,
      responsible_org: r.responsibleOrg,
      opened_on: r.openedOn,
      programme_end_date: r.programmeEndDate ?? null,
    })
    .onConflict('case_id')
    .ignore();
}

/** One routine case by id. */
export function findRoutineCase(db: Knex, caseId: string): Promise<RoutineCaseRow | undefined> {
  return db('routine_cases').where({ case_id: caseId }).first<RoutineCaseRow | undefined>();
}

/** Updates columns of a routine case. */
export async function updateRoutineCase(
  db: Knex,
  caseId: string,
  patch: Partial<Omit<RoutineCaseRow, 'case_id'>>,
): Promise<void> {
  await db('routine_cases').where({ case_id: caseId }).update(patch);
}
