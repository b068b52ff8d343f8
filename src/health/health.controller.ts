import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { PublicRoute } from '../auth/requires-permission.decorator';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { STORE_TIMEOUT_MS } from '../store/data-source-options';
import { RedisHealthIndicator } from './redis.health';

@ApiExcludeController()
@PublicRoute()
@Controller({ path: 'health' })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly store: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process answers; no dependency is asked. */
  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The store answers, and Redis when it is configured (spec §3.10); else 503 FET-0003 naming what is down. */
  @Get('ready')
  async ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.store.pingCheck('store', { timeout: STORE_TIMEOUT_MS })];
    if (this.redis.configured) checks.push(() => this.redis.pingCheck('redis'));
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const fields = Object.fromEntries(Object.keys(result.error ?? {}).map((name) => [name, 'down']));
      throw new FetException(FetErrorCode.ServiceUnavailable, { fields, cause: error });
    }
  }
}
