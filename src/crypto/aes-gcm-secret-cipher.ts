import { KeyObject, createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import { Keyring } from './keyring';
import { NoncePool } from './nonce-pool';
import { SecretCipher } from './secret-cipher';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random 96-bit nonce per value. Stored form:
 * `v1:<keyId>:<nonce b64>:<ciphertext+tag b64>`; the context is the additional authenticated data.
 */
export class AesGcmSecretCipher extends SecretCipher {
  /** Each key of the keyring as a KeyObject, made once (not from raw bytes on every call). */
  private readonly keys: ReadonlyMap<string, KeyObject>;
  private readonly nonces = new NoncePool(NONCE_BYTES);

  constructor(private readonly keyring: Keyring) {
    super();
    this.keys = new Map([...keyring.keys].map(([id, bytes]) => [id, createSecretKey(bytes)]));
  }

  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  seal(plaintext: string, context: string): string {
    const keyId = this.keyring.activeKeyId;
    const nonce = this.nonces.take();
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, keyId, nonce.toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, context: string): string {
    const { keyId, nonce, body } = this.parse(sealed);
    if (body.length < TAG_BYTES) throw new Error('Sealed secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  keyIdOf(sealed: string): string {
    return this.parse(sealed).keyId;
  }

  private key(keyId: string): KeyObject {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Sealed secret uses key ${keyId}, which is not in ENCRYPTION_KEYS`);
    return key;
  }

  private parse(sealed: string): { keyId: string; nonce: Buffer; body: Buffer } {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('Sealed secret has an unknown format');
    const nonce = Buffer.from(parts[2], 'base64');
    if (nonce.length !== NONCE_BYTES) throw new Error('Sealed secret has a bad nonce');
    return { keyId: parts[1], nonce, body: Buffer.from(parts[3], 'base64') };
  }
}
