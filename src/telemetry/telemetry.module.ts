import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { APP_LOGGER, createAppLogger } from './app-logger';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { RequestObserver } from './request-observer';

/** The one pino instance, shared by the Nest logger and the request lines, and the metrics it reports to. */
@Global()
@Module({
  providers: [HttpMetrics, { provide: APP_LOGGER, inject: [ConfigService, HttpMetrics], useFactory: createAppLogger }],
  exports: [APP_LOGGER, HttpMetrics],
})
class AppLoggerModule {}

/**
 * Telemetry: the Nest logger (nestjs-pino over the one pino instance; its own request middleware is
 * not mounted), request ids and request lines (RequestObserver), and Prometheus metrics (/metrics).
 */
@Module({
  imports: [
    AppLoggerModule,
    LoggerModule.forRootAsync({
      inject: [APP_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
    }),
  ],
  controllers: [MetricsController],
  providers: [RequestObserver],
  exports: [RequestObserver],
})
export class TelemetryModule {}
