/**
 * A listener that answers the CONNECT with a TNS REDIRECT to another address: oracledb thin would
 * dial that address directly, although the host policy approved only the one it was given. The
 * Oracle worker lets no connection leave but to the approved address and port, so the probe is
 * FORBIDDEN_HOST at `connect` and the redirect's target never sees a connection.
 */
import { callContext } from '../src/drivers/call-context';
import { OracleDriver } from '../src/drivers/oracle/oracle.driver';
import { TnsRefuser, startTnsRefuser } from './fakes/tns-refuser';
import { driverFailure, loopbackTarget } from './support/driver-target';

describe('OracleDriver and a listener REDIRECT (wire-protocol fake, not a real server)', () => {
  const driver = new OracleDriver();
  let elsewhere: TnsRefuser;
  let redirecting: TnsRefuser;

  beforeAll(async () => {
    // What a redirect would reach: another loopback address, which the policy never approved.
    elsewhere = await startTnsRefuser({ refuse: 12514 }, undefined, { host: '127.0.0.2' });
    redirecting = await startTnsRefuser({
      redirect: `(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.2)(PORT=${elsewhere.port}))`,
    });
  });
  afterAll(async () => Promise.all([elsewhere.close(), redirecting.close()]));

  it('a REDIRECT to another address → FORBIDDEN_HOST at connect, nothing dialled there', async () => {
    const target = loopbackTarget('ORACLE', redirecting.port, { databaseName: 'ORCLPDB1' });
    const error = await driverFailure(driver.probe(target, callContext(8000)));
    expect([error.reason, error.stage]).toEqual(['FORBIDDEN_HOST', 'connect']);
    expect(redirecting.connects).toBe(1);
    expect(elsewhere.accepts).toBe(0);
  });
});
