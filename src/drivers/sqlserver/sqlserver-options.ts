import type { config as MssqlConfig } from 'mssql';
import { DriverCallContext, DriverTarget, dialPort } from '../database-driver';
import { remainingMs } from '../kit/deadline';

/** True when the connection's TLS mode asks for encryption (anything but `disable`). */
export function wantsTls(target: DriverTarget): boolean {
  return target.ssl !== null && target.ssl.mode !== 'disable';
}

/**
 * `mssql` settings from structured fields (spec §5): dial the approved address, present and
 * verify `target.host` as the TLS server name, read-only application intent, connect and request
 * timeouts from the call's deadline, CA / certificate / key in memory, one connection and no
 * validation query (the session adds tedious' `connector` and the `beforeConnect` hook).
 *
 * TLS modes: `disable` → encrypt false; `require` → encrypt, trustServerCertificate;
 * `verify-ca` and `verify-full` → encrypt with the CA checked. tedious cannot check the chain
 * without also checking the name, so `verify-ca` is as strict as `verify-full` here.
 */
export function mssqlConfig(target: DriverTarget, context: DriverCallContext): MssqlConfig {
  const remaining = remainingMs(context);
  const ssl = target.ssl;
  const encrypt = wantsTls(target);
  return {
    server: target.approved.address,
    port: dialPort(target),
    database: target.databaseName,
    user: target.userName,
    password: target.password,
    connectionTimeout: remaining,
    requestTimeout: remaining,
    arrayRowMode: true,
    validateConnection: false,
    pool: { min: 0, max: 1, acquireTimeoutMillis: remaining },
    options: {
      serverName: target.host,
      encrypt,
      trustServerCertificate: ssl?.mode === 'require',
      cryptoCredentialsDetails: encrypt ? { ca: ssl?.ca, cert: ssl?.cert, key: ssl?.key } : {},
      readOnlyIntent: true,
      cancelTimeout: Math.min(remaining, 5000),
      maxRetriesOnTransientErrors: 0,
      appName: 'connections-service',
      abortTransactionOnError: true,
    },
  };
}
