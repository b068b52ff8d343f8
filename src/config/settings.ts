/** The typed configuration every module reads (through ConfigService<Settings, true>). */
export type HostPolicyMode = 'default' | 'strict';

export interface Settings {
  http: { port: number; logLevel: string; production: boolean };
  store: { databaseUrl?: string; dataDir: string };
  crypto: { keys?: string; activeKeyId?: string; production: boolean; dataDir: string };
  redis: { url?: string };
  hostPolicy: { mode: HostPolicyMode; allowCidrs: string[]; denyCidrs: string[] };
  drivers: {
    testTimeoutMs: number;
    discoveryTimeoutMs: number;
    testRateLimit: number;
    schemaCacheTtlSeconds: number;
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
}
