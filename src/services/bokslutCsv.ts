import { parse } from 'csv-parse/sync';

import {
  type Participation,
  type RawParticipation,
  type RowProblem,
  validateParticipations,
} from '../domain/bokslut.js';

/** The header a participation CSV file (the CLI's input) must start with. */
export const PARTICIPATION_CSV_HEADER = [
  'deltagare_id',
  'verksamhet',
  'kon',
  'startdatum',
  'slutdatum',
  'avslutsorsak',
] as const;

/**
 * Parses and validates a participation CSV file. Problems carry the 1-based line number where the record
 * starts (line 1 is the header); every bad row is reported, and no rows are returned if any is bad.
 */
export function parseParticipationsCsv(
  text: string,
): { ok: true; participations: Participation[] } | { ok: false; problems: RowProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, problems: [{ where: line ?? 0, message: `unreadable CSV: ${(err as Error).message}` }] };
  }
  // info.lines is the line a record ends on; quoted fields may span lines.
  const startLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - (r.record.join('').match(/\n/g)?.length ?? 0);
  const [header, ...body] = records;
  const expected = PARTICIPATION_CSV_HEADER.join(',');
  if (!header || header.record.map((h) => h.trim()).join(',') !== expected) {
    return {
      ok: false,
      problems: [{ where: header ? startLine(header) : 1, message: `expected the header ${expected}` }],
    };
  }
  const problems: RowProblem[] = [];
  const rows: { where: number; row: RawParticipation }[] = [];
  for (const r of body) {
    const where = startLine(r);
    if (r.record.length !== PARTICIPATION_CSV_HEADER.length) {
      problems.push({ where, message: `expected ${PARTICIPATION_CSV_HEADER.length} fields, got ${r.record.length}` });
      continue;
    }
    const [deltagareId, verksamhet, kon, startdatum, slutdatum, avslutsorsak] = r.record as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    rows.push({ where, row: { deltagareId, verksamhet, kon, startdatum, slutdatum, avslutsorsak } });
  }
  const validated = validateParticipations(rows);
  if (!validated.ok) problems.push(...validated.problems);
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => Number(a.where) - Number(b.where)) };
  return validated;
}
