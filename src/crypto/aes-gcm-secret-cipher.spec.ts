import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from './aes-gcm-secret-cipher';
import { DEV_KEY_FILE, loadKeyring, parseKeyring } from './keyring';

const key = () => randomBytes(32).toString('base64');

describe('AES-256-GCM secret cipher', () => {
  const k1 = key();
  const k2 = key();
  const old = new AesGcmSecretCipher(parseKeyring(`k1:${k1}`, 'k1'));
  const rotated = new AesGcmSecretCipher(parseKeyring(`k1:${k1},k2:${k2}`, 'k2'));

  it('round-trips and never stores the plaintext', () => {
    const sealed = old.seal('s3cret-pw', 'connection:a:password');
    expect(sealed).not.toContain('s3cret-pw');
    expect(sealed.startsWith('v1:k1:')).toBe(true);
    expect(old.open(sealed, 'connection:a:password')).toBe('s3cret-pw');
  });

  it('uses a fresh nonce for every value', () => {
    expect(old.seal('same', 'c')).not.toBe(old.seal('same', 'c'));
  });

  it('refuses a value copied onto another connection (context is authenticated)', () => {
    const sealed = old.seal('s3cret-pw', 'connection:a:password');
    expect(() => old.open(sealed, 'connection:b:password')).toThrow();
  });

  it('refuses a tampered value', () => {
    const sealed = old.seal('s3cret-pw', 'c');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3], 'base64');
    body[0] ^= 1;
    parts[3] = body.toString('base64');
    expect(() => old.open(parts.join(':'), 'c')).toThrow();
  });

  it('keeps opening old key ids after rotation and seals with the active key', () => {
    const sealed = old.seal('pw', 'c');
    expect(rotated.open(sealed, 'c')).toBe('pw');
    expect(rotated.keyIdOf(rotated.seal('pw', 'c'))).toBe('k2');
  });
});

describe('keyring', () => {
  it.each([
    ['', /no key/],
    ['k1', /keyId:base64key/],
    ['k1:short', /32 bytes/],
    ['k1:not*base64', /base64/],
    [`k1:${key()},k1:${key()}`, /twice/],
  ])('refuses %p', (spec, message) => {
    expect(() => parseKeyring(spec, 'k1')).toThrow(message);
  });

  it('needs the active key to exist', () => {
    expect(() => parseKeyring(`k1:${key()}`, 'k9')).toThrow(/names no key/);
  });

  it('generates a development key once, mode 0600, outside production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyring-'));
    const warnings: string[] = [];
    const first = loadKeyring({ production: false, dataDir }, (m) => warnings.push(m));
    const second = loadKeyring({ production: false, dataDir }, (m) => warnings.push(m));
    expect(first.keys.get('dev')).toEqual(second.keys.get('dev'));
    expect(warnings).toHaveLength(1);
    expect(statSync(join(dataDir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, DEV_KEY_FILE), 'utf8')).toMatch(/^dev:/);
  });

  it('refuses to boot in production without keys', () => {
    expect(() => loadKeyring({ production: true, dataDir: tmpdir() }, () => undefined)).toThrow(/required/);
  });
});
