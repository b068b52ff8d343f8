import { Injectable, NestMiddleware } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown } };

/** The route pattern that served the request (`/v1/management/connections/:id`), never the raw URL. */
function routeOf(request: RoutedRequest): string {
  const path = request.route?.path;
  // Catch-all patterns belong to middleware mounts, not to a controller route.
  return typeof path === 'string' && !path.includes('*') ? path : UNMATCHED_ROUTE;
}

/** Times every request until its response is finished, whatever answered it (route, filter, body parser). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(request: RoutedRequest, response: ServerResponse, next: () => void): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observe(request.method ?? 'UNKNOWN', routeOf(request), response.statusCode, seconds);
    });
    next();
  }
}
