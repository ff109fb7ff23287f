import { randomBytes } from 'node:crypto';

import { blindIndex, dataKey, decryptSecret, encryptSecret, normalisePersonnummer } from '../../src/services/crypto.js';

describe('personnummer encryption', () => {
  const key = randomBytes(32);

  test('when a personnummer is encrypted, then only the key decrypts it and each ciphertext differs', () => {
    const a = encryptSecret('199001011234', key);
    const b = encryptSecret('199001011234', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('199001011234');
    expect(decryptSecret(a, key)).toBe('199001011234');
    expect(() => decryptSecret(a, randomBytes(32))).toThrow();
  });

  test('when the same person is looked up again, then the blind index matches whatever the formatting', () => {
    expect(blindIndex('19900101-1234', key)).toBe(blindIndex('199001011234', key));
    expect(blindIndex('199001011234', key)).not.toBe(blindIndex('199001011235', key));
  });

  test('when a personnummer has the wrong length, then it is rejected', () => {
    expect(() => normalisePersonnummer('900101-1234')).toThrow(/12 digits/);
  });

  test('when the key is configured, then it must be 32 bytes; production without a key fails', () => {
    expect(dataKey({ SAMVERKAN_MODE: 'production', DATA_ENCRYPTION_KEY: key.toString('base64') })).toEqual(key);
    expect(() =>
      dataKey({ SAMVERKAN_MODE: 'production', DATA_ENCRYPTION_KEY: randomBytes(16).toString('base64') }),
    ).toThrow(/32 bytes/);
    expect(() => dataKey({ SAMVERKAN_MODE: 'production' })).toThrow(/required/);
  });
});
