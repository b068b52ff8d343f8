import { ConfigNameTakenError, StoreUnavailableError } from './store-errors';

const UNIQUE_VIOLATION = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
// Network errors, PostgreSQL class 08 (connection exception), 57P0x (shutdown), 53300 (too many
// connections), SQLite busy/locked: the store is there but cannot answer now.
const UNAVAILABLE_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|08\w{3}|57P0[1-3]|53300|SQLITE_BUSY|SQLITE_LOCKED)$/;
// pg's pool and client raise these without a code.
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|canceling statement due to statement timeout/;

function codeOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { driverError?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Translates the store's native errors into the repository port's two meaningful failures. */
export function translateStoreError(error: unknown): unknown {
  const code = codeOf(error);
  if (code && UNIQUE_VIOLATION.has(code)) return new ConfigNameTakenError({ cause: error });
  if (code && UNAVAILABLE_CODE.test(code)) return new StoreUnavailableError({ cause: error });
  if (code === '57014') return new StoreUnavailableError({ cause: error });
  const message = error instanceof Error ? error.message : '';
  if (UNAVAILABLE_MESSAGE.test(message)) return new StoreUnavailableError({ cause: error });
  return error;
}
