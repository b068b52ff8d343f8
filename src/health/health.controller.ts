import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { ConnectionRepository } from '../connections/persistence/connection.repository';

@ApiExcludeController()
@Controller({ path: 'health' })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly connections: ConnectionRepository,
  ) {}

  /** The process answers; no dependency is asked. */
  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The store answers; else 503 FET-0003 naming what is down. */
  @Get('ready')
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.store()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const fields = Object.fromEntries(Object.keys(result.error ?? {}).map((name) => [name, 'down']));
      throw new FetException(FetErrorCode.ServiceUnavailable, { fields, cause: error });
    }
  }

  private async store(): Promise<HealthIndicatorResult> {
    const store = this.indicator.check('store');
    try {
      await this.connections.ping();
      return store.up();
    } catch {
      return store.down();
    }
  }
}
