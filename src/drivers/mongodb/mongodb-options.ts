import { isIP } from 'node:net';
import type { ConnectionOptions as TlsConnectOptions } from 'node:tls';
import type { MongoClientOptions } from 'mongodb';
import { DriverCallContext, DriverTarget } from '../database-driver';
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
 * (see docs/engines-mongodb-sqlserver-oracle.md, "Replica sets and the host policy").
 */
export function mongoClientOptions(target: DriverTarget, context: DriverCallContext): MongoDial {
  const remaining = remainingMs(context);
  const replicaSet = target.metadata.replicaSet?.trim() || undefined;
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
  }
  return { url: `mongodb://${mongoHostPort(target)}`, options };
}
