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
  /** The SSH bastion's host key is not the pinned one (spec §5.1); nothing secret was sent to it. */
  'HOST_KEY_MISMATCH',
  'UNKNOWN',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** In the order they run; `tunnel` (the SSH bastion, spec §5.1) only for a connection that has one. */
export const STAGES = ['tunnel', 'resolve', 'connect', 'tls', 'authenticate', 'query'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * How a dial failed: the reason and the stage, with the library's native error as cause. Thrown
 * by the host policy (stage resolve), by the SSH tunnel (stage tunnel) and by every driver.
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
