import { Injectable, PipeTransform } from '@nestjs/common';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path `{id}`: a UUID in its canonical 36-character form, else 400 FET-0404. */
@Injectable()
export class ConnectionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) {
      throw new FetException(FetErrorCode.InvalidPathParameter, {
        fields: { id: 'must be a UUID in its canonical 36-character form' },
      });
    }
    return value.toLowerCase();
  }
}
