import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';
import { prototypeKeyFields } from './prototype-keys';
import { toFetException } from './validation-exception.factory';

/**
 * The global pipe: class-validator with whitelist, forbidNonWhitelisted and transform, its findings
 * turned into one FET error. Prototype keys in a body (which the transformer never shows to the
 * whitelist) are unexpected fields too, listed with whatever else the whitelist refused.
 */
@Injectable()
export class FetValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: true },
      exceptionFactory: toFetException,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const prototypeKeys = metadata.type === 'body' ? prototypeKeyFields(value) : {};
    if (Object.keys(prototypeKeys).length === 0) return super.transform(value, metadata);
    let others = {};
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof FetException)) throw error;
      if (error.code === FetErrorCode.UnexpectedFields) others = error.fields ?? {};
    }
    throw new FetException(FetErrorCode.UnexpectedFields, {
      fields: { ...others, ...prototypeKeys },
    });
  }
}
