import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Observable, tap } from 'rxjs';
import { connectionETag } from './domain/connection';

/** Sets `ETag` from the returned connection's updatedAt (spec §3.4). */
@Injectable()
export class ConnectionETagInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<unknown>();
    return next.handle().pipe(
      tap((body: { updatedAt?: unknown } | undefined) => {
        if (typeof body?.updatedAt === 'string') {
          this.adapterHost.httpAdapter.setHeader(response, 'ETag', connectionETag({ updatedAt: new Date(body.updatedAt) }));
        }
      }),
    );
  }
}
