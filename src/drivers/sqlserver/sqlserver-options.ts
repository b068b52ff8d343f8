import type { ConnectionConfiguration } from 'tedious';
import { DriverCallContext, DriverTarget, dialPort } from '../database-driver';
import { remainingMs } from '../kit/deadline';

/** True when the connection's TLS mode asks for encryption (anything but `disable`). */
export function wantsTls(target: DriverTarget): boolean {
  return target.ssl !== null && target.ssl.mode !== 'disable';
}

/**
 * tedious settings from structured fields (spec §5): dial the approved address, present and
 * verify `target.host` as the TLS server name, read-only application intent, one connection,
 * connect and request timeouts from the call's deadline, CA / certificate / key in memory.
 *
 * TLS modes: `disable` → encrypt false; `require` → encrypt, trustServerCertificate;
 * `verify-ca` and `verify-full` → encrypt with the CA checked. tedious cannot check the chain
 * without also checking the name, so `verify-ca` is as strict as `verify-full` here.
 * `debug.payload` is on only so the driver can see the server's pre-login answer and refuse a
 * downgrade to plain text (see sqlserver-connection.ts); debug text is never logged.
 */
export function tediousConfig(
  target: DriverTarget,
  context: DriverCallContext,
): ConnectionConfiguration {
  const remaining = remainingMs(context);
  const ssl = target.ssl;
  const encrypt = wantsTls(target);
  return {
    server: target.approved.address,
    authentication: {
      type: 'default',
      options: { userName: target.userName, password: target.password },
    },
    options: {
      port: dialPort(target),
      database: target.databaseName,
      serverName: target.host,
      encrypt,
      trustServerCertificate: ssl?.mode === 'require',
      cryptoCredentialsDetails: encrypt ? { ca: ssl?.ca, cert: ssl?.cert, key: ssl?.key } : {},
      readOnlyIntent: true,
      connectTimeout: remaining,
      requestTimeout: remaining,
      cancelTimeout: Math.min(remaining, 5000),
      maxRetriesOnTransientErrors: 0,
      rowCollectionOnRequestCompletion: false,
      useColumnNames: false,
      appName: 'connections-service',
      abortTransactionOnError: true,
      debug: { packet: false, data: false, payload: encrypt, token: false },
    },
  };
}
