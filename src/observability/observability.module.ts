import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pino from 'pino';
import { Settings } from '../config/settings';
import { HttpMetrics } from '../metrics/http-metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { requestLogDestination } from './request-log-destination';
import { REQUEST_LOGGER, RequestObserver } from './request-observer';

/** Request ids, request log lines and HTTP metrics, observed at the HTTP server (see RequestObserver). */
@Module({
  imports: [MetricsModule],
  providers: [
    RequestObserver,
    {
      provide: REQUEST_LOGGER,
      inject: [ConfigService, HttpMetrics],
      // Asynchronous writes to stdout with a capped backlog (see requestLogDestination); pino flushes
      // what is left when the process exits.
      useFactory: (config: ConfigService<Settings, true>, metrics: HttpMetrics) =>
        pino(
          { level: config.get('http', { infer: true }).logLevel },
          requestLogDestination(1, () => metrics.logLineDropped()),
        ),
    },
  ],
  exports: [RequestObserver],
})
export class ObservabilityModule {}
