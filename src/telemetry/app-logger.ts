import { ConfigService } from '@nestjs/config';
import pino, { Logger } from 'pino';
import { Settings } from '../config/settings';

/** DI token of the service's one pino instance (app logs through nestjs-pino, request lines). */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Paths pino removes from every app log line, wherever a secret could appear. */
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
 * JSON lines on stdout, written asynchronously: a request never waits on a write(2) (pino flushes
 * what is left when the process exits). Secrets are censored on every line.
 */
export function createAppLogger(config: ConfigService<Settings, true>): Logger {
  return pino(
    { level: config.get('http', { infer: true }).logLevel, redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } },
    pino.destination({ dest: 1, sync: false }),
  );
}
