import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pino from 'pino';
import { Settings } from '../config/settings';
import { MetricsModule } from '../metrics/metrics.module';
import { REQUEST_LOGGER, RequestObserver } from './request-observer';

/** Request ids, request log lines and HTTP metrics, observed at the HTTP server (see RequestObserver). */
@Module({
  imports: [MetricsModule],
  providers: [
    RequestObserver,
    {
      provide: REQUEST_LOGGER,
      inject: [ConfigService],
      // Asynchronous writes: a request never waits on a write(2) to stdout (measured: the sync writes
      // put about 1 ms on the p99 of a GET). Lines written while one is in flight go out together;
      // pino flushes what is left when the process exits.
      useFactory: (config: ConfigService<Settings, true>) =>
        pino({ level: config.get('http', { infer: true }).logLevel }, pino.destination({ dest: 1, sync: false })),
    },
  ],
  exports: [RequestObserver],
})
export class ObservabilityModule {}
