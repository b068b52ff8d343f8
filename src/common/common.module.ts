import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RouteCatalog } from './http/route-catalog';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [RouteCatalog],
  exports: [RouteCatalog],
})
export class CommonModule {}
