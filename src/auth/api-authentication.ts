import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiFetErrorResponse } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { BEARER_SCHEME } from '../openapi/bearer-scheme';

/**
 * What authentication adds to a route's description: the bearer security requirement, and the 401
 * and 403 it answers with when AUTH_ENABLED=true (the 403 names the permission the route needs).
 */
export function ApiAuthentication(permission: string): MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiFetErrorResponse(401, [FetErrorCode.Unauthorized], {
      description:
        'FET-0041 Unauthorized: no bearer token, or one that is not accepted (bad signature, expired, not yet valid, ' +
        'wrong issuer or audience, no organization). Only when authentication is on.',
    }),
    ApiFetErrorResponse(403, [FetErrorCode.Forbidden], {
      description: `FET-0042 Forbidden: the token does not grant \`${permission}\`. Only when authentication is on.`,
    }),
  );
}
