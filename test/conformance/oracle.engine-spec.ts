import { callContext } from '../../src/drivers/call-context';
import { DriverError, DriverTarget } from '../../src/drivers/database-driver';
import { OracleDriver } from '../../src/drivers/oracle/oracle.driver';
import {
  ComposeServer,
  composeClientCertificate,
  composeServer,
  composeTlsMaterial,
  mustAnswer,
} from './compose-servers';
import { runConformanceSuite } from './conformance-suite';

const driver = new OracleDriver();

/** The compose service's TCPS listener (docker/oracle/tcps.sh): it requires a client certificate. */
const TCPS_PORT = 2484;

/** The fixture account (TEST_ORACLE_URL, default the compose service `oracle`). */
const oracleServer = (): Promise<ComposeServer> =>
  // The fixture's tables belong to CS_APP: that is the connection's default schema.
  composeServer(
    'ORACLE',
    'TEST_ORACLE_URL',
    'oracle://cs_reader:Reader-pw-1@127.0.0.1:1521/FREEPDB1',
    {
      schema: 'CS_APP',
    },
  );

/**
 * The fixture account on the TCPS listener, by the certificate's name, with the client
 * certificate the listener requires added to every TLS mode (`clientCertificate: false` leaves it out).
 */
function tcpsTarget(
  server: ComposeServer,
  overrides: Partial<DriverTarget> = {},
  clientCertificate = true,
): DriverTarget {
  const ssl = overrides.ssl
    ? { ...(clientCertificate ? composeClientCertificate() : {}), ...overrides.ssl }
    : null;
  return server.reader({ host: 'localhost', port: TCPS_PORT, ...overrides, ssl });
}

/** `npm run test:engines`: a real Oracle Database (TEST_ORACLE_URL, default the compose service `oracle`). */
runConformanceSuite({
  engine: 'ORACLE',
  driver,
  server: 'a real Oracle Database (TEST_ORACLE_URL; TCPS on 2484 with a client certificate)',
  fake: false,
  deadlineMs: 20_000,
  notOffered: {
    'server-restart': 'the suite does not stop and start the servers it is pointed at',
  },
  start: async () => {
    const server = await oracleServer();
    await mustAnswer(driver, server, 20_000);
    const { reader } = server;
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'CONFORMANCE_MISSING' }),
      permissionDenied: () => ({
        call: 'probe',
        target: reader({ userName: 'cs_nosession', password: 'No-session-1' }),
      }),
      probeStatementBytes: Buffer.from('SELECT 1 FROM DUAL'),
      secondSchema: 'SALES',
      tls: {
        ...composeTlsMaterial(),
        certificateHost: 'localhost',
        target: (overrides = {}) => tcpsTarget(server, overrides),
        // The plain TCP listener on 1521.
        plainServer: () => reader(),
      },
      dispose: () => Promise.resolve(),
    };
  },
});

describe('Oracle TCPS listener that requires a client certificate (TEST_ORACLE_URL, port 2484)', () => {
  let server: ComposeServer;
  let caPem: string;

  beforeAll(async () => {
    server = await oracleServer();
    await mustAnswer(driver, server, 20_000);
    caPem = composeTlsMaterial().caPem;
  }, 180_000);

  it('verify-full with the client certificate logs in; the same target without it is refused', async () => {
    const ssl = { mode: 'verify-full' as const, ca: caPem };
    // The control: only the client certificate differs between the two calls.
    const probe = await driver.probe(tcpsTarget(server, { ssl }), callContext(20_000));
    expect(probe.serverVersion).toMatch(/^Oracle Database \d+/);

    const refused = await driver
      .probe(tcpsTarget(server, { ssl }, false), callContext(20_000))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(DriverError);
    const { reason, stage } = refused as DriverError;
    // TLS 1.2 refuses inside the handshake (TLS_ERROR at tls). Under TLS 1.3 (the default of 23ai)
    // the client finishes its handshake before the server checks the certificate; the server's
    // alert then reaches thin mode as a lost connection (NJS-500 → CONNECTION_REFUSED at connect,
    // as test/oracle-tls.fake.e2e-spec.ts shows). Either way no login happens.
    expect([
      ['TLS_ERROR', 'tls'],
      ['CONNECTION_REFUSED', 'connect'],
    ]).toContainEqual([reason, stage]);
  });
});
