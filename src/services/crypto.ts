import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

import { config } from '../config.js';
import { logger } from '../logger.js';

// Personnummer are stored only as AES-256-GCM ciphertext plus a keyed HMAC "blind index" (to find the same person
// again without decrypting). The key comes from DATA_ENCRYPTION_KEY (base64, 32 bytes; required in production by
// src/config.ts). In embedded mode a fixed development key is used so demos and tests run without setup.
const DEV_KEY = Buffer.from('c2FtdmVya2FuLWRldi1rZXktZG8tbm90LXVzZS0zMmI=', 'base64'); // 32 bytes, public: dev only
// v1: `v1:<iv>:<tag>:<ct>` (before key ids; made with the key now called k1). v2: `v2:<key id>:<iv>:<tag>:<ct>`.
const VERSION = 'v2';
const LEGACY_KEY_ID = 'k1';

let warnedDevKey = false;

/** The data encryption key from the environment (or the dev key in embedded mode, with a warning once). */
export function dataKey(env: { SAMVERKAN_MODE: string; DATA_ENCRYPTION_KEY?: string | undefined } = config()): Buffer {
  if (env.DATA_ENCRYPTION_KEY) {
    const key = Buffer.from(env.DATA_ENCRYPTION_KEY, 'base64');
    if (key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes, base64 encoded');
    return key;
  }
  if (env.SAMVERKAN_MODE === 'production') throw new Error('DATA_ENCRYPTION_KEY is required in production mode');
  if (!warnedDevKey) {
    logger.warn('DATA_ENCRYPTION_KEY is not set: using the fixed development key (embedded mode only)');
    warnedDevKey = true;
  }
  return DEV_KEY;
}

const subKey = (key: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), purpose, 32));

/** The id of the current data key (DATA_ENCRYPTION_KEY_ID, default k1). */
export function currentKeyId(env?: { DATA_ENCRYPTION_KEY_ID?: string | undefined }): string {
  if (!env) {
    // callers that pass their own key (tests, scripts) may run without a full configuration
    try {
      env = config();
    } catch {
      env = { DATA_ENCRYPTION_KEY_ID: process.env.DATA_ENCRYPTION_KEY_ID };
    }
  }
  return env.DATA_ENCRYPTION_KEY_ID ?? LEGACY_KEY_ID;
}

/** Every key that may still decrypt: the current one and the retired ones of DATA_ENCRYPTION_OLD_KEYS, by key id. */
export function keyRing(
  env: Parameters<typeof dataKey>[0] & {
    DATA_ENCRYPTION_KEY_ID?: string | undefined;
    DATA_ENCRYPTION_OLD_KEYS?: string | undefined;
  } = config(),
): Map<string, Buffer> {
  const ring = new Map<string, Buffer>();
  for (const entry of (env.DATA_ENCRYPTION_OLD_KEYS ?? '').split(',').filter(Boolean)) {
    const [id, b64] = entry.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error('DATA_ENCRYPTION_OLD_KEYS: each key must be <id>:<32 bytes base64>');
    ring.set(id, key);
  }
  ring.set(currentKeyId(env), dataKey(env));
  return ring;
}

/** The key id a ciphertext was made with (v1 ciphertexts predate key ids: k1). */
export function keyIdOf(enc: string): string {
  const parts = enc.split(':');
  return parts[0] === 'v2' ? parts[1]! : LEGACY_KEY_ID;
}

/** Encrypts a short secret (a personnummer) as `v2:<key id>:<iv>:<tag>:<ciphertext>` (base64 parts). */
export function encryptSecret(plain: string, key: Buffer = dataKey(), keyId: string = currentKeyId()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', subKey(key, 'encrypt'), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(
    ':',
  );
}

/**
 * Decrypts what encryptSecret produced (v1 or v2); without an explicit key the key is picked from the key ring by
 * the ciphertext's key id. Throws when the ciphertext or key is wrong (GCM authentication).
 */
export function decryptSecret(enc: string, key?: Buffer): string {
  const parts = enc.split(':');
  const [version, iv, tag, ct] = parts[0] === 'v2' ? [parts[0], parts[2], parts[3], parts[4]] : parts;
  if ((version !== 'v1' && version !== VERSION) || !iv || !tag || !ct) throw new Error('unsupported ciphertext format');
  if (!key) {
    key = keyRing().get(keyIdOf(enc));
    if (!key) throw new Error(`no key with id ${keyIdOf(enc)} (set DATA_ENCRYPTION_OLD_KEYS)`);
  }
  const decipher = createDecipheriv('aes-256-gcm', subKey(key, 'encrypt'), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
}

/** Normalises a personnummer to 12 digits (YYYYMMDDNNNN); throws on anything else. */
export function normalisePersonnummer(pnr: string): string {
  const digits = pnr.replace(/[-+\s]/g, '');
  if (/^\d{12}$/.test(digits)) return digits;
  throw new Error('personnummer must have 12 digits (ÅÅÅÅMMDD-NNNN)');
}

/** Deterministic keyed hash of a normalised personnummer: equal inputs give equal outputs, nothing can be read back. */
export function blindIndex(pnr: string, key: Buffer = dataKey()): string {
  return createHmac('sha256', subKey(key, 'blind-index')).update(normalisePersonnummer(pnr)).digest('base64');
}
