import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

interface RoutePattern {
  readonly method: string;
  readonly pattern: RegExp;
}

function joinPath(...parts: string[]): string {
  return (
    '/' +
    parts
      .flatMap((part) => part.split('/'))
      .filter(Boolean)
      .join('/')
  );
}

function toRegExp(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Every (method, path) the controllers declare, read from Nest's own metadata so it works with
 * any HTTP adapter. The error filter uses it to tell an unknown route (404) from a known path
 * asked with a method it does not have (405 + Allow).
 */
@Injectable()
export class RouteCatalog implements OnApplicationBootstrap {
  private routes: RoutePattern[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const routes: RoutePattern[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      const metatype = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!instance || !metatype) continue;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined;
      const version = Reflect.getMetadata(VERSION_METADATA, metatype) as string | undefined;
      const versionPrefix = typeof version === 'string' ? `v${version}` : '';
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        for (const basePath of [base ?? ''].flat()) {
          for (const routePath of [path].flat()) {
            routes.push({
              method: RequestMethod[method],
              pattern: toRegExp(joinPath(versionPrefix, basePath, routePath)),
            });
          }
        }
      }
    }
    this.routes = routes;
  }

  /** Whether any route declares this path (its parameters as they are written, undecoded), whatever its method. */
  knowsPath(url: string): boolean {
    const path = url.split('?')[0] ?? '/';
    return this.routes.some((route) => route.pattern.test(path));
  }

  /** Methods declared for this path, when the asked method is not one of them. */
  allowedMethods(method: string, url: string): string[] {
    const path = url.split('?')[0] ?? '/';
    const matching = this.routes.filter((route) => route.pattern.test(path));
    if (matching.length === 0 || matching.some((route) => route.method === method.toUpperCase()))
      return [];
    return [...new Set(matching.map((route) => route.method))].sort();
  }
}
