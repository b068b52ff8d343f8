/** The engines the service speaks to (spec §1, §5): shared by the connection resource and the drivers. */
export const ENGINE_TYPES = ['ORACLE', 'SQL_SERVER', 'POSTGRESQL', 'MONGODB', 'MYSQL'] as const;
export type EngineType = (typeof ENGINE_TYPES)[number];

/** TLS modes, weakest first (spec §5). */
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** Settings in clear, handed to a driver only (never to a response or a log). */
export interface ConnectionCredentials {
  /** The stored connection's id; absent for a test before saving (spec §3.11), which has none. */
  id?: string;
  type: EngineType;
  host: string;
  port: number;
  databaseName: string;
  userName: string;
  password: string;
  schema: string | null;
  ssl: { mode: SslMode; ca?: string; cert?: string; key?: string } | null;
  metadata: Record<string, string>;
  /** Reach the database through an SSH bastion (spec §5.1); its secrets in clear, for this dial only. */
  sshTunnel?: SshTunnelCredentials | null;
}

/** An SSH bastion's settings in clear: `privateKey` (optionally with `passphrase`) or `password`. */
export interface SshTunnelCredentials {
  host: string;
  port: number;
  userName: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /** `SHA256:<base64>` as `ssh-keygen -lf` prints it; the bastion's key must match before any secret is sent. */
  hostKeyFingerprint: string;
}
