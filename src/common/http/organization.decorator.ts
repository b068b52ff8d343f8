import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/** The organization of every request while authentication is off (spec §1). */
export const DEFAULT_ORGANIZATION = 'default';

/** The organization (tenant) of the request: set by authentication when it is on, else `default`. */
export const OrganizationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ organizationId?: string }>();
  return request.organizationId ?? DEFAULT_ORGANIZATION;
});
