import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { AuthenticatedRequest } from '../../auth/auth.guard';
import { AuditContext, actorOf } from './audit-context';

/**
 * Who makes this request and under which request id, for the history (spec §3.14, §6.3): the
 * token's `sub` as set on the request by the AuthGuard (`anonymous` with authentication off,
 * `unknown` for a token without `sub`), and the id the request observer gave the request.
 */
export const Audit = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuditContext =>
    auditOf(context.switchToHttp().getRequest<AuthenticatedRequest & { id?: unknown }>()),
);

/** The audit context of `request` (what `@Audit()` gives). */
export function auditOf(request: AuthenticatedRequest & { id?: unknown }): AuditContext {
  return {
    actor: actorOf(request.principal),
    requestId: typeof request.id === 'string' ? request.id : undefined,
  };
}
