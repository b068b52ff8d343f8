import { DriverTarget } from '../database-driver';

/** A DriverTarget for unit specs (no secret of any real system). */
export function driverTarget(overrides: Partial<DriverTarget> = {}): DriverTarget {
  return {
    id: '0190a000-0000-7000-8000-000000000000',
    type: 'POSTGRESQL',
    host: 'db.example.com',
    port: 5432,
    databaseName: 'reports',
    userName: 'reader',
    password: 'pw',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: 'db.example.com', address: '127.0.0.1', family: 4 },
    ...overrides,
  };
}
