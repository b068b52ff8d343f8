import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Settings } from '../config/settings';

export interface Keyring {
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const DEV_KEY_FILE = 'dev-encryption-key';

/** Parses `keyId:base64key[,keyId:base64key...]`; every key must be exactly 32 bytes. */
export function parseKeyring(spec: string, activeKeyId: string | undefined): Keyring {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((item) => item.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const encoded = separator > 0 ? entry.slice(separator + 1) : '';
    if (!KEY_ID.test(id)) throw new Error('ENCRYPTION_KEYS: every entry must be keyId:base64key');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
      throw new Error(`ENCRYPTION_KEYS: key ${id} is not base64`);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`ENCRYPTION_KEYS: key ${id} must be 32 bytes`);
    if (keys.has(id)) throw new Error(`ENCRYPTION_KEYS: key ${id} is given twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('ENCRYPTION_KEYS holds no key');
  const active = activeKeyId ?? (keys.size === 1 ? [...keys.keys()][0] : undefined);
  if (!active) throw new Error('ENCRYPTION_ACTIVE_KEY_ID is required when several keys are given');
  if (!keys.has(active)) throw new Error('ENCRYPTION_ACTIVE_KEY_ID names no key of ENCRYPTION_KEYS');
  return { keys, activeKeyId: active };
}

/**
 * The keyring in force: from ENCRYPTION_KEYS; else, outside production, a development key
 * generated once into DATA_DIR (mode 0600); in production without keys, boot fails.
 */
export function loadKeyring(settings: Settings['crypto'], warn: (message: string) => void): Keyring {
  if (settings.keys) return parseKeyring(settings.keys, settings.activeKeyId);
  if (settings.production) {
    throw new Error('ENCRYPTION_KEYS is required when NODE_ENV=production');
  }
  const file = join(settings.dataDir, DEV_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(settings.dataDir, { recursive: true });
    writeFileSync(file, `dev:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    warn(`No ENCRYPTION_KEYS set: generated a development key in ${file}. Never use it in production.`);
  }
  chmodSync(file, 0o600);
  return parseKeyring(readFileSync(file, 'utf8').trim(), undefined);
}
