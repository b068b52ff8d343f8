import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { Settings } from '../../config/settings';
import { callContext } from '../../drivers/call-context';
import { DatabaseDriver, DriverCallContext, DriverTarget } from '../../drivers/database-driver';
import { DriverRegistry } from '../../drivers/driver-registry';
import { hasTimedOut } from '../../drivers/kit/deadline';
import { ConnectionCredentials, EngineType } from '../../engines/engine';
import { HostPolicy } from '../../host-policy/host-policy';
import { PendingCloses } from '../../shutdown/pending-closes';
import { ShutdownSignal } from '../../shutdown/shutdown-signal';
import { SshTunnels } from '../../ssh-tunnel/ssh-tunnels';
import { ConnectionsService, Scope } from '../connections.service';
import { Connection } from '../domain/connection';
import { HeldCloses } from './held-closes';

/** Why a connection is dialled: each has its own deadline and its own per-minute quota. */
export type DialPurpose = 'test' | 'discovery';

const RATE_WINDOW_MS = 60_000;
/** After the deadline, how long a driver may take to report its own (staged) TIMEOUT. */
const DEADLINE_GRACE_MS = 200;

/** The stages a dial passes before the driver runs, in order: `tunnel` (when there is one), else `resolve`. */
export type DialStage = 'tunnel' | 'resolve';

/** One dial, of a stored connection or of settings not saved yet, under one deadline. */
export interface Dial {
  /** What is dialled, for reports and logs (never a secret, a host or a user). */
  readonly engine: EngineType;
  readonly tls: boolean;
  /** True when the database is reached through an SSH bastion (spec §5.1). */
  readonly tunnelled: boolean;
  readonly context: DriverCallContext;
  readonly driver: DatabaseDriver;
  /**
   * Opens the way to the database, runs `use` with what the driver dials, and closes it all in
   * `finally` (no caller can forget): without a tunnel, the host resolved once through the host
   * policy (the approved address; TLS still verifies the given name), failures at stage
   * `resolve`; with one, an SSH tunnel whose loopback end is dialled (the bastion through the
   * policy, the database host resolved by the bastion), failures at stage `tunnel`, and a forward
   * the bastion would not open reported as its own failure (spec §5.1) rather than the driver's.
   * `passed` is told each stage done before the driver runs. Once it has settled, the dial's
   * deadline is disarmed (its signal no longer aborts, by deadline or shutdown).
   */
  withTarget<T>(
    use: (target: DriverTarget) => Promise<T>,
    passed?: (stage: DialStage) => void,
  ): Promise<T>;
  /** `work`, or `onTimeout()` once the deadline (plus a short grace) has passed first. */
  withinDeadline<T>(work: Promise<T>, onTimeout: () => T): Promise<T>;
  /**
   * Starts the session closes the driver handed over (a test without a tunnel), held until now
   * so that they do not compete with the test's history write; tracked by PendingCloses from
   * then on. Must be called once the test's own work after the verdict is done; idempotent; a
   * no-op for a dial that hands nothing over.
   */
  releaseCloses(): void;
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
    private readonly tunnels: SshTunnels,
    private readonly closes: PendingCloses,
  ) {}

  /** The connection in scope (404 before any quota is used), counted against its own quota for `purpose`. */
  async admit(scope: Scope, id: string, purpose: DialPurpose): Promise<Connection> {
    const connection = await this.connections.get(scope, id);
    await this.throttle(
      `${purpose === 'test' ? 'test' : 'schema'}:${connection.id}`,
      this.limitOf(purpose),
    );
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
    const { end, ...deadline } = callContext(
      purpose === 'test' ? testTimeoutMs : discoveryTimeoutMs,
      this.shutdown.signal,
    );
    // A test without a tunnel is answered once its query has answered: the driver hands its
    // session's close over (bounded by the close grace, then the sockets destroyed), started when
    // the test releases it (after its history write) and then tracked by PendingCloses, which the
    // app's shutdown waits for. A tunnel must outlive the session it carries, so through one the
    // driver closes before the tunnel does, and before the answer.
    const held =
      purpose === 'test' && !credentials.sshTunnel
        ? new HeldCloses((closing) => this.closes.track(closing))
        : undefined;
    const context: DriverCallContext = held ? { ...deadline, deferClose: held.hold } : deadline;
    return {
      engine: credentials.type,
      tls: (credentials.ssl?.mode ?? 'disable') !== 'disable',
      tunnelled: Boolean(credentials.sshTunnel),
      context,
      driver: this.registry.get(credentials.type),
      // The dial is over once withTarget has settled (the driver done, its tunnel closed): its
      // deadline is disarmed then. A deadline that wins withinDeadline's race has aborted the
      // signal already; a close handed over is bounded by its own grace.
      withTarget: (use, passed) =>
        this.withTarget(credentials, context, use, passed).finally(end),
      withinDeadline: (work, onTimeout) => raceDeadline(work, context, onTimeout),
      releaseCloses: () => held?.release(),
    };
  }

  private async withTarget<T>(
    credentials: ConnectionCredentials,
    context: DriverCallContext,
    use: (target: DriverTarget) => Promise<T>,
    passed: (stage: DialStage) => void = () => undefined,
  ): Promise<T> {
    // The bastion's secrets stay here: no driver is handed them.
    const { sshTunnel, ...database } = credentials;
    if (!sshTunnel) {
      const approved = await this.policy.resolve(credentials.host, context.signal);
      passed('resolve');
      return use({ ...database, approved });
    }
    const tunnel = await this.tunnels.open(
      sshTunnel,
      { host: credentials.host, port: credentials.port },
      context,
    );
    try {
      passed('tunnel');
      // The forward's loopback end is dialled; `host` stays the database's own name for TLS.
      return await use({ ...database, approved: { host: credentials.host, ...tunnel.local } });
    } catch (error) {
      const forwardFailure = tunnel.forwardFailure;
      throw forwardFailure !== undefined && !hasTimedOut(context) ? forwardFailure : error;
    } finally {
      await tunnel.close();
    }
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

async function raceDeadline<T>(
  work: Promise<T>,
  context: DriverCallContext,
  onTimeout: () => T,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(
      () => resolve(TIMED_OUT),
      Math.max(0, context.deadline - Date.now()) + DEADLINE_GRACE_MS,
    );
  });
  try {
    const first = await Promise.race([work, deadline]);
    return first === TIMED_OUT ? onTimeout() : first;
  } finally {
    clearTimeout(timer);
  }
}
