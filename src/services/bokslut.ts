import type { Knex } from 'knex';
import { computeBokslut, validateParticipations, type BokslutReport, type Period, type RowProblem } from '../domain/bokslut.js';
import { participationsOverlapping } from '../repositories/bokslut.js';

/** Thrown when stored cases do not make a valid bokslut input; lists every problem by case id. */
export class BokslutDataError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`${problems.length} invalid participation row(s): ${problems.slice(0, 5).map((p) => `${p.where}: ${p.message}`).join('; ')}`);
    this.name = 'BokslutDataError';
  }
}

/** The socialt bokslut for a period, computed from the cases in the database. */
export async function bokslutFromDatabase(db: Knex, period: Period): Promise<BokslutReport> {
  const raw = await participationsOverlapping(db, period);
  const result = validateParticipations(raw.map((row) => ({ where: row.deltagareId, row })));
  if (!result.ok) throw new BokslutDataError(result.problems);
  return computeBokslut(result.participations, period);
}
