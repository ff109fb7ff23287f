// `npm run gallring [-- --dry-run] [-- --years N]`: removes or anonymises personal data GALLRING_YEARS (default 5)
// after avslut; the app also runs it daily (src/main.ts). Prints one line per case and the totals.
import { config } from '../src/config.js';
import { createKnex } from '../src/db/knex.js';
import { runGallring } from '../src/services/gallring.js';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const yearsArg = args.indexOf('--years');
const years = yearsArg >= 0 ? Number(args[yearsArg + 1]) : config().GALLRING_YEARS;
if (!Number.isInteger(years) || years < 1) throw new Error('--years must be a positive integer');
const db = createKnex(config().DATABASE_URL!);
try {
  const r = await runGallring(db, { years, dryRun });
  for (const i of r.items)
    console.log(`[gallring]${dryRun ? ' (dry run)' : ''} ${i.caseId} avslut ${i.endDate}: ${i.actions.join(', ')}`);
  console.log(
    `[gallring]${dryRun ? ' (dry run)' : ''} avslut on or before ${r.cutoff}: ${r.items.length} cases, ${r.persons} persons ${dryRun ? 'would be' : ''} anonymised`,
  );
} finally {
  await db.destroy();
}
