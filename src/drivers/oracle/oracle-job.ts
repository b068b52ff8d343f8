import type { ConnectionAttributes } from 'oracledb';

/** `verify-full`: the certificate of the dialled address is checked against the stored name. */
export interface OracleTlsIdentity {
  dialled: string;
  name: string;
}

/** The one address and port the worker may connect to: what the connect descriptor names. */
export interface OracleDial {
  address: string;
  port: number;
}

/** One statement and the values bound to its `:name` placeholders (strings only). */
export interface OracleStatement {
  sql: string;
  binds?: Record<string, string>;
}

/** What one worker does: connect, run the statements in order, report, close. */
export interface OracleJob {
  attributes: ConnectionAttributes;
  dial: OracleDial;
  tlsIdentity?: OracleTlsIdentity;
  /** Statements to run in order after connecting. */
  queries: OracleStatement[];
  callTimeoutMs: number;
}

export interface OracleJobResult {
  results: unknown[][][];
  authenticateMs: number;
  queryMs: number;
  serverVersion?: string;
}

/** What the worker reports of an oracledb error: codes only, never the text. */
export interface OracleNativeError {
  /** `ORA-01017`, `NJS-511`, `DPI-1067`… */
  code?: string;
  /** Code of the socket error underneath, when any (`ECONNREFUSED`). */
  causeCode?: string;
  /** The worker refused a connection to another address (a listener's REDIRECT). */
  dialRefused?: boolean;
}

/** The one message a worker posts. */
export type OracleJobReply =
  | ({ ok: true } & OracleJobResult)
  | { ok: false; stage: 'connect' | 'query'; error: OracleNativeError };
