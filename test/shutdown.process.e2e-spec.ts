import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import { silentListener } from '../src/drivers/testing/silent-listener.fixture';
import { expectFetError } from './support/fet-expect';
import { ServiceProcess, startService } from './support/service-process';
import { BASE, localPostgresBody } from './support/store-rows';

// A real process and real sockets: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(120_000);

/** Resolves with the error code of a TCP connection attempt to `port` ('connected' if it was accepted). */
function dial(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/**
 * Spec §7, graceful shutdown, on the real process: SIGTERM with two requests in flight, a connection
 * test and a schema discovery, each stalled on a silent listener that stands in for a database.
 */
describe('SIGTERM with requests in flight (a real service process)', () => {
  let dataDir: string;
  let service: ServiceProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cs-shutdown-'));
    service = await startService('service', {
      DATA_DIR: dataDir,
      SHUTDOWN_TIMEOUT_MS: '2000',
      // Neither dial ends on its own while the test runs: only the listener or the shutdown ends them.
      CONNECTION_TEST_TIMEOUT_MS: '60000',
      SCHEMA_DISCOVERY_TIMEOUT_MS: '60000',
    });
    await service.ready();
  }, 120_000);
  afterAll(async () => {
    await service?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses new connections, lets a request finish, answers the one still running after SHUTDOWN_TIMEOUT_MS 503 FET-0003, exits 0', async () => {
    const [testDb, discoveryDb] = await Promise.all([silentListener(), silentListener()]);
    try {
      const http = request(service.url);
      const create = async (port: number) =>
        String(
          (
            await http
              .post(BASE)
              .set('X-Product-Name', 'reports')
              .send(localPostgresBody(port))
              .expect(201)
          ).body.id,
        );
      const [testedId, discoveredId] = await Promise.all([
        create(testDb.port),
        create(discoveryDb.port),
      ]);

      const tested: Promise<Response> = http.post(`${BASE}/${testedId}/test`).then((res) => res);
      const discovered: Promise<Response> = http
        .get(`${BASE}/${discoveredId}/schema`)
        .then((res) => res);
      // Both requests have reached their database: they are in flight.
      await Promise.all([testDb.accepted, discoveryDb.accepted]);

      service.signal('SIGTERM');
      await service.waitForLog((line) =>
        /^SIGTERM: refusing new connections; 2 request\(s\) in flight/.test(String(line.msg)),
      );
      expect(await dial(service.port)).toBe('ECONNREFUSED');

      // The test's database hangs up: that request finishes with its report, after the signal.
      await testDb.close();
      const testAnswer = await tested;
      expect(testAnswer.status).toBe(200);
      expect(testAnswer.body).toMatchObject({
        status: 'failure',
        error: { stage: 'authenticate' },
      });
      expect(testAnswer.headers.connection).toBe('close');

      // The discovery is still waiting when SHUTDOWN_TIMEOUT_MS ends: 503, and its dial is abandoned.
      const discoveryAnswer = await discovered;
      expectFetError(discoveryAnswer, 'FET-0003');
      expect(discoveryAnswer.headers['x-request-id']).toEqual(expect.any(String));
      await discoveryDb.clientClosed;

      expect(await service.exited).toEqual({ code: 0, signal: null });
      const messages = service.logs().map((line) => String(line.msg));
      expect(messages).toContain(
        '1 request(s) still running after SHUTDOWN_TIMEOUT_MS: answered 503 FET-0003, their work aborted',
      );
      expect(messages[messages.length - 1]).toBe('shut down');
    } finally {
      await Promise.all([testDb.close(), discoveryDb.close()]);
    }
  });
});
