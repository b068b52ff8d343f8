import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiAuthentication } from './api-authentication';
import { Permission } from './permission';

export const PERMISSION_METADATA = 'auth:permission';
export const PUBLIC_ROUTE_METADATA = 'auth:public';

/**
 * The permission a route needs when authentication is on (spec §6.3), read by the global
 * AuthGuard, and its OpenAPI description (bearer security, 401, 403). Every route declares one, or
 * is a `@PublicRoute()`: boot fails otherwise (RoutePermissionAudit).
 */
export const RequiresPermission = (permission: Permission): MethodDecorator =>
  applyDecorators(SetMetadata(PERMISSION_METADATA, permission), ApiAuthentication(permission));

/** Open without a token whatever AUTH_ENABLED says: health, metrics (spec §3.10). */
export const PublicRoute = (): ClassDecorator & MethodDecorator =>
  SetMetadata(PUBLIC_ROUTE_METADATA, true);
