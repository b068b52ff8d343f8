import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { Settings } from '../../config/settings';

/** Paths pino removes from every log line, wherever a secret could appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  '*.*.password',
  'ssl.key',
  '*.ssl.key',
  'key',
  '*.key',
  'sealedPassword',
  '*.sealedPassword',
  '*.sealedKey',
  '*.*.sealedKey',
];

/**
 * The Nest logger: nestjs-pino, JSON, secrets censored. Its own request middleware is not mounted
 * (`forRoutes: []`): request lines come from RequestObserver (src/observability), which is cheaper.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Settings, true>) => ({
        pinoHttp: { level: config.get('http', { infer: true }).logLevel, redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } },
        forRoutes: [],
      }),
    }),
  ],
})
export class AppLoggerModule {}
