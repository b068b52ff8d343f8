import { callContext } from '../src/drivers/call-context';
import { DriverTarget } from '../src/drivers/database-driver';
import { SqlServerDriver } from '../src/drivers/sqlserver/sqlserver.driver';
import { TdsFake, startTdsFake } from './fakes/tds-fake';
import { driverFailure, loopbackTarget } from './support/driver-target';

function target(port: number, overrides: Partial<DriverTarget> = {}): DriverTarget {
  return loopbackTarget(
    'SQL_SERVER',
    port,
    { databaseName: 'sales', userName: 'reporter', password: 'Str0ng!pw' },
    overrides,
  );
}

/**
 * The TDS fake answers PRELOGIN with encryption NOT_SUP. tedious, asked to encrypt, would go on
 * and send LOGIN7 (the password only obfuscated) in clear; the driver's socket refuses that write.
 */
describe('SqlServerDriver through mssql: TLS downgrade and logins (wire-protocol fake, not a real server)', () => {
  const driver = new SqlServerDriver();
  let fake: TdsFake;

  beforeAll(async () => {
    fake = await startTdsFake({
      users: { reporter: 'Str0ng!pw' },
      databases: ['sales'],
      catalogRows: [],
      catalogTypes: [],
    });
  });
  afterAll(async () => fake.close());

  it.each(['require', 'verify-ca', 'verify-full'] as const)(
    'ssl.mode %s against a server that declines encryption: TLS_ERROR at tls, no LOGIN7 reaches it',
    async (mode) => {
      const before = fake.logins.length;
      const error = await driverFailure(
        driver.probe(target(fake.port, { ssl: { mode, ca: 'not used' } }), callContext(5000)),
      );
      expect([error.reason, error.stage]).toEqual(['TLS_ERROR', 'tls']);
      expect(fake.logins.length).toBe(before);
    },
  );

  it('the same server without TLS asked: one probe is one login, with its stages measured', async () => {
    const before = fake.logins.length;
    const result = await driver.probe(target(fake.port), callContext(5000));
    expect(result.serverVersion).toMatch(/^Microsoft SQL Server 2022/);
    expect(fake.logins.length - before).toBe(1);
    expect(Object.keys(result.stages).sort()).toEqual(['authenticate', 'connect', 'query']);
  });

  it('a discovery is one login too', async () => {
    const before = fake.logins.length;
    await driver.discover(target(fake.port), {}, callContext(5000));
    expect(fake.logins.length - before).toBe(1);
  });
});
