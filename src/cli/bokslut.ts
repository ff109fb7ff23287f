// `npm run -s bokslut -- --year YYYY [--period T1|T2|T3 | --from D --to D] [--csv FILE] [--format json|csv] [--finsam]`
// The socialt bokslut for automation (docs/bokslut.md). With --csv it reads participation rows from a file and
// needs no database; without, it reads cases ⨝ persons (and the entered survey results) through DATABASE_URL.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import {
  type BokslutReport,
  computeBokslut,
  customPeriod,
  type Period,
  periodOf,
  type RowProblem,
  type Tertial,
  TERTIALER,
  toJsonContract,
} from '../domain/bokslut.js';
import { computeIndicators, type IndicatorResult } from '../domain/bokslutIndicators.js';
import { parseParticipationsCsv } from '../services/bokslutCsv.js';
import { bokslutCsv, finsamCsv } from '../views/bokslutExport.js';

const USAGE = `Usage:
  bokslut --year YYYY [--period T1|T2|T3] [--csv FILE] [--format json|csv]
  bokslut --year YYYY --from YYYY-MM-DD --to YYYY-MM-DD [--csv FILE] [--format json|csv]
  bokslut --year YYYY [--period T1|T2|T3] [--csv FILE] --finsam

  --csv FILE   participation rows (header ${'deltagare_id,verksamhet,kon,startdatum,slutdatum,avslutsorsak'});
               without it the rows come from the database (DATABASE_URL)
  --format     json (default): one object {"year", "tables", "indicators"}; csv: one line per verksamhet and row
               (semicolon-separated, UTF-8 with BOM, Swedish column names: opens in Swedish Excel)
  --finsam     Uppföljning Finsam export (CSV): participants per insats, period and kön, counts below 5 as "<5"

  From the database an inconsistent case does not stop the report: it is left out, named on stderr and listed
  under "excluded" in the JSON.`;

class UsageError extends Error {}
class BadRowsError extends Error {
  constructor(
    readonly problems: RowProblem[],
    readonly kind: 'line',
  ) {
    super(`${problems.length} bad row(s)`);
  }
}

interface Options {
  year: number;
  period: Period;
  tertial?: Tertial;
  csvFile?: string;
  format: 'json' | 'csv';
  finsam: boolean;
  /** A --from/--to range rather than a year or tertial. */
  custom: boolean;
}

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        year: { type: 'string' },
        period: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        csv: { type: 'string' },
        format: { type: 'string' },
        finsam: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.year || !/^\d{4}$/.test(values.year))
    throw new UsageError(`--year must be a year YYYY, got ${JSON.stringify(values.year ?? '')}`);
  const year = Number(values.year);
  const format = values.format ?? (values.finsam ? 'csv' : 'json');
  if (format !== 'json' && format !== 'csv')
    throw new UsageError(`--format must be json or csv, got ${JSON.stringify(format)}`);
  if (values.finsam && format !== 'csv') throw new UsageError('--finsam writes CSV only');
  if (values.period && (values.from || values.to)) throw new UsageError('use either --period or --from/--to');
  let period: Period;
  let tertial: Tertial | undefined;
  if (values.period) {
    if (!(TERTIALER as readonly string[]).includes(values.period))
      throw new UsageError(`--period must be T1, T2 or T3, got ${JSON.stringify(values.period)}`);
    tertial = values.period as Tertial;
    period = periodOf(year, tertial);
  } else if (values.from || values.to) {
    if (!values.from || !values.to) throw new UsageError('--from and --to go together');
    try {
      period = customPeriod(values.from, values.to);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  } else {
    period = periodOf(year);
  }
  return {
    year,
    period,
    tertial,
    csvFile: values.csv,
    format,
    finsam: values.finsam ?? false,
    custom: Boolean(values.from),
  };
}

interface Result {
  report: BokslutReport;
  indicators: IndicatorResult[];
  excluded: RowProblem[];
}

async function report(opts: Options): Promise<Result> {
  if (opts.csvFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.csvFile, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${opts.csvFile}: ${(err as Error).message}`);
    }
    const parsed = parseParticipationsCsv(text);
    if (!parsed.ok) throw new BadRowsError(parsed.problems, 'line');
    const fromFile = computeBokslut(parsed.participations, opts.period);
    return { report: fromFile, indicators: computeIndicators(fromFile), excluded: [] };
  }
  // Loaded only on the database path, so the file path needs neither DATABASE_URL nor a pg connection.
  const [{ config }, { createKnex }, { bokslutWithProblems, indicatorsFor }] = await Promise.all([
    import('../config.js'),
    import('../db/knex.js'),
    import('../services/bokslut.js'),
  ]);
  const db = createKnex(config().DATABASE_URL!, { poolMax: 1 });
  try {
    const { report: fromDb, excluded } = await bokslutWithProblems(db, opts.period);
    // Entered survey results belong to a year or a tertial; a free from/to range has none.
    const key = opts.tertial
      ? { year: opts.year, period: opts.tertial }
      : opts.custom
        ? undefined
        : { year: opts.year, period: 'ar' as const };
    const indicators = key ? await indicatorsFor(db, fromDb, key) : computeIndicators(fromDb);
    return { report: fromDb, indicators, excluded };
  } finally {
    await db.destroy();
  }
}

/** Runs the CLI and returns the text for stdout. */
export async function run(argv: string[]): Promise<string> {
  const opts = parseOptions(argv);
  const { report: result, indicators, excluded } = await report(opts);
  for (const p of excluded) process.stderr.write(`case ${p.where}: ${p.message} (left out of the report)\n`);
  if (opts.finsam) return finsamCsv(result);
  if (opts.format === 'csv') return bokslutCsv(result);
  return `${JSON.stringify(toJsonContract(result, opts.year, opts.tertial, indicators, excluded))}\n`;
}

try {
  process.stdout.write(await run(process.argv.slice(2)));
} catch (err) {
  if (err instanceof BadRowsError) {
    for (const p of err.problems) process.stderr.write(`${err.kind} ${p.where}: ${p.message}\n`);
    process.stderr.write(`bokslut: ${err.problems.length} problem(s); no report written\n`);
    process.exitCode = 1;
  } else if (err instanceof UsageError) {
    process.stderr.write(`bokslut: ${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`bokslut: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
