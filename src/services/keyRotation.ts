import type { Knex } from 'knex';

import { blindIndex, currentKeyId, decryptSecret, encryptSecret, keyIdOf, keyRing } from './crypto.js';

/** Outcome of a rotation run. */
export interface RotationReport {
  keyId: string;
  examined: number;
  reencrypted: number;
  dryRun: boolean;
}

/**
 * Re-encrypts every personnummer not yet under the current key (DATA_ENCRYPTION_KEY / _KEY_ID) and recomputes its
 * blind index with it; the retired key must still be listed in DATA_ENCRYPTION_OLD_KEYS. Runs in batches, each in
 * its own transaction with row locks, so it can be stopped and re-run (already rotated rows are skipped).
 */
export async function rotatePersonnummerKey(
  db: Knex,
  opts: { batchSize?: number; dryRun?: boolean } = {},
): Promise<RotationReport> {
  const keyId = currentKeyId();
  const ring = keyRing();
  const key = ring.get(keyId)!;
  const batchSize = opts.batchSize ?? 500;
  let examined = 0;
  let reencrypted = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.transaction(async (trx) => {
      const rows = await trx('persons')
        .whereNotNull('personnummer_enc')
        .andWhere('person_id', '>', after)
        .orderBy('person_id')
        .limit(batchSize)
        .forUpdate()
        .select<{ person_id: string; personnummer_enc: string }[]>('person_id', 'personnummer_enc');
      if (rows.length === 0) return true;
      after = rows[rows.length - 1]!.person_id;
      examined += rows.length;
      for (const r of rows) {
        if (keyIdOf(r.personnummer_enc) === keyId && r.personnummer_enc.startsWith('v2:')) continue;
        reencrypted++;
        if (opts.dryRun) continue;
        const pnr = decryptSecret(r.personnummer_enc);
        await trx('persons')
          .where({ person_id: r.person_id })
          .update({ personnummer_enc: encryptSecret(pnr, key, keyId), personnummer_hmac: blindIndex(pnr, key) });
      }
      return false;
    });
    if (done) break;
  }
  return { keyId, examined, reencrypted, dryRun: Boolean(opts.dryRun) };
}
