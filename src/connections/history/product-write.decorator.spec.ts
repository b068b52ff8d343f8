import { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { OrganizationId } from '../../common/http/organization.decorator';
import { RequiredProductName } from '../../common/http/product-name.decorator';
import { FetException } from '../../common/errors/fet.exception';
import { Audit } from './audit.decorator';
import { ProductWriteOf } from './product-write.decorator';

type Factory = (data: unknown, context: ExecutionContext) => unknown;

/** The function Nest calls for a parameter decorated with `decorator`. */
function factoryOf(decorator: () => ParameterDecorator): Factory {
  class Probe {
    handler(_value: unknown): void {}
  }
  decorator()(Probe.prototype, 'handler', 0);
  const metadata = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<string, { factory: Factory }>;
  return Object.values(metadata)[0].factory;
}

const contextOf = (request: object) =>
  ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

const outcome = (run: () => unknown) => {
  try {
    return { value: run() };
  } catch (error) {
    return { error: error instanceof FetException ? { code: error.code, fields: error.fields } : error };
  }
};

describe('ProductWriteOf: the three parameters of a create as one', () => {
  const separate = {
    organization: factoryOf(OrganizationId),
    product: factoryOf(RequiredProductName),
    audit: factoryOf(Audit),
  };
  const merged = factoryOf(ProductWriteOf);

  it.each([
    ['anonymous, default organization', { headers: { 'x-product-name': ' Sales_Team-1 ' }, id: 'r-1' }],
    ['a token with a subject', { headers: { 'x-product-name': 'reports' }, organizationId: 'acme', principal: { subject: 'u-7' }, id: 'r-2' }],
    ['a token without a subject, no request id', { headers: { 'x-product-name': 'reports' }, organizationId: 'acme', principal: {} }],
  ])('gives what the three decorators give: %s', (_name, request) => {
    const context = contextOf(request);
    expect(merged(undefined, context)).toEqual({
      scope: { organizationId: separate.organization(undefined, context), productName: separate.product(undefined, context) },
      audit: separate.audit(undefined, context),
    });
  });

  it.each([
    ['missing', {}],
    ['blank', { 'x-product-name': '  ' }],
    ['malformed', { 'x-product-name': 'my.product' }],
    ['given twice', { 'x-product-name': ['a', 'b'] }],
  ])('throws what @RequiredProductName() throws for a product header %s', (_name, headers) => {
    const context = contextOf({ headers });
    const expected = outcome(() => separate.product(undefined, context));
    expect(expected).toHaveProperty('error.code');
    expect(outcome(() => merged(undefined, context))).toEqual(expected);
  });
});
