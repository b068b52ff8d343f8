import { DriverError, FailureReason, Stage } from '../database-driver';

/** Reasons that can only happen at one stage, whatever stage the library reports them in. */
const STAGE_OF_REASON: Readonly<Partial<Record<FailureReason, Stage>>> = {
  HOST_NOT_FOUND: 'resolve',
  CONNECTION_REFUSED: 'connect',
  TLS_ERROR: 'tls',
  AUTH_FAILED: 'authenticate',
};

/** An engine's additions to that rule (Oracle refuses an unknown service at `connect`). */
export type EngineReasonStages = Readonly<Partial<Record<FailureReason, Stage>>>;

/** Where a failure is reported: its reason's own stage if any, else the stage in progress. */
export function failureStage(
  reason: FailureReason,
  stage: Stage,
  engineStages: EngineReasonStages = {},
): Stage {
  return engineStages[reason] ?? STAGE_OF_REASON[reason] ?? stage;
}

/**
 * Wraps a library's native error into a DriverError by `reasonOf` (the native error stays as
 * `cause`, never sent); a DriverError passes through unchanged.
 */
export function nativeDriverError(
  error: unknown,
  stage: Stage,
  reasonOf: (error: unknown) => FailureReason,
): DriverError {
  if (error instanceof DriverError) return error;
  const reason = reasonOf(error);
  return new DriverError(reason, failureStage(reason, stage), { cause: error });
}
