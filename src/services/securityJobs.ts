import type { Knex } from 'knex';

import type { Logger } from '../logger.js';
import { flagExpiringConsents } from './consentExpiry.js';
import { runGallring } from './gallring.js';

/** Handle of the daily data-protection jobs. */
export interface SecurityJobs {
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Daily: flags samtycken that lapse within 30 days, and gallrar cases ended `gallringYears` ago. First run a minute
 * after start, then every 24 h. Both are idempotent, so several app instances running them is harmless.
 */
export function startSecurityJobs(
  db: Knex,
  opts: { gallringYears: number; log: Logger; firstRunMs?: number },
): SecurityJobs {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = (async () => {
      try {
        const flagged = await flagExpiringConsents(db);
        const g = await runGallring(db, { years: opts.gallringYears, dryRun: false });
        opts.log.info(
          {
            consentsFlagged: flagged.length,
            casesGallrade: g.items.length,
            personsAnonymised: g.persons,
            cutoff: g.cutoff,
          },
          'daily data-protection jobs done',
        );
      } catch (err) {
        opts.log.error({ err: (err as Error).message }, 'daily data-protection jobs failed; retried tomorrow');
      }
    })();
  };
  const first = setTimeout(run, opts.firstRunMs ?? 60_000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(daily);
      await running;
    },
  };
}
