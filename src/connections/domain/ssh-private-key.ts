import { ParsedKey, utils } from 'ssh2';

/** Spec §5.1: a private key of at most 64 KiB (UTF-8). */
export const SSH_PRIVATE_KEY_MAX_BYTES = 64 * 1024;

/**
 * The most bcrypt rounds (`ssh-keygen -a`) an encrypted OpenSSH key may use. ssh2 derives the key
 * in JavaScript on the event loop, on every check and every dial: ssh-keygen's default is 16, and
 * a key with millions of rounds would stall the service. 64 is four times the default.
 */
export const SSH_KEY_MAX_KDF_ROUNDS = 64;

/** Why a tunnel's key cannot be used, and which field of `sshTunnel` says so. Never quotes the key. */
export interface SshKeyProblem {
  field: 'privateKey' | 'passphrase';
  why: string;
}

/** What a key's text says of itself before anything is decrypted. */
interface KeyEnvelope {
  encrypted: boolean;
  /** bcrypt rounds of an encrypted OpenSSH key. */
  kdfRounds?: number;
}

const OPENSSH =
  /^-----BEGIN OPENSSH PRIVATE KEY-----\r?\n([\s\S]+?)\r?\n-----END OPENSSH PRIVATE KEY-----\s*$/;
const PEM =
  /^-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----\r?\n([\s\S]+?)\r?\n-----END \1 PRIVATE KEY-----\s*$/;
const OPENSSH_MAGIC = 'openssh-key-v1\0';

export const NOT_A_KEY = 'must be an SSH private key in OpenSSH or PEM (RSA, EC or DSA) format';

/** Reads the strings of an OpenSSH key's header (length-prefixed), as far as `count`; undefined when cut short. */
function headerStrings(data: Buffer, start: number, count: number): Buffer[] | undefined {
  const found: Buffer[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 4 > data.length) return undefined;
    const length = data.readUInt32BE(at);
    if (at + 4 + length > data.length) return undefined;
    found.push(data.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return found;
}

/**
 * OpenSSH's own format (PROTOCOL.key): `openssh-key-v1\0`, then the cipher, the KDF and its
 * options (for bcrypt: a salt and the rounds). PEM: encrypted when it has `Proc-Type: 4,ENCRYPTED`.
 * Anything else is no key this service reads.
 */
function envelopeOf(text: string): KeyEnvelope | undefined {
  const trimmed = text.trim();
  const openssh = OPENSSH.exec(trimmed);
  if (openssh) {
    const data = Buffer.from(openssh[1].replace(/\s+/g, ''), 'base64');
    if (data.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC)
      return undefined;
    const header = headerStrings(data, OPENSSH_MAGIC.length, 3);
    if (!header) return undefined;
    const [cipher, kdf, kdfOptions] = header.map((part, i) =>
      i < 2 ? part.toString('latin1') : part,
    ) as [string, string, Buffer];
    if (cipher === 'none') return { encrypted: false };
    const salt = kdf === 'bcrypt' ? headerStrings(kdfOptions, 0, 1) : undefined;
    const roundsAt = salt ? 4 + salt[0].length : -1;
    const kdfRounds =
      salt && kdfOptions.length >= roundsAt + 4 ? kdfOptions.readUInt32BE(roundsAt) : undefined;
    return { encrypted: true, kdfRounds };
  }
  const pem = PEM.exec(trimmed);
  if (pem) return { encrypted: /^Proc-Type:\s*4,ENCRYPTED\s*$/m.test(pem[2]) };
  return undefined;
}

/** Whether ssh2 reads the key (with the passphrase) as exactly one private key. */
function opens(key: string, passphrase?: string): boolean {
  let parsed: ReturnType<typeof utils.parseKey>;
  try {
    parsed = utils.parseKey(key, passphrase);
  } catch {
    return false;
  }
  if (parsed instanceof Error) return false;
  const keys = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  return keys.length === 1 && (keys[0] as ParsedKey).isPrivateKey();
}

/**
 * Whether the tunnel's `privateKey` (with its `passphrase`) can be used (spec §5.1): a key in
 * OpenSSH or PEM format that ssh2 reads as one private key; an encrypted one needs the passphrase
 * that opens it. Undefined when it can; else the field to blame and why, never the key or the
 * library's text. A passphrase with a key that is not encrypted is accepted (and not needed).
 */
export function sshPrivateKeyProblem(
  key: string,
  passphrase: string | undefined,
): SshKeyProblem | undefined {
  if (Buffer.byteLength(key, 'utf8') > SSH_PRIVATE_KEY_MAX_BYTES)
    return { field: 'privateKey', why: 'must be at most 64 KiB' };
  const envelope = envelopeOf(key);
  if (!envelope) return { field: 'privateKey', why: NOT_A_KEY };
  if (envelope.encrypted) {
    if (envelope.kdfRounds !== undefined && envelope.kdfRounds > SSH_KEY_MAX_KDF_ROUNDS) {
      return {
        field: 'privateKey',
        why: `is encrypted with more than ${SSH_KEY_MAX_KDF_ROUNDS} bcrypt rounds: re-encrypt it with fewer (ssh-keygen -p -a 16)`,
      };
    }
    if (passphrase === undefined)
      return { field: 'passphrase', why: 'is required: sshTunnel.privateKey is encrypted' };
    return opens(key, passphrase)
      ? undefined
      : { field: 'passphrase', why: 'does not decrypt sshTunnel.privateKey' };
  }
  return opens(key) ? undefined : { field: 'privateKey', why: NOT_A_KEY };
}
