import { Injectable, Logger } from '@nestjs/common';
import { DriverError, Stage } from '../../drivers/database-driver';
import { Scope } from '../connections.service';
import { ConnectionDialing, Dial } from '../dialing/connection-dialing';
import { AuditContext } from '../history/audit-context';
import { ConnectionHistoryService } from '../history/connection-history.service';
import { ConnectionTestReport, TestOutcome, buildReport } from './connection-test-report';

const elapsedSince = (start: number) => Math.max(0, Math.round(performance.now() - start));

/** Where a run stands, so that a deadline that fires first can still say which stage it cut. */
interface Progress {
  startedAt: number;
  resolveMs?: number;
  driverStartedAt?: number;
}

/**
 * Tests a stored connection (spec §3.6) through ConnectionDialing: resolve through the host
 * policy, then the engine's probe. Any way the dial ends becomes a report (never an HTTP error);
 * a driver that ignores the deadline cannot hold the response past it. Every test that ran is
 * recorded in the connection's history (`tested`, with its outcome) before it is answered.
 */
@Injectable()
export class ConnectionTester {
  private readonly logger = new Logger(ConnectionTester.name);

  constructor(
    private readonly dialing: ConnectionDialing,
    private readonly history: ConnectionHistoryService,
  ) {}

  async test(scope: Scope, id: string, audit: AuditContext): Promise<ConnectionTestReport> {
    const connection = await this.dialing.admit(scope, id, 'test');
    const dial = this.dialing.start(connection, 'test');
    const progress: Progress = { startedAt: performance.now() };
    const outcome = await dial.withinDeadline(this.run(dial, progress), () =>
      this.failed(progress, {
        reason: 'TIMEOUT',
        stage: progress.resolveMs === undefined ? 'resolve' : 'connect',
      }),
    );
    const report = buildReport(outcome, (connection.ssl?.mode ?? 'disable') !== 'disable', elapsedSince(progress.startedAt));
    if (report.error) {
      this.logger.warn(
        {
          requestId: audit.requestId,
          connectionId: connection.id,
          engine: connection.type,
          ...report.error,
        },
        'Connection test failed',
      );
    }
    await this.history.recordRun(audit, connection, 'tested', {
      status: report.status,
      ...(report.error ? { reason: report.error.reason } : {}),
    });
    return report;
  }

  /** Resolve, then probe; never rejects. */
  private async run(dial: Dial, progress: Progress): Promise<TestOutcome> {
    let stage: Stage = 'resolve';
    try {
      const target = await dial.target();
      progress.resolveMs = elapsedSince(progress.startedAt);
      progress.driverStartedAt = performance.now();
      stage = 'connect';
      const probe = await dial.driver.probe(target, dial.context);
      return {
        resolveMs: progress.resolveMs,
        driverMs: elapsedSince(progress.driverStartedAt),
        probe,
      };
    } catch (error) {
      return this.failed(progress, this.failureOf(error, stage));
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
