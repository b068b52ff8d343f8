import { SecretCipher } from '../../crypto/secret-cipher';
import { EngineType, SslMode } from '../../engines/engine';
import { Connection, StoredSsl } from './connection';
import { passwordContext, sslKeyContext } from './secret-contexts';
import { SshTunnelInput, sealTunnel } from './ssh-tunnel-secrets';

/** The settings of a new connection as a validated create body carries them (create, import, provisioning). */
export interface NewConnectionInput {
  configName: string;
  type: EngineType;
  host: string;
  port: number;
  databaseName: string;
  userName: string;
  password: string;
  schema?: string | null;
  ssl?: { mode: SslMode; ca?: string | null; cert?: string | null; key?: string | null } | null;
  metadata?: Record<string, string> | null;
  sshTunnel?: SshTunnelInput | null;
}

/** Who a new connection belongs to and when it is made. */
export interface NewConnectionOrigin {
  id: string;
  organizationId: string;
  productName: string | null;
  now: Date;
  provisioned: boolean;
}

/**
 * A new connection from its settings, every secret sealed under its new id with its own additional
 * data (spec §6.1): the password, `ssl.key` and the tunnel's secrets. Create, import and provisioning
 * build theirs here; clone copies a stored one field by field on purpose (its secrets are sealed
 * already, under the source's id).
 */
export function sealNewConnection(
  cipher: SecretCipher,
  origin: NewConnectionOrigin,
  input: NewConnectionInput,
): Connection {
  const { id, now } = origin;
  return {
    id,
    organizationId: origin.organizationId,
    productName: origin.productName,
    configName: input.configName,
    type: input.type,
    host: input.host,
    port: input.port,
    databaseName: input.databaseName,
    userName: input.userName,
    sealedPassword: cipher.seal(input.password, passwordContext(id)),
    schema: input.schema || null,
    ssl: input.ssl ? sealSsl(cipher, id, input.ssl) : null,
    metadata: input.metadata ?? {},
    sshTunnel: input.sshTunnel ? sealTunnel(cipher, id, input.sshTunnel, null) : null,
    createdAt: now,
    updatedAt: now,
    provisioned: origin.provisioned,
  };
}

/** TLS settings as stored: the client key sealed under the connection's `ssl.key` context. */
export function sealSsl(
  cipher: SecretCipher,
  id: string,
  ssl: NonNullable<NewConnectionInput['ssl']>,
): StoredSsl {
  return {
    mode: ssl.mode,
    ...(ssl.ca ? { ca: ssl.ca } : {}),
    ...(ssl.cert ? { cert: ssl.cert } : {}),
    ...(ssl.key ? { sealedKey: cipher.seal(ssl.key, sslKeyContext(id)) } : {}),
  };
}
