import { ConfigService } from '@nestjs/config';
import pino, { Logger } from 'pino';
import { Settings } from '../config/settings';
import { HttpMetrics } from './http-metrics';
import { logDestination } from './log-destination';

/** DI token of the service's one pino instance (app logs through nestjs-pino, request lines). */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Paths pino removes from every app log line, wherever a secret could appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
  'password',
  '*.password',
  // A connection URI (import) holds a password.
  'uri',
  '*.uri',
  '*.*.password',
  'ssl.key',
  '*.ssl.key',
  'key',
  '*.key',
  'sealedPassword',
  '*.sealedPassword',
  '*.sealedKey',
  '*.*.sealedKey',
  // The SSH tunnel's secrets (spec §5.1); its `password` is covered by the paths above.
  'privateKey',
  '*.privateKey',
  '*.*.privateKey',
  'passphrase',
  '*.passphrase',
  '*.*.passphrase',
  '*.*.sealedPassword',
  '*.*.sealedPrivateKey',
  '*.*.sealedPassphrase',
];

/**
 * JSON lines on stdout, written asynchronously with a capped backlog (logDestination; dropped lines
 * are counted in /metrics); pino flushes what is left when the process exits. Secrets are censored
 * on every line.
 */
export function createAppLogger(config: ConfigService<Settings, true>, metrics: HttpMetrics): Logger {
  return pino(
    { level: config.get('http', { infer: true }).logLevel, redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } },
    logDestination(1, () => metrics.logLineDropped()),
  );
}
