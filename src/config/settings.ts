/** The typed configuration every module reads (through ConfigService<Settings, true>). */
export type HostPolicyMode = 'default' | 'strict';

/** The HTTP framework under Nest (HTTP_ADAPTER): the same API, routes, limits and errors on either. */
export const HTTP_ADAPTERS = ['express', 'fastify'] as const;
export type HttpAdapterName = (typeof HTTP_ADAPTERS)[number];

export interface Settings {
  http: {
    port: number;
    logLevel: string;
    production: boolean;
    /** How long requests in flight may take to finish after SIGTERM (SHUTDOWN_TIMEOUT_MS). */
    shutdownTimeoutMs: number;
    /** express (default) or fastify (HTTP_ADAPTER). */
    adapter: HttpAdapterName;
  };
  store: { databaseUrl?: string; dataDir: string };
  crypto: { keys?: string; activeKeyId?: string; production: boolean; dataDir: string };
  redis: { url?: string };
  hostPolicy: { mode: HostPolicyMode; allowCidrs: string[]; denyCidrs: string[] };
  drivers: {
    testTimeoutMs: number;
    discoveryTimeoutMs: number;
    /** Tests per connection per minute (CONNECTION_TEST_RATE_LIMIT). */
    testRateLimit: number;
    /** Discoveries per connection, and live validate-schema discoveries per organization, per minute (CONNECTION_TEST_RATE_LIMIT too, spec §2). */
    discoveryRateLimit: number;
    /** Tests before saving per organization per minute (UNSAVED_TEST_RATE_LIMIT, spec §3.11). */
    unsavedTestRateLimit: number;
    schemaCacheTtlSeconds: number;
    /** At most this many table and field names held in an instance's memory by the schema cache (SCHEMA_CACHE_MAX_NAMES). */
    schemaCacheMaxNames: number;
    mongodbSampleSize: number;
  };
  auth: {
    enabled: boolean;
    jwksUrl?: string;
    jwtSecret?: string;
    issuer?: string;
    audience?: string;
    organizationClaim: string;
  };
  /** The connections declared by operators (spec §3.15); no file: provisioned connections are left as they are. */
  provisioning: { file?: string };
}
