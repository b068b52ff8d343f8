import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { Settings } from '../../config/settings';
import { callContext } from '../../drivers/call-context';
import { DatabaseDriver, DriverCallContext, DriverTarget } from '../../drivers/database-driver';
import { DriverRegistry } from '../../drivers/driver-registry';
import { ConnectionCredentials, EngineType } from '../../engines/engine';
import { HostPolicy } from '../../host-policy/host-policy';
import { ShutdownSignal } from '../../shutdown/shutdown-signal';
import { ConnectionsService, Scope } from '../connections.service';
import { Connection } from '../domain/connection';

/** Why a connection is dialled: each has its own deadline and its own per-minute quota. */
export type DialPurpose = 'test' | 'discovery';

const RATE_WINDOW_MS = 60_000;
/** After the deadline, how long a driver may take to report its own (staged) TIMEOUT. */
const DEADLINE_GRACE_MS = 200;

/** One dial, of a stored connection or of settings not saved yet, under one deadline. */
export interface Dial {
  /** What is dialled, for reports and logs (never a secret, a host or a user). */
  readonly engine: EngineType;
  readonly tls: boolean;
  readonly context: DriverCallContext;
  readonly driver: DatabaseDriver;
  /**
   * Resolves the host once through the host policy: what the driver dials (the approved address,
   * TLS still verifying the given name). Throws DriverError at stage `resolve`.
   */
  target(): Promise<DriverTarget>;
  /** `work`, or `onTimeout()` once the deadline (plus a short grace) has passed first. */
  withinDeadline<T>(work: Promise<T>, onTimeout: () => T): Promise<T>;
}

/**
 * The one way to dial (/test, /schema, validate-schema, test before saving): admit the call
 * against its quota (a stored connection is looked up in scope first), open the secrets, check the
 * host, hand the driver its target, all under one deadline that no driver can outlive (and that a
 * shutdown can cut short). Settings not saved yet take the same path from `open` on.
 */
@Injectable()
export class ConnectionDialing {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly rateLimiter: RateLimiter,
    private readonly policy: HostPolicy,
    private readonly registry: DriverRegistry,
    private readonly config: ConfigService<Settings, true>,
    private readonly shutdown: ShutdownSignal,
  ) {}

  /** The connection in scope (404 before any quota is used), counted against its own quota for `purpose`. */
  async admit(scope: Scope, id: string, purpose: DialPurpose): Promise<Connection> {
    const connection = await this.connections.get(scope, id);
    await this.throttle(`${purpose === 'test' ? 'test' : 'schema'}:${connection.id}`, this.limitOf(purpose));
    return connection;
  }

  /** The live discoveries one validate-schema needs count once against the organization's quota. */
  admitValidation(scope: Scope): Promise<void> {
    return this.throttle(`validate:${scope.organizationId}`, this.limitOf('discovery'));
  }

  /** A test before saving counts against the organization's own quota (UNSAVED_TEST_RATE_LIMIT). */
  admitUnsaved(organizationId: string): Promise<void> {
    const { unsavedTestRateLimit } = this.config.get('drivers', { infer: true });
    return this.throttle(`unsaved-test:${organizationId}`, unsavedTestRateLimit);
  }

  /** Opens the stored secrets and starts the deadline of one dial. */
  start(connection: Connection, purpose: DialPurpose): Dial {
    return this.open(this.connections.credentialsOf(connection), purpose);
  }

  /**
   * Starts the deadline of one dial with settings in clear: a stored connection's opened secrets,
   * or the body of a test before saving. They live in this dial only.
   */
  open(credentials: ConnectionCredentials, purpose: DialPurpose): Dial {
    const { testTimeoutMs, discoveryTimeoutMs } = this.config.get('drivers', { infer: true });
    const context = callContext(purpose === 'test' ? testTimeoutMs : discoveryTimeoutMs, this.shutdown.signal);
    return {
      engine: credentials.type,
      tls: (credentials.ssl?.mode ?? 'disable') !== 'disable',
      context,
      driver: this.registry.get(credentials.type),
      target: async () => ({
        ...credentials,
        approved: await this.policy.resolve(credentials.host, context.signal),
      }),
      withinDeadline: (work, onTimeout) => raceDeadline(work, context, onTimeout),
    };
  }

  private limitOf(purpose: DialPurpose): number {
    const { testRateLimit, discoveryRateLimit } = this.config.get('drivers', { infer: true });
    return purpose === 'test' ? testRateLimit : discoveryRateLimit;
  }

  private async throttle(key: string, limit: number): Promise<void> {
    const decision = await this.rateLimiter.consume(key, limit, RATE_WINDOW_MS);
    if (!decision.allowed) {
      throw new FetException(FetErrorCode.RateLimitExceeded, {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      });
    }
  }
}

const TIMED_OUT = Symbol('timed out');

async function raceDeadline<T>(work: Promise<T>, context: DriverCallContext, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, context.deadline - Date.now()) + DEADLINE_GRACE_MS);
  });
  try {
    const first = await Promise.race([work, deadline]);
    return first === TIMED_OUT ? onTimeout() : first;
  } finally {
    clearTimeout(timer);
  }
}
