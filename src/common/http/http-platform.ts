import { INestApplication } from '@nestjs/common';
import { AbstractHttpAdapter } from '@nestjs/core';
import { HttpAdapterName } from '../../config/settings';
import { expressPlatform } from './express-platform';
import { fastifyPlatform } from './fastify-platform';

/**
 * The one seam between the service and its HTTP framework (HTTP_ADAPTER). Everything else (the
 * request observer, the error filter, guards, pipes, Swagger, shutdown) works on Node's server
 * and Nest's adapter-neutral API; what differs lives in a platform's two functions.
 */
export interface HttpPlatform {
  /** The Nest adapter an application is created with. */
  createAdapter(): AbstractHttpAdapter;
  /** Framework settings that configureApp applies: body reading, framework headers, routing. */
  configure(app: INestApplication): void;
  /** Initialises `app` and waits until its server can answer (a test's supertest calls it unlistened). */
  init(app: INestApplication): Promise<void>;
  /** Listens on `port` on every interface, as Node does when no host is named. */
  listen(app: INestApplication, port: number): Promise<unknown>;
}

const PLATFORMS: Record<HttpAdapterName, HttpPlatform> = {
  express: expressPlatform,
  fastify: fastifyPlatform,
};

export function httpPlatform(name: HttpAdapterName): HttpPlatform {
  return PLATFORMS[name];
}

/** The platform of an application, from the adapter it was created with. */
export function platformOf(app: INestApplication): HttpPlatform {
  return httpPlatform(app.getHttpAdapter().getType() as HttpAdapterName);
}
