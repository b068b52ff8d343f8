import { Injectable, OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PERMISSION_METADATA, PUBLIC_ROUTE_METADATA } from './requires-permission.decorator';

/**
 * Boot fails, naming them, when a route declares neither `@RequiresPermission` nor `@PublicRoute`
 * (whether or not authentication is on), so a route added later can never be left open by
 * forgetting it.
 */
@Injectable()
export class RoutePermissionAudit implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const metatype = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!metatype) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        if (
          Reflect.getMetadata(PATH_METADATA, handler) === undefined ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        const targets = [handler, metatype];
        const declared =
          this.reflector.getAllAndOverride<unknown>(PERMISSION_METADATA, targets) !== undefined ||
          this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_METADATA, targets) === true;
        if (!declared) undeclared.push(`${metatype.name}.${name}`);
      }
    }
    if (undeclared.length > 0) {
      throw new Error(
        `Every route needs @RequiresPermission(…) or @PublicRoute(): ${undeclared.join(', ')} declare${undeclared.length === 1 ? 's' : ''} neither.`,
      );
    }
  }
}
