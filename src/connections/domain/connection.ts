/** The connection as the service reasons about it. No decorators, no secrets in clear. */
export const ENGINE_TYPES = ['ORACLE', 'SQL_SERVER', 'POSTGRESQL', 'MONGODB', 'MYSQL'] as const;
export type EngineType = (typeof ENGINE_TYPES)[number];

export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export const DEFAULT_ORGANIZATION = 'default';

export interface StoredSsl {
  mode: SslMode;
  ca?: string;
  cert?: string;
  /** Sealed by SecretCipher; never leaves the service. */
  sealedKey?: string;
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
  createdAt: Date;
  updatedAt: Date;
}

/** Settings in clear, handed to a driver only (never to a response or a log). */
export interface ConnectionCredentials {
  id: string;
  type: EngineType;
  host: string;
  port: number;
  databaseName: string;
  userName: string;
  password: string;
  schema: string | null;
  ssl: { mode: SslMode; ca?: string; cert?: string; key?: string } | null;
  metadata: Record<string, string>;
}

/** ETag of a connection's current version (spec §3.4: from updatedAt). */
export function connectionETag(connection: Pick<Connection, 'updatedAt'>): string {
  return `"${connection.updatedAt.getTime().toString(36)}"`;
}
