import { randomBytes } from 'node:crypto';

import { decryptSecret, encryptSecret, keyIdOf, keyRing } from '../../src/services/crypto.js';

describe('key ids and the key ring', () => {
  test('when a secret is encrypted, then the ciphertext names its key id and the ring decrypts it after a rotation', () => {
    // given
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const enc = encryptSecret('199001011234', k1, 'k1');
    // when
    const ring = keyRing({
      SAMVERKAN_MODE: 'production',
      DATA_ENCRYPTION_KEY: k2.toString('base64'),
      DATA_ENCRYPTION_KEY_ID: 'k2',
      DATA_ENCRYPTION_OLD_KEYS: `k1:${k1.toString('base64')}`,
    });
    // then
    expect(enc.startsWith('v2:k1:')).toBe(true);
    expect(keyIdOf(enc)).toBe('k1');
    expect(keyIdOf('v1:a:b:c')).toBe('k1');
    expect(decryptSecret(enc, ring.get(keyIdOf(enc)))).toBe('199001011234');
    expect([...ring.keys()].sort()).toEqual(['k1', 'k2']);
    expect(() => decryptSecret(enc, ring.get('k2'))).toThrow();
  });
});
