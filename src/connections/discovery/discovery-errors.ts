import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { CatalogReadError } from '../../drivers/catalog-read-error';
import { DriverError } from '../../drivers/database-driver';
import { HistoryOutcome } from '../history/history-event';

/** The history's reason for a discovery whose catalog could not be read (502 FET-1041). */
export const CATALOG_UNREADABLE = 'CATALOG_UNREADABLE';

/** A failure of the data source itself (not of this service): DriverError or CatalogReadError. */
export const isDataSourceFailure = (error: unknown): error is DriverError | CatalogReadError =>
  error instanceof DriverError || error instanceof CatalogReadError;

export const forbiddenHost = (cause: unknown): FetException =>
  new FetException(FetErrorCode.ForbiddenHost, {
    fields: { host: 'is not allowed by the host policy' },
    cause,
  });

/**
 * What the schema route answers for a failed discovery (spec §3.7, §6.2): a forbidden host is
 * the caller's 400 FET-0414; any other dial failure 502 FET-1040 with its reason; an unreadable
 * catalog 502 FET-1041. Anything else is a bug and stays as it is (500).
 */
export function discoveryFailure(error: unknown): unknown {
  if (error instanceof DriverError) {
    if (error.reason === 'FORBIDDEN_HOST') return forbiddenHost(error);
    return new FetException(FetErrorCode.DatabaseConnectionError, {
      fields: { reason: error.reason, stage: error.stage },
      cause: error,
    });
  }
  if (error instanceof CatalogReadError)
    return new FetException(FetErrorCode.SchemaRetrievalError, { cause: error });
  return error;
}

/**
 * How a discovery that ran and failed goes into the history (the two 502s of discoveryFailure):
 * the dial's reason (§3.6), or CATALOG_UNREADABLE. Undefined when it did not run as far as a
 * verdict on the database: a forbidden host (the caller's 400) or a bug (500).
 */
export function failedDiscoveryOutcome(error: unknown): HistoryOutcome | undefined {
  if (error instanceof DriverError)
    return error.reason === 'FORBIDDEN_HOST'
      ? undefined
      : { status: 'failure', reason: error.reason };
  if (error instanceof CatalogReadError) return { status: 'failure', reason: CATALOG_UNREADABLE };
  return undefined;
}
