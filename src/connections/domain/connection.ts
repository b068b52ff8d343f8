import { EngineType, SslMode } from '../../engines/engine';

/** The connection as the service reasons about it. No decorators, no secrets in clear. */
export interface StoredSsl {
  mode: SslMode;
  ca?: string;
  cert?: string;
  /** Sealed by SecretCipher; never leaves the service. */
  sealedKey?: string;
}

/**
 * An SSH bastion the database is reached through (spec §5.1). Its secrets are each sealed with
 * their own additional data (secret-contexts.ts); at least one of `sealedPrivateKey` and
 * `sealedPassword` is there, `sealedPassphrase` only with `sealedPrivateKey`.
 */
export interface StoredSshTunnel {
  host: string;
  port: number;
  userName: string;
  /** `SHA256:<base64, 43 characters>` as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  sealedPrivateKey?: string;
  sealedPassphrase?: string;
  sealedPassword?: string;
}

export interface Connection {
  id: string;
  organizationId: string;
  productName: string | null;
  configName: string;
  type: EngineType;
  host: string;
  port: number;
  databaseName: string;
  userName: string;
  /** Sealed by SecretCipher; never leaves the service. */
  sealedPassword: string;
  schema: string | null;
  ssl: StoredSsl | null;
  metadata: Record<string, string>;
  /** null: the database is dialled directly. */
  sshTunnel: StoredSshTunnel | null;
  createdAt: Date;
  updatedAt: Date;
  /** Declared in the provisioning file (spec §3.15): PATCH and DELETE refuse it; the file changes it. */
  provisioned: boolean;
}

/** ETag of a connection's current version (spec §3.4: from updatedAt). */
export function connectionETag(connection: Pick<Connection, 'updatedAt'>): string {
  return `"${connection.updatedAt.getTime().toString(36)}"`;
}
