import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import type { MongoClientOptions } from 'mongodb';
import { DriverCallContext, DriverError, DriverTarget, isTunnelled } from '../database-driver';
import { remainingMs } from '../kit/deadline';

/** What MongoClient is built from: a URL that holds only the approved address and port, plus options. */
export interface MongoDial {
  url: string;
  options: MongoClientOptions;
}

/** `host:port` for a URL or a log-free message: IPv6 literals bracketed. */
export function mongoHostPort(target: Pick<DriverTarget, 'approved' | 'port'>): string {
  const address =
    target.approved.family === 6 ? `[${target.approved.address}]` : target.approved.address;
  return `${address}:${target.approved.port ?? target.port}`;
}

/** `true` / `false` metadata strings (any case); anything else = not given. */
function metadataFlag(value: string | undefined): boolean | undefined {
  const normalized = value?.trim().toLowerCase();
  if (normalized === 'true') return true;
  if (normalized === 'false') return false;
  return undefined;
}

/** Why a MongoDB topology is refused through an SSH tunnel (the cause of the DriverError; never shown). */
export const TUNNEL_TOPOLOGY_REFUSED =
  'MongoDB through an SSH tunnel is dialled as a direct connection: replicaSet and directConnection=false need the other members, which the tunnel cannot reach';

/**
 * Through an SSH tunnel only the forwarded server can be reached (spec §5.1): a topology that needs
 * the other members (`replicaSet`, `directConnection=false`) is refused before anything is dialled
 * (the connection's validation refuses it too; this is the driver's own guard).
 */
export function refuseTopologyThroughTunnel(target: DriverTarget): void {
  if (!isTunnelled(target)) return;
  const replicaSet = target.metadata.replicaSet?.trim();
  if (replicaSet || metadataFlag(target.metadata.directConnection) === false) {
    throw new DriverError('UNKNOWN', 'connect', { cause: new Error(TUNNEL_TOPOLOGY_REFUSED) });
  }
}

/**
 * verify-full checks the connection's own host name (or IP literal), never the dialled address:
 * through a tunnel that is 127.0.0.1, and Node would check the SNI name or `localhost` otherwise.
 */
function checkConnectionHost(target: DriverTarget): TlsConnectOptions['checkServerIdentity'] {
  const host = target.host.replace(/^\[|\]$/g, '');
  return (_dialled, certificate) => checkServerIdentity(host, certificate);
}

/**
 * Node TLS options for the spec §5 mode table (`null` = plain TCP). Used by the pre-flight socket;
 * the same decisions are expressed as MongoClient options in {@link mongoClientOptions}.
 * CA, certificate and key stay in memory. SNI only for names (RFC 6066 forbids IP literals).
 */
export function mongoTlsOptions(target: DriverTarget): TlsConnectOptions | null {
  const ssl = target.ssl;
  if (!ssl || ssl.mode === 'disable') return null;
  const options: TlsConnectOptions = {
    rejectUnauthorized: ssl.mode !== 'require',
    ca: ssl.mode === 'require' ? undefined : ssl.ca,
    cert: ssl.cert,
    key: ssl.key,
    servername: isIP(target.host) === 0 ? target.host : undefined,
  };
  if (ssl.mode === 'verify-ca') options.checkServerIdentity = () => undefined;
  if (ssl.mode === 'verify-full') options.checkServerIdentity = checkConnectionHost(target);
  return options;
}

/**
 * MongoClient settings from structured fields only: the URL carries the approved address and the
 * port and nothing else, so no user-supplied value (a user name such as `a@evil:1/x`) can change
 * where the client goes. One connection, no command monitoring, every timeout bounded by the
 * call's deadline.
 *
 * Always a direct connection: the client dials the approved address and nothing else, never the
 * members a replica set announces (the host policy never approved those, and their ports never
 * passed the pre-flight). `metadata.replicaSet` still makes the client check the server's set name
 * (a server of another set is never selected); `metadata.directConnection=false` is not honoured
 * (see docs/engines-mongodb-sqlserver-oracle.md, "Replica sets and the host policy"). Through an
 * SSH tunnel those two are refused before anything is dialled (refuseTopologyThroughTunnel).
 */
export function mongoClientOptions(target: DriverTarget, context: DriverCallContext): MongoDial {
  const remaining = remainingMs(context);
  // Through a tunnel a set name is refused earlier (refuseTopologyThroughTunnel); never passed on.
  const replicaSet = isTunnelled(target)
    ? undefined
    : target.metadata.replicaSet?.trim() || undefined;
  const ssl = target.ssl;
  const tls = ssl !== null && ssl.mode !== 'disable';
  const options: MongoClientOptions = {
    auth: { username: target.userName, password: target.password },
    authSource: target.metadata.authSource?.trim() || 'admin',
    replicaSet,
    directConnection: true,
    serverSelectionTimeoutMS: remaining,
    connectTimeoutMS: remaining,
    socketTimeoutMS: remaining,
    waitQueueTimeoutMS: remaining,
    maxPoolSize: 1,
    minPoolSize: 0,
    maxConnecting: 1,
    monitorCommands: false,
    retryReads: false,
    retryWrites: false,
    readPreference: 'primaryPreferred',
    appName: 'connections-service',
    tls,
  };
  if (tls && ssl) {
    if (ssl.mode === 'require') options.tlsAllowInvalidCertificates = true;
    if (ssl.mode === 'verify-ca') options.tlsAllowInvalidHostnames = true;
    if (ssl.mode !== 'require' && ssl.ca) options.ca = ssl.ca;
    if (ssl.cert) options.cert = ssl.cert;
    if (ssl.key) options.key = ssl.key;
    if (isIP(target.host) === 0) options.servername = target.host;
    if (ssl.mode === 'verify-full') options.checkServerIdentity = checkConnectionHost(target);
  }
  return { url: `mongodb://${mongoHostPort(target)}`, options };
}
