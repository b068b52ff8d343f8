import { SecretCipher } from '../../crypto/secret-cipher';
import { SshTunnelCredentials } from '../../engines/engine';
import { StoredSshTunnel } from './connection';
import { sshPassphraseContext, sshPasswordContext, sshPrivateKeyContext } from './secret-contexts';

/** The port of a block that names none (spec §5.1). */
export const DEFAULT_SSH_PORT = 22;

/** An `sshTunnel` block as a validated body carries it (create, PATCH, import, provisioning). */
export interface SshTunnelInput {
  host: string;
  port?: number | null;
  userName: string;
  hostKeyFingerprint: string;
  privateKey?: string | null;
  passphrase?: string | null;
  password?: string | null;
}

type SealedField = 'sealedPrivateKey' | 'sealedPassphrase' | 'sealedPassword';

/** Each sealed secret of a tunnel: its JSON name and the additional data it is sealed with. */
export const TUNNEL_SECRETS: ReadonlyArray<{
  field: SealedField;
  name: string;
  context: (id: string) => string;
}> = [
  { field: 'sealedPrivateKey', name: 'sshTunnel.privateKey', context: sshPrivateKeyContext },
  { field: 'sealedPassphrase', name: 'sshTunnel.passphrase', context: sshPassphraseContext },
  { field: 'sealedPassword', name: 'sshTunnel.password', context: sshPasswordContext },
];

const given = (value: string | null | undefined): value is string =>
  value !== undefined && value !== null;

/** The JSON names of the tunnel secrets a block carries anew (`sshTunnel.privateKey`, `sshTunnel.password`). */
export function carriedTunnelSecrets(block: SshTunnelInput | null | undefined): string[] {
  if (!block) return [];
  return [
    ...(given(block.privateKey) ? ['sshTunnel.privateKey'] : []),
    ...(given(block.password) ? ['sshTunnel.password'] : []),
  ];
}

/**
 * The tunnel a block stands for, under connection `id`. A block that carries `privateKey` or
 * `password` brings all its secrets (each sealed with its own additional data); one that carries
 * neither keeps `kept`'s sealed secrets (a PATCH, spec §5.1: the credential guard has already
 * refused it when the bastion, its port or the user changed).
 */
export function sealTunnel(
  cipher: SecretCipher,
  id: string,
  block: SshTunnelInput,
  kept: StoredSshTunnel | null,
): StoredSshTunnel {
  const route = {
    host: block.host,
    port: block.port ?? DEFAULT_SSH_PORT,
    userName: block.userName,
    hostKeyFingerprint: block.hostKeyFingerprint,
  };
  if (carriedTunnelSecrets(block).length === 0) {
    const secrets = kept
      ? TUNNEL_SECRETS.filter(({ field }) => kept[field] !== undefined).map(({ field }) => [
          field,
          kept[field],
        ])
      : [];
    return { ...route, ...(Object.fromEntries(secrets) as Pick<StoredSshTunnel, SealedField>) };
  }
  const { privateKey, passphrase, password } = block;
  return {
    ...route,
    ...(given(privateKey)
      ? { sealedPrivateKey: cipher.seal(privateKey, sshPrivateKeyContext(id)) }
      : {}),
    ...(given(privateKey) && given(passphrase)
      ? { sealedPassphrase: cipher.seal(passphrase, sshPassphraseContext(id)) }
      : {}),
    ...(given(password) ? { sealedPassword: cipher.seal(password, sshPasswordContext(id)) } : {}),
  };
}

/** `tunnel` with `map` applied to each sealed secret it holds (given the secret's contexts). */
export function mapTunnelSecrets(
  tunnel: StoredSshTunnel,
  map: (sealed: string, secret: (typeof TUNNEL_SECRETS)[number]) => string,
): StoredSshTunnel {
  const next: StoredSshTunnel = { ...tunnel };
  for (const secret of TUNNEL_SECRETS) {
    const sealed = tunnel[secret.field];
    if (sealed !== undefined) next[secret.field] = map(sealed, secret);
  }
  return next;
}

/** A tunnel's secrets opened under `fromId` and sealed again under `toId` (clone, spec §3.13). */
export function resealTunnel(
  cipher: SecretCipher,
  tunnel: StoredSshTunnel,
  fromId: string,
  toId: string,
): StoredSshTunnel {
  return mapTunnelSecrets(tunnel, (sealed, { context }) =>
    cipher.seal(cipher.open(sealed, context(fromId)), context(toId)),
  );
}

/** The tunnel in clear, for one dial. */
export function openTunnel(
  cipher: SecretCipher,
  tunnel: StoredSshTunnel,
  id: string,
): SshTunnelCredentials {
  const opened = (sealed: string | undefined, context: (id: string) => string) =>
    sealed === undefined ? undefined : cipher.open(sealed, context(id));
  return tunnelInClear({
    ...tunnel,
    privateKey: opened(tunnel.sealedPrivateKey, sshPrivateKeyContext),
    passphrase: opened(tunnel.sealedPassphrase, sshPassphraseContext),
    password: opened(tunnel.sealedPassword, sshPasswordContext),
  });
}

/** The tunnel of a body in clear (a test before saving: nothing sealed, nothing stored). */
export function tunnelInClear(block: SshTunnelInput): SshTunnelCredentials {
  return {
    host: block.host,
    port: block.port ?? DEFAULT_SSH_PORT,
    userName: block.userName,
    hostKeyFingerprint: block.hostKeyFingerprint,
    ...(given(block.privateKey) ? { privateKey: block.privateKey } : {}),
    ...(given(block.privateKey) && given(block.passphrase) ? { passphrase: block.passphrase } : {}),
    ...(given(block.password) ? { password: block.password } : {}),
  };
}
