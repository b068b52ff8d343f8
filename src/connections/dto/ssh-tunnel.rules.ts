import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { SshKeyProblem, sshPrivateKeyProblem } from '../domain/ssh-private-key';

/** `SHA256:` and the unpadded base64 of a 32-byte digest, as `ssh-keygen -lf` prints a host key's. */
const FINGERPRINT = /^SHA256:([A-Za-z0-9+/]{43})$/;

/** A SHA-256 host key fingerprint in the one spelling ssh-keygen prints (43 characters, no padding). */
export function isHostKeyFingerprint(value: unknown): boolean {
  const digest = typeof value === 'string' ? FINGERPRINT.exec(value)?.[1] : undefined;
  return (
    digest !== undefined &&
    Buffer.from(digest, 'base64').toString('base64').replace(/=+$/, '') === digest
  );
}

export const IsHostKeyFingerprint =
  (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isHostKeyFingerprint',
      target: target.constructor,
      propertyName,
      options: {
        message: 'must be SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it',
        ...options,
      },
      validator: { validate: isHostKeyFingerprint },
    });

/** The two secrets of key authentication, as the block carries them. */
interface KeyFields {
  privateKey?: unknown;
  passphrase?: unknown;
}

/** One reading of a block's key per block (two rules ask; an encrypted key's KDF is slow). */
const readings = new WeakMap<
  object,
  { key: string; passphrase: unknown; problem: SshKeyProblem | undefined }
>();

function keyProblem(block: KeyFields): SshKeyProblem | undefined {
  const { privateKey, passphrase } = block;
  if (typeof privateKey !== 'string' || privateKey.includes('\u0000')) return undefined;
  if (passphrase !== undefined && passphrase !== null && typeof passphrase !== 'string')
    return undefined;
  const cached = readings.get(block);
  if (cached && cached.key === privateKey && cached.passphrase === passphrase)
    return cached.problem;
  const problem = sshPrivateKeyProblem(privateKey, passphrase ?? undefined);
  readings.set(block, { key: privateKey, passphrase, problem });
  return problem;
}

/** The rule of one field of the key pair: fails with the reading's reason when the reading blames this field. */
function keyRule(field: SshKeyProblem['field']) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name: field === 'privateKey' ? 'isSshPrivateKey' : 'opensSshPrivateKey',
      target: target.constructor,
      propertyName,
      options: {
        ...options,
        message: (args: ValidationArguments) =>
          keyProblem(args.object)?.why ?? 'is not valid',
      },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          keyProblem(args.object)?.field !== field,
      },
    });
}

/**
 * `privateKey`: OpenSSH or PEM, at most 64 KiB, read by ssh2 as one private key (spec §5.1). A key
 * that needs a passphrase it was not given is the passphrase's problem, not the key's.
 */
export const IsSshPrivateKey = keyRule('privateKey');

/** `passphrase`: there when the key is encrypted, and the one that opens it. */
export const OpensSshPrivateKey = keyRule('passphrase');

const PASSPHRASE_MAX_LENGTH = 1024;

function passphraseShape(value: unknown, block: KeyFields): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return 'must not be empty';
  if (value.length > PASSPHRASE_MAX_LENGTH)
    return `must be at most ${PASSPHRASE_MAX_LENGTH} characters`;
  if (block.privateKey === undefined || block.privateKey === null)
    return 'is only used with sshTunnel.privateKey';
  return undefined;
}

/** `passphrase` when given: a string of 1–1024 characters (not trimmed), with a `privateKey` beside it. */
export const IsPassphrase =
  (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPassphrase',
      target: target.constructor,
      propertyName,
      options: {
        ...options,
        message: (args: ValidationArguments) =>
          passphraseShape(args.value, args.object) ?? 'is not valid',
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          passphraseShape(value, args.object) === undefined,
      },
    });
