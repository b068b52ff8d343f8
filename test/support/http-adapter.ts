import { HTTP_ADAPTERS, HttpAdapterName } from '../../src/config/settings';

/**
 * The HTTP adapter the e2e apps run on: TEST_HTTP_ADAPTER (`express`, the default, or `fastify`),
 * for createTestApp and for the service run as a process alike. `npm test` runs the suites that touch
 * the HTTP edge a second time with `fastify` (jest.config.js).
 */
export function testHttpAdapter(): HttpAdapterName {
  const name = process.env.TEST_HTTP_ADAPTER ?? 'express';
  if (!(HTTP_ADAPTERS as readonly string[]).includes(name))
    throw new Error(`TEST_HTTP_ADAPTER must be one of ${HTTP_ADAPTERS.join(', ')}`);
  return name as HttpAdapterName;
}
