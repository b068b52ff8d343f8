import { FailureReason, ProbeResult, STAGES, Stage } from '../../drivers/database-driver';

export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface StageCheck {
  stage: Stage;
  status: CheckStatus;
  durationMs: number;
}

/** What a test found (spec §3.6); the response DTO is built from it. */
export interface ConnectionTestReport {
  status: 'success' | 'failure';
  message: string;
  latencyMs: number;
  serverVersion?: string;
  checks: StageCheck[];
  error?: { reason: FailureReason; stage: Stage };
}

/** How one run of a test ended, before it is turned into a report. */
export interface TestOutcome {
  resolveMs: number;
  /** Time spent in the driver (probe), when it was reached. */
  driverMs: number;
  probe?: ProbeResult;
  failure?: { reason: FailureReason; stage: Stage };
}

export const SUCCESS_MESSAGE = 'Connection successful';

/** Fixed, safe sentences: never a driver's text, a host, a user or a password. */
export const FAILURE_MESSAGES: Record<FailureReason, string> = {
  HOST_NOT_FOUND: 'The host name could not be resolved.',
  FORBIDDEN_HOST: 'The host is not allowed by the host policy.',
  CONNECTION_REFUSED: 'The server refused the connection.',
  TIMEOUT: 'The connection test did not finish within its deadline.',
  TLS_ERROR: 'The TLS handshake with the server failed.',
  AUTH_FAILED: 'The server rejected the user name or password.',
  DATABASE_NOT_FOUND: 'The database does not exist on the server.',
  PERMISSION_DENIED: 'The user is not allowed to use the database.',
  UNKNOWN: 'The connection test failed.',
};

/**
 * One check per stage, in order. Stages after a failure are `skipped`; `tls` is `skipped` when
 * TLS is off. Durations: `resolve` is measured here, the driver stages as the driver reported
 * them on success; on failure the driver's whole time is counted on the failed stage (the stages
 * it passed before show 0).
 */
export function buildChecks(outcome: TestOutcome, tlsEnabled: boolean): StageCheck[] {
  let failed = false;
  return STAGES.map((stage): StageCheck => {
    if (failed) return { stage, status: 'skipped', durationMs: 0 };
    if (outcome.failure?.stage === stage) {
      failed = true;
      return {
        stage,
        status: 'failed',
        durationMs: stage === 'resolve' ? outcome.resolveMs : outcome.driverMs,
      };
    }
    if (stage === 'tls' && !tlsEnabled) return { stage, status: 'skipped', durationMs: 0 };
    if (stage === 'resolve') return { stage, status: 'ok', durationMs: outcome.resolveMs };
    return { stage, status: 'ok', durationMs: outcome.probe?.stages[stage] ?? 0 };
  });
}

export function buildReport(
  outcome: TestOutcome,
  tlsEnabled: boolean,
  latencyMs: number,
): ConnectionTestReport {
  const checks = buildChecks(outcome, tlsEnabled);
  if (outcome.failure) {
    return {
      status: 'failure',
      message: FAILURE_MESSAGES[outcome.failure.reason],
      latencyMs,
      checks,
      error: outcome.failure,
    };
  }
  return {
    status: 'success',
    message: SUCCESS_MESSAGE,
    latencyMs,
    ...(outcome.probe?.serverVersion ? { serverVersion: outcome.probe.serverVersion } : {}),
    checks,
  };
}
