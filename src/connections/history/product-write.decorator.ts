import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { AuthenticatedRequest } from '../../auth/auth.guard';
import { organizationOf } from '../../common/http/organization.decorator';
import { parseProductName } from '../../common/http/product-name.decorator';
import { AuditContext } from './audit-context';
import { auditOf } from './audit.decorator';

/** Where a write that names its product goes, and who makes it. */
export interface ProductWrite {
  scope: { organizationId: string; productName: string };
  audit: AuditContext;
}

/**
 * `@OrganizationId()`, `@RequiredProductName()` and `@Audit()` of a create or an import as one
 * parameter: the same values and the same 400 FET-0403 for a missing or malformed `X-Product-Name`,
 * thrown as the parameter is read (before the body's pipe has settled), as the separate decorator
 * throws it. Nest resolves every parameter through its own closure and the global pipe, so one
 * parameter in place of three is two such runs fewer on the busiest write.
 */
export const ProductWriteOf = createParamDecorator((_data: unknown, context: ExecutionContext): ProductWrite => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & IncomingMessage & { id?: unknown }>();
  const productName = parseProductName(request.headers['x-product-name'], true) as string;
  return { scope: { organizationId: organizationOf(request), productName }, audit: auditOf(request) };
});
