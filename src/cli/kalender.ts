// `npm run -s kalender -- <command> ...`: the working-day calendar for administrators and scripts.
// Meeting weekdays are the defaults in src/domain/organisations.ts (BEREDNING_GROUPS); an admin's changes live in
// the database table beredning_groups, which this CLI does not read (it needs no database). The worker
// compute-due-date reads the table.
import { addWorkingDays, isIsoDate, isWorkingDay, nextMeetings } from '../domain/calendar.js';
import { BEREDNING_GROUPS } from '../domain/organisations.js';

const USAGE = `Användning / usage:
  kalender add-working-days YYYY-MM-DD N     datumet N arbetsdagar efter / the date N working days after
  kalender is-working-day YYYY-MM-DD         true eller/or false
  kalender next-meetings <grupp> YYYY-MM-DD N   nästa N beredningsmöten / the next N beredning meetings
                                             grupper/groups: ${BEREDNING_GROUPS.map((g) => g.code).join(', ')}`;

class UsageError extends Error {}

function date(arg: string | undefined): string {
  if (!isIsoDate(arg)) throw new UsageError(`Ogiltigt datum / invalid date: ${JSON.stringify(arg ?? '')} (YYYY-MM-DD)`);
  return arg;
}

function integer(arg: string | undefined, { min }: { min: number }): number {
  if (arg === undefined || !/^-?\d+$/.test(arg) || Number(arg) < min || !Number.isSafeInteger(Number(arg))) {
    throw new UsageError(
      `Ogiltigt antal / invalid number: ${JSON.stringify(arg ?? '')} (heltal ≥ ${min} / integer ≥ ${min})`,
    );
  }
  return Number(arg);
}

function arity(args: string[], n: number): void {
  if (args.length !== n)
    throw new UsageError(`Fel antal argument / wrong number of arguments: ${args.length}, väntade / expected ${n}`);
}

/** Runs one CLI command and returns its output lines. */
export function run(argv: string[]): string[] {
  const [command, ...args] = argv;
  switch (command) {
    case 'add-working-days':
      arity(args, 2);
      return [addWorkingDays(date(args[0]), integer(args[1], { min: -100_000 }))];
    case 'is-working-day':
      arity(args, 1);
      return [String(isWorkingDay(date(args[0])))];
    case 'next-meetings': {
      arity(args, 3);
      const group = BEREDNING_GROUPS.find((g) => g.code === args[0]);
      if (!group) throw new UsageError(`Okänd grupp / unknown group: ${JSON.stringify(args[0])}`);
      return nextMeetings(group, date(args[1]), integer(args[2], { min: 0 }));
    }
    default:
      throw new UsageError(command ? `Okänt kommando / unknown command: ${command}` : 'Inget kommando / no command');
  }
}

try {
  process.stdout.write(`${run(process.argv.slice(2)).join('\n')}\n`);
} catch (err) {
  if (err instanceof UsageError || err instanceof RangeError) {
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
