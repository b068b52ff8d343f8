import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { utils } from 'ssh2';

/**
 * SSH keys made at test time (never a key file in the repository): OpenSSH ones by ssh2, PEM ones
 * (`BEGIN RSA|EC PRIVATE KEY`, encrypted with `Proc-Type: 4,ENCRYPTED` when a passphrase is given)
 * by node:crypto.
 */
export function opensshPrivateKey(
  type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519',
  encryption?: { passphrase: string; rounds?: number },
): string {
  const options = {
    ...(type === 'ecdsa' ? { bits: 256 } : type === 'rsa' ? { bits: 2048 } : {}),
    ...(encryption
      ? { passphrase: encryption.passphrase, cipher: 'aes256-ctr', rounds: encryption.rounds ?? 2 }
      : {}),
  };
  // One call for every type: the typings overload per type, ssh2 itself takes the same options.
  return utils.generateKeyPairSync(type as 'rsa', options as { bits: number }).private;
}

export function pemPrivateKey(type: 'rsa' | 'ec' = 'rsa', passphrase?: string): string {
  const encryption = passphrase ? { cipher: 'aes-256-cbc', passphrase } : {};
  if (type === 'rsa') {
    return generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem', ...encryption },
    }).privateKey;
  }
  return generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'sec1', format: 'pem', ...encryption },
  }).privateKey;
}

/** A well-formed host key fingerprint (`SHA256:` + 43 base64 characters) of nothing in particular. */
export function someHostKeyFingerprint(): string {
  return `SHA256:${createHash('sha256').update(randomBytes(16)).digest('base64').replace(/=+$/, '')}`;
}
