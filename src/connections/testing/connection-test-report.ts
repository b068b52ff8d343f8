import { FailureReason, ProbeResult, STAGES, Stage } from '../../drivers/database-driver';
import { HistoryOutcome } from '../history/history-event';

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
  /** Time spent resolving the host through the host policy (a dial without a tunnel). */
  resolveMs: number;
  /** Time spent opening the SSH tunnel (a dial through a bastion), when it was tried. */
  tunnelMs?: number;
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
  HOST_KEY_MISMATCH: "The SSH bastion's host key does not match the pinned fingerprint.",
  UNKNOWN: 'The connection test failed.',
};

/** What the dial went through: TLS on or off, an SSH tunnel or not. */
export interface DialShape {
  tls: boolean;
  tunnelled: boolean;
}

/**
 * One check per stage, in order. A `tunnel` check comes first only for a connection that has a
 * tunnel (reports of other connections do not list it); through a tunnel `resolve` is `skipped`
 * (the bastion resolves the database's name, when the forward opens at `connect`). Stages after
 * a failure are `skipped`; `tls` is `skipped` when TLS is off. Durations: `tunnel` and `resolve`
 * are measured here, the driver stages as the driver reported them on success; on failure the
 * driver's whole time is counted on the failed stage (the stages it passed before show 0).
 */
export function buildChecks(outcome: TestOutcome, shape: DialShape): StageCheck[] {
  let failed = false;
  const stages = shape.tunnelled ? STAGES : STAGES.filter((stage) => stage !== 'tunnel');
  const measured = (stage: Stage): number => {
    if (stage === 'tunnel') return outcome.tunnelMs ?? 0;
    if (stage === 'resolve') return outcome.resolveMs;
    return outcome.driverMs;
  };
  return stages.map((stage): StageCheck => {
    if (failed) return { stage, status: 'skipped', durationMs: 0 };
    if (outcome.failure?.stage === stage) {
      failed = true;
      return { stage, status: 'failed', durationMs: measured(stage) };
    }
    if (stage === 'tls' && !shape.tls) return { stage, status: 'skipped', durationMs: 0 };
    if (stage === 'resolve' && shape.tunnelled) return { stage, status: 'skipped', durationMs: 0 };
    if (stage === 'tunnel' || stage === 'resolve')
      return { stage, status: 'ok', durationMs: measured(stage) };
    return { stage, status: 'ok', durationMs: outcome.probe?.stages[stage] ?? 0 };
  });
}

/** How a run ended, as its `tested` history event records it (spec §3.14): the report's status and reason. */
export function historyOutcome(outcome: TestOutcome): HistoryOutcome {
  return outcome.failure
    ? { status: 'failure', reason: outcome.failure.reason }
    : { status: 'success' };
}

export function buildReport(
  outcome: TestOutcome,
  shape: DialShape,
  latencyMs: number,
): ConnectionTestReport {
  const checks = buildChecks(outcome, shape);
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
