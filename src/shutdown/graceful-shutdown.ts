import { Server } from 'node:http';
import { INestApplication, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FET_ERROR_CATALOG } from '../common/errors/fet-error-catalog';
import { fetErrorBody } from '../common/errors/fet-error-body';
import { Settings } from '../config/settings';
import { InFlightRequests } from './in-flight-requests';
import { ShutdownSignal } from './shutdown-signal';

/** After answering the requests that outlived the timeout, how long their answers may take to leave. */
const FLUSH_MS = 1000;

/**
 * Graceful shutdown (spec §7): on SIGTERM (or SIGINT) the listening socket closes, so new
 * connections are refused; requests in flight may finish for SHUTDOWN_TIMEOUT_MS, their connections
 * closing after their answer; those still running then are answered 503 FET-0003 and their dials
 * aborted; then the app closes (first the database sessions still closing after their answer,
 * PendingCloses, each bounded by its close grace; then the store pool and Redis) and the process exits 0.
 *
 * Nest's own shutdown hooks are not used: they close the store before the HTTP server, under the
 * requests still running, and end the process by re-raising the signal instead of exiting 0.
 */
@Injectable()
export class GracefulShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);
  private readonly requests = new InFlightRequests();
  private started = false;

  constructor(
    private readonly config: ConfigService<Settings, true>,
    private readonly work: ShutdownSignal,
  ) {}

  /** Counts the server's requests in flight (configureApp does it for every app, tests included). */
  track(server: Server): void {
    this.requests.track(server);
  }

  /** Shuts `app` down on the first of `signals` and exits 0 (1 if closing failed); later signals are ignored. */
  exitOn(app: INestApplication, signals: NodeJS.Signals[]): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.started) return;
      this.started = true;
      this.shutdown(app, signal).then(
        () => process.exit(0),
        (error: unknown) => {
          this.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    for (const signal of signals) process.on(signal, onSignal);
  }

  /** The shutdown itself, without exiting. */
  async shutdown(app: INestApplication, reason: string): Promise<void> {
    const server = app.getHttpServer() as Server;
    const { shutdownTimeoutMs } = this.config.get('http', { infer: true });
    server.close();
    this.requests.drain();
    // Logged once the listening socket is closed: whoever reads this line can rely on it.
    this.logger.log(
      `${reason}: refusing new connections; ${this.requests.size} request(s) in flight get up to ${shutdownTimeoutMs} ms to finish`,
    );
    if (!(await this.requests.settled(shutdownTimeoutMs))) {
      const code = FetErrorCode.ServiceUnavailable;
      const answered = this.requests.answerRemaining(
        FET_ERROR_CATALOG[code].status,
        fetErrorBody(code),
      );
      this.work.abort();
      this.logger.warn(
        `${answered} request(s) still running after SHUTDOWN_TIMEOUT_MS: answered 503 ${code}, their work aborted`,
      );
      await this.requests.settled(FLUSH_MS);
    }
    server.closeAllConnections();
    await app.close();
    this.logger.log('shut down');
  }
}
