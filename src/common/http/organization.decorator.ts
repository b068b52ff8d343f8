import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/** The organization of every request while authentication is off (spec §1). */
export const DEFAULT_ORGANIZATION = 'default';

/**
 * The organization (tenant) of the request: the token's organization claim, set on the request by
 * the AuthGuard when authentication is on; `default` when it is off.
 */
export const OrganizationId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    organizationOf(context.switchToHttp().getRequest<{ organizationId?: string }>()),
);

/** The organization of `request` (what `@OrganizationId()` gives). */
export function organizationOf(request: { organizationId?: string }): string {
  return request.organizationId ?? DEFAULT_ORGANIZATION;
}
