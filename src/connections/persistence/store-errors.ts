import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';

/** Thrown by a repository when the live-configName unique index refuses a write. */
export class ConfigNameTakenError extends FetException {
  constructor(options?: { cause?: unknown }) {
    super(FetErrorCode.Conflict, { fields: { configName: 'is already used by another connection' }, cause: options?.cause });
    this.name = 'ConfigNameTakenError';
  }
}

/** Thrown by a repository when the store cannot be reached (down, timed out, pool exhausted). */
export class StoreUnavailableError extends FetException {
  constructor(options?: { cause?: unknown }) {
    super(FetErrorCode.ServiceUnavailable, { cause: options?.cause });
    this.name = 'StoreUnavailableError';
  }
}
