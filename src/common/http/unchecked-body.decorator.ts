import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/**
 * The JSON body as parsed, which the global validation pipe leaves alone (a custom parameter, not
 * `@Body()`): for a route whose own pipe checks the body with the same rules, in parts (import
 * checks its body, then the create input that the body and its URI make, as one request). Such a
 * route must give that pipe: `@UncheckedBody(ItsPipe)`.
 */
export const UncheckedBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<{ body?: unknown }>().body,
);
