import { Controller, Get, Module, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Permission } from './permission';
import { PublicRoute, RequiresPermission } from './requires-permission.decorator';
import { RoutePermissionAudit } from './route-permission-audit';

@Controller('declared')
class DeclaredController {
  @Get()
  @RequiresPermission(Permission.Read)
  list(): string {
    return 'ok';
  }

  /** Not a route: needs nothing. */
  helper(): string {
    return 'ok';
  }
}

@PublicRoute()
@Controller('open')
class OpenController {
  @Get()
  probe(): string {
    return 'ok';
  }
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  @RequiresPermission(Permission.Read)
  read(): string {
    return 'ok';
  }

  @Post()
  write(): string {
    return 'ok';
  }
}

async function boot(...controllers: Array<new () => unknown>): Promise<void> {
  @Module({ imports: [DiscoveryModule], controllers, providers: [RoutePermissionAudit] })
  class AuditedModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AuditedModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
}

describe('RoutePermissionAudit', () => {
  it('boots when every route declares a permission or is public (on the method or the class)', async () => {
    await expect(boot(DeclaredController, OpenController)).resolves.toBeUndefined();
  });

  it('fails boot naming each route that declares neither', async () => {
    await expect(boot(DeclaredController, ForgottenController)).rejects.toThrow(
      'Every route needs @RequiresPermission(…) or @PublicRoute(): ForgottenController.write declares neither.',
    );
  });
});
