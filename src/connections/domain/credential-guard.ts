import { FetFields } from '../../common/errors/fet.exception';
import { EngineType, SSL_MODES, SslMode } from '../../engines/engine';

/** What `fields` says of each secret a PATCH has to carry again (spec §3.4). */
export const REQUIRED_WHEN_DESTINATION_CHANGES = 'required when the destination changes';

/**
 * Where a connection's secrets are sent: the parts of a connection the guard compares between
 * the stored version and the one a PATCH would store. Hosts as the store keeps them (trimmed,
 * IPv6 without brackets); `ssl: null` means no TLS.
 */
export interface Destination {
  type: EngineType;
  host: string;
  port: number;
  ssl: { mode: SslMode } | null;
  /** The SSH bastion the database is reached through (spec §5.1); null: dialled directly. */
  sshTunnel: TunnelRoute | null;
}

/** Where a tunnel's secrets are sent: the bastion, its port, and the user they log in as. */
export interface TunnelRoute {
  host: string;
  port: number;
  userName: string;
}

/**
 * The JSON names of the secrets a PATCH body carries anew (`password`; a secret inside a block is
 * named with its path, as `fields` names it: `ssl.key`).
 */
export type CarriedSecrets = ReadonlySet<string>;

/** One stored secret the guard keeps from being sent somewhere new without being given again. */
interface GuardedSecret {
  /** The body fields that carry it anew: any one of them will do; all are named when none is there. */
  carriedBy: readonly string[];
  /** Whether the PATCH would send the stored secret somewhere it has not been sent before. */
  moves(from: Destination, to: Destination): boolean;
}

/** TLS strength: `verify-full` > `verify-ca` > `require` > `disable`; no TLS block is `disable`. */
export function sslStrength(ssl: Destination['ssl']): number {
  return SSL_MODES.indexOf(ssl?.mode ?? 'disable');
}

/**
 * Host names are case-insensitive (RFC 4343), so `DB.example.com` is `db.example.com`. Anything
 * else is a different host, even another spelling of the same address (`::1` and `0::1`, a
 * trailing dot): asking for the password again costs the caller little, guessing wrong costs it.
 */
export function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The same way to the database: both direct, or both through the same bastion and port as the same
 * user (the user names a different account: compared exactly). A changed host key fingerprint alone
 * is not a new way (spec §5.1 names host, port and user).
 */
function sameTunnel(a: TunnelRoute | null, b: TunnelRoute | null): boolean {
  if (a === null || b === null) return a === b;
  return sameHost(a.host, b.host) && a.port === b.port && a.userName === b.userName;
}

/**
 * Another engine, another server or port, weaker TLS, or another way there (a tunnel added,
 * removed, or moved: the name is then resolved by someone else): the password could be read off
 * the wire.
 */
function databaseMoves(from: Destination, to: Destination): boolean {
  return (
    from.type !== to.type ||
    !sameHost(from.host, to.host) ||
    from.port !== to.port ||
    sslStrength(to.ssl) < sslStrength(from.ssl) ||
    !sameTunnel(from.sshTunnel, to.sshTunnel)
  );
}

/**
 * The tunnel's own secrets go to the bastion: a tunnel that is new, or whose bastion, port or user
 * changed, has no stored secret it may take along (spec §3.4, §5.1).
 */
function tunnelMoves(from: Destination, to: Destination): boolean {
  return to.sshTunnel !== null && !sameTunnel(from.sshTunnel, to.sshTunnel);
}

/** Every stored secret and what moves it. */
const GUARDED_SECRETS: readonly GuardedSecret[] = [
  { carriedBy: ['password'], moves: databaseMoves },
  { carriedBy: ['sshTunnel.privateKey', 'sshTunnel.password'], moves: tunnelMoves },
];

/**
 * The credential guard (spec §3.4): a PATCH that would send a stored secret somewhere it has not
 * been sent before must carry that secret again, so whoever may edit a connection but does not
 * know its password cannot point it at a server they control and read the password off the wire.
 * Returns, for each secret the PATCH should have carried and did not, its fields with
 * {@link REQUIRED_WHEN_DESTINATION_CHANGES}; empty when the PATCH may go through.
 */
export function credentialGuardViolations(
  from: Destination,
  to: Destination,
  carried: CarriedSecrets,
): FetFields {
  const fields: FetFields = {};
  for (const secret of GUARDED_SECRETS) {
    if (!secret.moves(from, to) || secret.carriedBy.some((field) => carried.has(field))) continue;
    for (const field of secret.carriedBy) fields[field] = REQUIRED_WHEN_DESTINATION_CHANGES;
  }
  return fields;
}
