import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { Settings } from '../config/settings';
import { AuthGuard } from './auth.guard';
import { RoutePermissionAudit } from './route-permission-audit';
import { TokenVerifier } from './token-verifier';

/** Bearer-token authentication and per-route permissions (spec §6.3): one global guard. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: TokenVerifier,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Settings, true>) =>
        TokenVerifier.fromSettings(config.get('auth', { infer: true })),
    },
    RoutePermissionAudit,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
