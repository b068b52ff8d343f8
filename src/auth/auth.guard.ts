import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { IncomingMessage } from 'node:http';
import { Settings } from '../config/settings';
import { insufficientPermission, invalidToken, missingToken } from './auth-errors';
import { bearerCredential } from './bearer-token';
import { Permission } from './permission';
import { Principal } from './principal';
import { PERMISSION_METADATA, PUBLIC_ROUTE_METADATA } from './requires-permission.decorator';
import { TokenVerifier } from './token-verifier';

/** What authentication adds to a request: read by `@OrganizationId()` (and the history's actor). */
export interface AuthenticatedRequest extends IncomingMessage {
  organizationId?: string;
  principal?: Principal;
}

/**
 * Global guard (spec §6.3). With AUTH_ENABLED=false every request passes and stays in the
 * `default` organization. With it on, a route other than a `@PublicRoute()` needs a bearer token
 * that TokenVerifier accepts (else 401, or 503 when the key set cannot be fetched) and that grants
 * the route's `@RequiresPermission` (else 403); the token's organization becomes the request's.
 * A route that declares neither is refused (boot already fails on one: RoutePermissionAudit).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly enabled: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    config: ConfigService<Settings, true>,
  ) {
    this.enabled = config.get('auth', { infer: true }).enabled;
  }

  /** Synchronous while authentication is off: Nest awaits nothing for a boolean answer. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return this.enabled ? this.authenticate(context) : true;
  }

  private async authenticate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_METADATA, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION_METADATA,
      targets,
    );
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = bearerCredential(request.headers.authorization);
    if (credential.kind === 'none') throw missingToken();
    if (credential.kind === 'malformed') throw invalidToken();
    const principal = await this.verifier.verify(credential.token);
    if (permission === undefined || !principal.permissions.has(permission))
      throw insufficientPermission(permission);
    request.organizationId = principal.organizationId;
    request.principal = principal;
    return true;
  }
}
