import { HTTP_ADAPTERS, HostPolicyMode, HttpAdapterName, Settings } from './settings';

type Env = Record<string, unknown>;

/** Every problem of the environment, on one line (the process prints it alone, src/main.ts). */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** HMAC keys shorter than the hash are refused (RFC 7518 §3.2: at least 256 bits for HS256). */
const MIN_SECRET_BYTES = 32;

/** Reads the environment once at boot; every problem is reported together and boot stops. */
export function validateEnvironment(env: Env): Settings {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name];
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false`);
    return fallback;
  };
  const list = (name: string): string[] =>
    (text(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);

  const production = text('NODE_ENV') === 'production';
  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }
  const mode = text('HOST_POLICY') ?? 'default';
  if (mode !== 'default' && mode !== 'strict')
    problems.push('HOST_POLICY must be default or strict');
  const adapter = text('HTTP_ADAPTER') ?? 'express';
  if (!(HTTP_ADAPTERS as readonly string[]).includes(adapter))
    problems.push('HTTP_ADAPTER must be express or fastify');
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  }
  const dataDir = text('DATA_DIR') ?? './data';
  const auth = {
    enabled: boolean('AUTH_ENABLED', false),
    jwksUrl: text('AUTH_JWKS_URL'),
    // The secret is used as its exact UTF-8 bytes: not trimmed (a blank one is unset).
    jwtSecret: text('AUTH_JWT_SECRET') === undefined ? undefined : String(env.AUTH_JWT_SECRET),
    issuer: text('AUTH_ISSUER'),
    audience: text('AUTH_AUDIENCE'),
    organizationClaim: text('AUTH_ORGANIZATION_CLAIM') ?? 'organization',
  };
  if (auth.enabled && !auth.jwksUrl && !auth.jwtSecret) {
    problems.push('AUTH_ENABLED=true needs AUTH_JWKS_URL or AUTH_JWT_SECRET');
  }
  if (
    auth.jwksUrl !== undefined &&
    !(/^https?:\/\//i.test(auth.jwksUrl) && URL.canParse(auth.jwksUrl))
  ) {
    problems.push('AUTH_JWKS_URL must be an http:// or https:// URL');
  }
  if (
    auth.jwtSecret !== undefined &&
    Buffer.byteLength(auth.jwtSecret, 'utf8') < MIN_SECRET_BYTES
  ) {
    problems.push(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  }

  // One variable, two limits of their own (tests and discoveries count apart, spec §2).
  const dialRateLimit = integer('CONNECTION_TEST_RATE_LIMIT', 10, 1, 1_000_000);
  const settings: Settings = {
    http: {
      port: integer('PORT', 4006, 0, 65535),
      logLevel,
      production,
      shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
      adapter: adapter as HttpAdapterName,
    },
    store: { databaseUrl, dataDir },
    crypto: {
      keys: text('ENCRYPTION_KEYS'),
      activeKeyId: text('ENCRYPTION_ACTIVE_KEY_ID'),
      production,
      dataDir,
    },
    redis: { url: text('REDIS_URL') },
    hostPolicy: {
      mode: mode as HostPolicyMode,
      allowCidrs: list('HOST_ALLOW_CIDRS'),
      denyCidrs: list('HOST_DENY_CIDRS'),
    },
    drivers: {
      testTimeoutMs: integer('CONNECTION_TEST_TIMEOUT_MS', 10_000, 100, 600_000),
      discoveryTimeoutMs: integer('SCHEMA_DISCOVERY_TIMEOUT_MS', 30_000, 100, 600_000),
      testRateLimit: dialRateLimit,
      discoveryRateLimit: dialRateLimit,
      unsavedTestRateLimit: integer('UNSAVED_TEST_RATE_LIMIT', 30, 1, 1_000_000),
      schemaCacheTtlSeconds: integer('SCHEMA_CACHE_TTL_SECONDS', 300, 0, 86_400),
      schemaCacheMaxNames: integer('SCHEMA_CACHE_MAX_NAMES', 2_000_000, 1_000, 1_000_000_000),
      mongodbSampleSize: integer('MONGODB_SAMPLE_SIZE', 1000, 1, 100_000),
    },
    auth,
    provisioning: { file: text('PROVISIONING_FILE') },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
