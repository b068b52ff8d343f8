import { ArgumentMetadata, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';

/**
 * Path `{id}`: a UUID in its canonical 36-character form, any version (ids are UUIDv7,
 * provisioned ones UUIDv5), any case; else 400 FET-0404. Answers the id lower-cased.
 */
@Injectable()
export class ConnectionIdPipe extends ParseUUIDPipe {
  constructor() {
    super({
      exceptionFactory: () =>
        new FetException(FetErrorCode.InvalidPathParameter, {
          fields: { id: 'must be a UUID in its canonical 36-character form' },
        }),
    });
  }

  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await super.transform(value, metadata)).toLowerCase();
  }
}
