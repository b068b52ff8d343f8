/** Why a dial failed (spec §3.6). */
export const FAILURE_REASONS = [
  'HOST_NOT_FOUND',
  'FORBIDDEN_HOST',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'TLS_ERROR',
  'AUTH_FAILED',
  'DATABASE_NOT_FOUND',
  'PERMISSION_DENIED',
  'UNKNOWN',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const STAGES = ['resolve', 'connect', 'tls', 'authenticate', 'query'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * How a dial failed: the reason and the stage, with the library's native error as cause. Thrown
 * by the host policy (stage resolve) and by every driver.
 */
export class DriverError extends Error {
  constructor(
    readonly reason: FailureReason,
    readonly stage: Stage,
    options?: { cause?: unknown },
  ) {
    super(`${stage} failed: ${reason}`, options);
    this.name = 'DriverError';
  }
}
