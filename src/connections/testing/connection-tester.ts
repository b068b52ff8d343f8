import { Injectable, Logger } from '@nestjs/common';
import { DriverError, Stage } from '../../drivers/database-driver';
import { ConnectionCredentials } from '../../engines/engine';
import { Scope } from '../connections.service';
import { ConnectionDialing, Dial } from '../dialing/connection-dialing';
import { TestConnectionDto } from '../dto/test-connection.dto';
import { AuditContext } from '../history/audit-context';
import { ConnectionHistoryService } from '../history/connection-history.service';
import { HistoryOutcome } from '../history/history-event';
import {
  ConnectionTestReport,
  TestOutcome,
  buildReport,
  historyOutcome,
} from './connection-test-report';
import { unsavedCredentials } from './unsaved-credentials';

const elapsedSince = (start: number) => Math.max(0, Math.round(performance.now() - start));

/** Where a run stands, so that a deadline that fires first can still say which stage it cut. */
interface Progress {
  startedAt: number;
  /** The stage running now (what a deadline that fires first cuts). */
  stage: Stage;
  resolveMs?: number;
  tunnelMs?: number;
  driverStartedAt?: number;
}

/** What a failure's log line may say about the test besides its reason and stage: ids, never settings. */
interface LogContext {
  requestId?: string;
  connectionId?: string;
}

/**
 * Tests a connection (spec §3.6), stored or not saved yet (§3.11), through ConnectionDialing:
 * resolve through the host policy, then the engine's probe. Any way the dial ends becomes a report
 * (never an HTTP error); a driver that ignores the deadline cannot hold the response past it. Every
 * test of a stored connection that ran is recorded in its history (`tested`, with its outcome)
 * before it is answered; a test before saving has no history (nothing is stored). `latencyMs` runs
 * from the start of the dial to its verdict (the query's answer, or the failure).
 */
@Injectable()
export class ConnectionTester {
  private readonly logger = new Logger(ConnectionTester.name);

  constructor(
    private readonly dialing: ConnectionDialing,
    private readonly history: ConnectionHistoryService,
  ) {}

  /** POST /{id}/test: the stored connection, counted against its own quota, and its `tested` event. */
  async test(scope: Scope, id: string, audit: AuditContext): Promise<ConnectionTestReport> {
    const connection = await this.dialing.admit(scope, id, 'test');
    return this.report(
      this.dialing.start(connection, 'test'),
      { requestId: audit.requestId, connectionId: connection.id },
      (outcome) => this.history.recordRun(audit, connection, 'tested', outcome),
    );
  }

  /**
   * POST /test: settings not saved yet. The engine rules first (a refused body spends no quota),
   * then the organization's quota; the secrets live in this one dial and nothing is stored.
   */
  async testUnsaved(
    organizationId: string,
    input: TestConnectionDto,
    requestId?: string,
  ): Promise<ConnectionTestReport> {
    const credentials = unsavedCredentials(input);
    await this.dialing.admitUnsaved(organizationId);
    return this.testSettings(credentials, requestId);
  }

  /**
   * The staged run of a test of settings in clear, already admitted: what POST /test dials once
   * its body passed the engine rules and the quota (also for in-process callers, the bench).
   */
  testSettings(
    credentials: ConnectionCredentials,
    requestId?: string,
  ): Promise<ConnectionTestReport> {
    return this.report(this.dialing.open(credentials, 'test'), { requestId });
  }

  /**
   * The staged run of one dial under its deadline, as a report; a failure is logged without any
   * setting. The verdict is in when the probe's query has answered (or the run failed): that ends
   * `latencyMs`. `record` (a stored connection's history event) is written then, and the report is
   * answered once it is committed. A driver that handed its session's close over (PostgreSQL
   * without an SSH tunnel) has it started then, after the write (a session exiting on the server
   * would slow the commit down), and finishes closing after the answer, bounded by its close grace
   * (ConnectionDialing, PendingCloses); the others have closed before their verdict.
   */
  private async report(
    dial: Dial,
    log: LogContext,
    record?: (outcome: HistoryOutcome) => Promise<void>,
  ): Promise<ConnectionTestReport> {
    const progress: Progress = {
      startedAt: performance.now(),
      stage: dial.tunnelled ? 'tunnel' : 'resolve',
    };
    try {
      const outcome = await dial.withinDeadline(this.run(dial, progress), () =>
        this.failed(progress, { reason: 'TIMEOUT', stage: progress.stage }),
      );
      const latencyMs = elapsedSince(progress.startedAt);
      const recording = record?.(historyOutcome(outcome));
      const report = buildReport(outcome, { tls: dial.tls, tunnelled: dial.tunnelled }, latencyMs);
      if (report.error) {
        this.logger.warn(
          { ...log, saved: log.connectionId !== undefined, engine: dial.engine, ...report.error },
          'Connection test failed',
        );
      }
      await recording;
      return report;
    } finally {
      // The session handed over closes from here (the event committed, or its write failed; or,
      // should the dial itself ever reject, at once: a held close is never left unstarted).
      dial.releaseCloses();
    }
  }

  /** Resolve (or open the tunnel), then probe; never rejects. */
  private async run(dial: Dial, progress: Progress): Promise<TestOutcome> {
    try {
      const probe = await dial.withTarget(
        (target) => dial.driver.probe(target, dial.context),
        (stage) => {
          if (stage === 'tunnel') progress.tunnelMs = elapsedSince(progress.startedAt);
          else progress.resolveMs = elapsedSince(progress.startedAt);
          progress.driverStartedAt = performance.now();
          progress.stage = 'connect';
        },
      );
      return { ...this.timings(progress), probe };
    } catch (error) {
      return this.failed(progress, this.failureOf(error, progress.stage));
    }
  }

  private timings(progress: Progress): Omit<TestOutcome, 'probe' | 'failure'> {
    const sinceStart = elapsedSince(progress.startedAt);
    return {
      resolveMs: progress.resolveMs ?? (progress.stage === 'resolve' ? sinceStart : 0),
      ...(progress.tunnelMs !== undefined || progress.stage === 'tunnel'
        ? { tunnelMs: progress.tunnelMs ?? sinceStart }
        : {}),
      driverMs: progress.driverStartedAt === undefined ? 0 : elapsedSince(progress.driverStartedAt),
    };
  }

  private failed(progress: Progress, failure: NonNullable<TestOutcome['failure']>): TestOutcome {
    return { ...this.timings(progress), failure };
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
