import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './json-depth';

/**
 * Routes that take a body accept only JSON objects sent as `application/json` (spec §2).
 * Runs before the validation pipe, so a form post, a bare array or a body nested deeper than
 * MAX_BODY_DEPTH (which a recursive transformer would overflow on) never reaches a field rule.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage & { body?: unknown }>();
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new FetException(FetErrorCode.BadRequest, {
        fields: { 'Content-Type': 'must be application/json' },
      });
    }
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new FetException(FetErrorCode.BadRequest, {
        fields: { body: 'must be a JSON object' },
      });
    }
    if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
      throw new FetException(FetErrorCode.BadRequest, {
        fields: { body: `must not nest objects or arrays deeper than ${MAX_BODY_DEPTH} levels` },
      });
    }
    return true;
  }
}
