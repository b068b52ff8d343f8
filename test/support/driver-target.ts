import { EngineType } from '../../src/engines/engine';
import { DriverError, DriverTarget } from '../../src/drivers/database-driver';

/** A target on 127.0.0.1 (already approved by the host policy) for calling a driver directly. */
export function loopbackTarget(
  type: EngineType,
  port: number,
  defaults: Partial<DriverTarget>,
  overrides: Partial<DriverTarget> = {},
): DriverTarget {
  return {
    id: 'c1',
    type,
    host: '127.0.0.1',
    port,
    databaseName: 'app',
    userName: 'reporter',
    password: 's3cret-pw',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: '127.0.0.1', address: '127.0.0.1', family: 4 },
    ...defaults,
    ...overrides,
  };
}

/** The DriverError a driver call rejected with (fails the test when it resolved or threw something else). */
export async function driverFailure(promise: Promise<unknown>): Promise<DriverError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DriverError);
  return error as DriverError;
}
