import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { Settings } from '../config/settings';
import { ConnectionCredentials } from '../engines/engine';
import { ConnectionsService, Scope } from '../connections/connections.service';
import { callContext } from '../drivers/call-context';
import { DriverCallContext, DriverError, Stage } from '../drivers/database-driver';
import { Dialer } from '../drivers/dialer';
import { DriverRegistry } from '../drivers/driver-registry';
import { ConnectionTestReport, TestOutcome, buildReport } from './connection-test-report';

const RATE_WINDOW_MS = 60_000;
/** After the deadline, how long a driver may take to report its own (staged) TIMEOUT. */
const DEADLINE_GRACE_MS = 200;

const elapsedSince = (start: number) => Math.max(0, Math.round(performance.now() - start));

/** Where a run stands, so that a deadline that fires first can still say which stage it cut. */
interface Progress {
  startedAt: number;
  resolveMs?: number;
  driverStartedAt?: number;
}

/**
 * Tests a stored connection (spec §3.6): rate limit, one overall deadline, resolve through the
 * host policy, then the engine's probe. Any way the dial ends becomes a report (never an HTTP
 * error); a driver that ignores the deadline cannot hold the response past it.
 */
@Injectable()
export class ConnectionTester {
  private readonly logger = new Logger(ConnectionTester.name);

  constructor(
    private readonly connections: ConnectionsService,
    private readonly rateLimiter: RateLimiter,
    private readonly dialer: Dialer,
    private readonly registry: DriverRegistry,
    private readonly config: ConfigService<Settings, true>,
  ) {}

  async test(scope: Scope, id: string, requestId?: string): Promise<ConnectionTestReport> {
    const { testTimeoutMs, testRateLimit } = this.config.get('drivers', { infer: true });
    // Loaded first: an unknown id is a 404 and never uses up a connection's quota.
    const connection = await this.connections.get(scope, id);
    const decision = await this.rateLimiter.consume(
      `test:${connection.id}`,
      testRateLimit,
      RATE_WINDOW_MS,
    );
    if (!decision.allowed) {
      throw new FetException(FetErrorCode.RateLimitExceeded, {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      });
    }
    const credentials = this.connections.credentialsOf(connection);
    const context = callContext(testTimeoutMs);
    const progress: Progress = { startedAt: performance.now() };
    const outcome = await this.withDeadline(
      this.run(credentials, context, progress),
      context,
      progress,
    );
    const report = buildReport(
      outcome,
      (credentials.ssl?.mode ?? 'disable') !== 'disable',
      elapsedSince(progress.startedAt),
    );
    if (report.error) {
      this.logger.warn(
        { requestId, connectionId: connection.id, engine: connection.type, ...report.error },
        'Connection test failed',
      );
    }
    return report;
  }

  /** Resolve, then probe; never rejects. */
  private async run(
    credentials: ConnectionCredentials,
    context: DriverCallContext,
    progress: Progress,
  ): Promise<TestOutcome> {
    let stage: Stage = 'resolve';
    try {
      const target = await this.dialer.target(credentials, context);
      progress.resolveMs = elapsedSince(progress.startedAt);
      progress.driverStartedAt = performance.now();
      stage = 'connect';
      const probe = await this.registry.get(credentials.type).probe(target, context);
      return {
        resolveMs: progress.resolveMs,
        driverMs: elapsedSince(progress.driverStartedAt),
        probe,
      };
    } catch (error) {
      return this.failed(progress, this.failureOf(error, stage));
    }
  }

  /** The run's outcome, or a TIMEOUT once the deadline (plus a short grace) has passed. */
  private async withDeadline(
    run: Promise<TestOutcome>,
    context: DriverCallContext,
    progress: Progress,
  ): Promise<TestOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<TestOutcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            this.failed(progress, {
              reason: 'TIMEOUT',
              stage: progress.resolveMs === undefined ? 'resolve' : 'connect',
            }),
          ),
        Math.max(0, context.deadline - Date.now()) + DEADLINE_GRACE_MS,
      );
    });
    try {
      return await Promise.race([run, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(progress: Progress, failure: NonNullable<TestOutcome['failure']>): TestOutcome {
    return {
      resolveMs: progress.resolveMs ?? elapsedSince(progress.startedAt),
      driverMs: progress.driverStartedAt === undefined ? 0 : elapsedSince(progress.driverStartedAt),
      failure,
    };
  }

  private failureOf(error: unknown, stage: Stage): NonNullable<TestOutcome['failure']> {
    if (error instanceof DriverError) return { reason: error.reason, stage: error.stage };
    // A driver bug, not a verdict on the database: logged by its class name only (no driver text).
    this.logger.error(
      { errorName: error instanceof Error ? error.name : typeof error, stage },
      'Driver failed without a DriverError',
    );
    return { reason: 'UNKNOWN', stage };
  }
}
