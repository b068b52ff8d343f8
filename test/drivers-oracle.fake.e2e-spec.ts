/**
 * Oracle cases that do not fit the conformance table (test/conformance/): a listener that hangs
 * up, the reply that sends oracledb into its endless loop, a service name with descriptor syntax.
 * The generic cases run in test/conformance/oracle.fake.e2e-spec.ts.
 */
import { callContext } from '../src/drivers/call-context';
import { driverFailure, loopbackTarget } from './support/driver-target';
import { DriverTarget } from '../src/drivers/database-driver';
import { OracleDriver } from '../src/drivers/oracle/oracle.driver';
import { TnsRefuser, TnsReply, startTnsRefuser } from './fakes/tns-refuser';

function target(port: number, overrides: Partial<DriverTarget> = {}): DriverTarget {
  return loopbackTarget(
    'ORACLE',
    port,
    {
      databaseName: 'ORCLPDB1',
      userName: 'reporter',
      password: 'pw',
    },
    overrides,
  );
}

const failure = driverFailure;

describe('OracleDriver against the oracledb thin driver (wire-protocol fake, not a real server)', () => {
  const driver = new OracleDriver();
  const listeners: TnsRefuser[] = [];
  async function listener(reply: TnsReply): Promise<TnsRefuser> {
    const started = await startTnsRefuser(reply);
    listeners.push(started);
    return started;
  }
  afterAll(async () => Promise.all(listeners.map((started) => started.close())));

  it('a listener that hangs up → CONNECTION_REFUSED', async () => {
    const refuser = await listener('close');
    const error = await failure(driver.probe(target(refuser.port), callContext(5000)));
    expect([error.reason, error.stage]).toEqual(['CONNECTION_REFUSED', 'connect']);
  });

  it('a reply that sends oracledb into its endless loop costs one worker, not the process', async () => {
    const refuser = await listener('zero-length');
    const rssBefore = process.memoryUsage().rss;
    const error = await failure(driver.probe(target(refuser.port), callContext(3000)));
    expect(['UNKNOWN', 'TIMEOUT']).toContain(error.reason);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  });

  it('a service name with descriptor syntax is refused before any dial', async () => {
    const refuser = await listener({ refuse: 12514 });
    const evil = target(refuser.port, { metadata: { serviceName: 'X)(ADDRESS=(HOST=10.0.0.1)' } });
    const error = await failure(driver.probe(evil, callContext(5000)));
    expect(error.reason).toBe('DATABASE_NOT_FOUND');
    expect(refuser.connects).toBe(0);
  });
});
