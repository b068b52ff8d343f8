import { MongoDbDriver } from '../../src/drivers/mongodb/mongodb.driver';
import { composeServer, composeTlsMaterial, mustAnswer } from './compose-servers';
import { runConformanceSuite } from './conformance-suite';

const driver = new MongoDbDriver();

const NOT_RESTARTED = 'the suite does not stop and start the servers it is pointed at';

/** `npm run test:engines`: a real MongoDB (TEST_MONGODB_URL, default the compose service `mongodb`). */
runConformanceSuite({
  engine: 'MONGODB',
  driver,
  server: 'a real MongoDB (TEST_MONGODB_URL)',
  fake: false,
  deadlineMs: 20_000,
  notOffered: {
    'server-restart': NOT_RESTARTED,
    'tls-require-on-plain-server':
      'the compose MongoDB offers TLS (preferTLS); the wire fake proves the refusal',
    'tls-disable-on-tls-only-account': 'the compose MongoDB (preferTLS) also accepts plain clients',
  },
  start: async () => {
    const server = await composeServer(
      'MONGODB',
      'TEST_MONGODB_URL',
      'mongodb://cs_reader:Reader-pw-1@127.0.0.1:27017/conformance',
    );
    await mustAnswer(driver, server, 20_000);
    const tls = composeTlsMaterial();
    const { reader } = server;
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'conformance_missing' }),
      permissionDenied: () => ({
        call: 'discover',
        target: reader({ userName: 'cs_viewer', password: 'Viewer-pw-1' }),
      }),
      probeStatementBytes: Buffer.from('buildInfo'),
      secondSchema: '',
      tls: {
        ...tls,
        certificateHost: 'localhost',
        target: (overrides = {}) => reader({ host: 'localhost', ...overrides }),
        plainServer: () => {
          throw new Error('not offered');
        },
      },
      dispose: () => Promise.resolve(),
    };
  },
});
