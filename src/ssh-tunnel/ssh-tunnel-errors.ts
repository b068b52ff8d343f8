import { DriverError, FailureReason } from '../engines/dial-failure';
import { nativeCode, nativeField } from '../drivers/kit/native-error';
import { socketFailureReason } from '../drivers/kit/socket-error-codes';

/** RFC 4254 §5.1: SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (sshd's PermitOpen, AllowTcpForwarding no). */
export const SSH_OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

/**
 * Why the tunnel could not be opened (spec §5.1), from ssh2's own error properties: `level`
 * (`client-socket` with the socket's `code`, `client-timeout`, `client-authentication`) — never
 * from its text. Everything here is at stage `tunnel`; a host key that did not match is decided
 * by the caller (its host verifier saw it) before this is asked.
 */
export function tunnelOpenFailure(error: unknown): DriverError {
  return new DriverError(tunnelOpenReason(error), 'tunnel', { cause: error });
}

function tunnelOpenReason(error: unknown): FailureReason {
  switch (nativeField(error, 'level')) {
    case 'client-socket': {
      const code = nativeCode(error);
      // Still dialling (no session yet): a hang-up is the bastion refusing us.
      const reason =
        code === undefined ? undefined : socketFailureReason(code, { hangUpRefuses: true });
      return reason ?? 'UNKNOWN';
    }
    case 'client-timeout':
      return 'TIMEOUT';
    case 'client-authentication':
      return 'AUTH_FAILED';
    default:
      // `handshake`/`protocol` (no common algorithm, not an SSH server), a DISCONNECT message.
      return 'UNKNOWN';
  }
}

/**
 * A forward the bastion would not open (SSH channel-open failure, RFC 4254 §5.1, `reason` on
 * ssh2's error): refused by its policy → PERMISSION_DENIED at stage `tunnel`; any other failure
 * (connect failed, no such host behind it, resource shortage, the session gone) means the bastion
 * could not reach the database → CONNECTION_REFUSED at stage `connect`.
 */
export function forwardFailure(error: unknown): DriverError {
  return nativeField(error, 'reason') === SSH_OPEN_ADMINISTRATIVELY_PROHIBITED
    ? new DriverError('PERMISSION_DENIED', 'tunnel', { cause: error })
    : new DriverError('CONNECTION_REFUSED', 'connect', { cause: error });
}
