// `node --import tsx scripts/rotate-key.ts [--dry-run]`: re-encrypts every personnummer under the current data key.
// Rotation: 1) generate a key (`openssl rand -base64 32`); 2) set DATA_ENCRYPTION_KEY=<new>, DATA_ENCRYPTION_KEY_ID=<new id>
// and DATA_ENCRYPTION_OLD_KEYS=<old id>:<old key>; 3) restart the app; 4) run this script; 5) when it reports
// 0 left, remove the old key from DATA_ENCRYPTION_OLD_KEYS. See docs/sakerhet.md.
import { config } from '../src/config.js';
import { createKnex } from '../src/db/knex.js';
import { rotatePersonnummerKey } from '../src/services/keyRotation.js';

const dryRun = process.argv.includes('--dry-run');
const db = createKnex(config().DATABASE_URL!);
try {
  const r = await rotatePersonnummerKey(db, { dryRun });
  console.log(
    `[rotate-key] key ${r.keyId}: ${r.examined} personnummer examined, ${r.reencrypted} ${dryRun ? 'would be' : ''} re-encrypted`,
  );
  if (!dryRun) {
    const left = await rotatePersonnummerKey(db, { dryRun: true });
    console.log(`[rotate-key] left under an old key: ${left.reencrypted}`);
  }
} finally {
  await db.destroy();
}
