import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { PublicRoute } from '../auth/requires-permission.decorator';
import { HttpMetrics } from './http-metrics';

/** `GET /metrics`: Prometheus text exposition (spec §3.10). Not part of the API document; open without a token. */
@ApiExcludeController()
@PublicRoute()
@Controller({ path: 'metrics' })
export class MetricsController {
  constructor(private readonly metrics: HttpMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
