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
      useFactory: (config: ConfigService<Settings, true>) => pino({ level: config.get('http', { infer: true }).logLevel }),
    },
  ],
  exports: [RequestObserver],
})
export class ObservabilityModule {}
