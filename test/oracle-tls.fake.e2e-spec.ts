import { readFileSync } from 'node:fs';
import { callContext } from '../src/drivers/call-context';
import { DriverTarget } from '../src/drivers/database-driver';
import { OracleDriver } from '../src/drivers/oracle/oracle.driver';
import { TnsRefuser, startTnsRefuser } from './fakes/tns-refuser';
import { ClientCertificate, createClientCertificate } from './support/client-cert-fixtures';
import { driverFailure, loopbackTarget } from './support/driver-target';
import { TlsFixtures, createTlsFixtures } from './support/tls-fixtures';

/**
 * A TCPS listener (server certificate for `localhost` only, no IP in it) that asks for a client
 * certificate and then refuses the service (ORA-12514 → DATABASE_NOT_FOUND): reaching that
 * refusal proves the TLS handshake passed. The driver always dials the approved 127.0.0.1.
 */
describe('OracleDriver over TCPS: client certificates and verify-full by host name (wire-protocol fake, not a real server)', () => {
  const driver = new OracleDriver();
  let fixtures: TlsFixtures;
  let client: ClientCertificate;
  let listener: TnsRefuser;

  beforeAll(async () => {
    fixtures = createTlsFixtures();
    client = createClientCertificate(fixtures);
    listener = await startTnsRefuser(
      { refuse: 12514 },
      {
        cert: readFileSync(fixtures.certFile, 'utf8'),
        key: readFileSync(fixtures.keyFile, 'utf8'),
      },
    );
  });
  afterAll(async () => {
    await listener.close();
    fixtures.dispose();
  });

  const target = (host: string, ssl: DriverTarget['ssl']): DriverTarget =>
    loopbackTarget('ORACLE', listener.port, { databaseName: 'ORCLPDB1', host, ssl });

  it('verify-full with a client certificate: the name checked is the stored host, the certificate is presented', async () => {
    const before = listener.connects;
    const error = await driverFailure(
      driver.probe(
        target('localhost', {
          mode: 'verify-full',
          ca: fixtures.caPem,
          cert: client.certPem,
          key: client.keyPem,
        }),
        callContext(8000),
      ),
    );
    expect([error.reason, error.stage]).toEqual(['DATABASE_NOT_FOUND', 'connect']);
    expect(listener.connects).toBe(before + 1);
    expect(listener.clientCertificates.at(-1)).toBe('connections-client');
  });

  it('verify-full against a stored host the certificate does not name: TLS_ERROR, no CONNECT sent', async () => {
    const before = listener.connects;
    const error = await driverFailure(
      driver.probe(
        target('db.example.com', { mode: 'verify-full', ca: fixtures.caPem }),
        callContext(8000),
      ),
    );
    expect([error.reason, error.stage]).toEqual(['TLS_ERROR', 'tls']);
    expect(listener.connects).toBe(before);
  });

  it('verify-ca with the CA alone (no client certificate): the chain is checked, the name is not', async () => {
    const before = listener.connects;
    const error = await driverFailure(
      driver.probe(
        target('db.example.com', { mode: 'verify-ca', ca: fixtures.caPem }),
        callContext(8000),
      ),
    );
    expect(error.reason).toBe('DATABASE_NOT_FOUND');
    expect(listener.connects).toBe(before + 1);
    expect(listener.clientCertificates.at(-1)).toBeNull();
  });

  it('verify-ca with a CA that did not sign the server certificate: TLS_ERROR', async () => {
    const error = await driverFailure(
      driver.probe(
        target('localhost', { mode: 'verify-ca', ca: fixtures.wrongCaPem }),
        callContext(8000),
      ),
    );
    expect([error.reason, error.stage]).toEqual(['TLS_ERROR', 'tls']);
  });

  it('require without the CA: thin mode checks the chain anyway, so a private CA is TLS_ERROR', async () => {
    const before = listener.connects;
    const error = await driverFailure(
      driver.probe(
        target('localhost', { mode: 'require', cert: client.certPem, key: client.keyPem }),
        callContext(8000),
      ),
    );
    expect([error.reason, error.stage]).toEqual(['TLS_ERROR', 'tls']);
    expect(listener.connects).toBe(before);
  });

  // A listener with SSL_CLIENT_AUTHENTICATION=TRUE, as the compose Oracle (docker/oracle/tcps.sh).
  describe.each([
    ['TLSv1.2', ['TLS_ERROR', 'tls']],
    // The client's handshake is over before the server checks the certificate; the server's
    // alert then reaches thin mode as a lost connection (NJS-500).
    ['TLSv1.3', ['CONNECTION_REFUSED', 'connect']],
  ] as const)(
    'a listener that requires a client certificate, %s',
    (maxVersion, withoutCertificate) => {
      let requiring: TnsRefuser;
      beforeAll(async () => {
        requiring = await startTnsRefuser(
          { refuse: 12514 },
          {
            cert: readFileSync(fixtures.certFile, 'utf8'),
            key: readFileSync(fixtures.keyFile, 'utf8'),
            ca: fixtures.caPem,
            maxVersion,
          },
        );
      });
      afterAll(() => requiring.close());

      const on = (ssl: DriverTarget['ssl']): DriverTarget =>
        loopbackTarget('ORACLE', requiring.port, {
          databaseName: 'ORCLPDB1',
          host: 'localhost',
          ssl,
        });

      it('with the client certificate: the handshake passes (the service refusal follows)', async () => {
        const error = await driverFailure(
          driver.probe(
            on({
              mode: 'verify-full',
              ca: fixtures.caPem,
              cert: client.certPem,
              key: client.keyPem,
            }),
            callContext(8000),
          ),
        );
        expect([error.reason, error.stage]).toEqual(['DATABASE_NOT_FOUND', 'connect']);
        expect(requiring.clientCertificates.at(-1)).toBe('connections-client');
      });

      it(`without one: ${withoutCertificate.join(' at ')}, no CONNECT read`, async () => {
        const before = requiring.connects;
        const error = await driverFailure(
          driver.probe(on({ mode: 'verify-full', ca: fixtures.caPem }), callContext(8000)),
        );
        expect([error.reason, error.stage]).toEqual(withoutCertificate);
        expect(requiring.connects).toBe(before);
      });
    },
  );
});
