import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';

const PRODUCT_NAME = /^[a-zA-Z0-9_-]{1,100}$/;

function invalid(why: string): FetException {
  return new FetException(FetErrorCode.InvalidHeader, { fields: { 'X-Product-Name': why } });
}

/** `X-Product-Name`: trimmed, 1–100 chars of [a-zA-Z0-9_-], lower-cased (spec §2). */
export function parseProductName(
  value: string | string[] | undefined,
  required: boolean,
): string | undefined {
  if (value === undefined) {
    if (required) throw invalid('is required');
    return undefined;
  }
  if (typeof value !== 'string') throw invalid('must be given once');
  const trimmed = value.trim();
  if (!PRODUCT_NAME.test(trimmed))
    throw invalid('must be 1 to 100 letters, digits, underscores or hyphens');
  return trimmed.toLowerCase();
}

const header = (context: ExecutionContext) =>
  context.switchToHttp().getRequest<IncomingMessage>().headers['x-product-name'];

/** The request's product; 400 FET-0403 when absent or malformed. */
export const RequiredProductName = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => parseProductName(header(context), true) as string,
);

/** The request's product when the header is given; 400 FET-0403 when malformed. */
export const OptionalProductName = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => parseProductName(header(context), false),
);
