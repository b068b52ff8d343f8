import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis/redis.module';
import { FetExceptionFilter } from './common/errors/fet-exception.filter';
import { FetValidationPipe } from './common/validation/fet-validation.pipe';
import { validateEnvironment } from './config/validate-environment';
import { ConnectionsModule } from './connections/connections.module';
import { CryptoModule } from './crypto/crypto.module';
import { DriversModule } from './drivers/drivers.module';
import { HealthModule } from './health/health.module';
import { HostPolicyModule } from './host-policy/host-policy.module';
import { ShutdownModule } from './shutdown/shutdown.module';
import { StoreModule } from './store/store.module';
import { TelemetryModule } from './telemetry/telemetry.module';

/**
 * The application. `AppModule.forRoot()` reads and validates the environment when it is called
 * (not when this file is imported), so tests can boot it with an environment of their own.
 */
@Module({
  imports: [
    TelemetryModule,
    ShutdownModule,
    CommonModule,
    AuthModule,
    CryptoModule,
    StoreModule,
    HostPolicyModule,
    DriversModule,
    RedisModule,
    RateLimitModule,
    ConnectionsModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: FetExceptionFilter },
    { provide: APP_PIPE, useClass: FetValidationPipe },
  ],
})
export class AppModule {
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment }),
      ],
    };
  }
}
