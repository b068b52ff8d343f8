import { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { FET_ERROR_CATALOG } from '../src/common/errors/fet-error-catalog';
import { FetErrorCode } from '../src/common/errors/fet-error-code';
import { BASE } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';

/**
 * Errors that Node's HTTP parser produces before the framework sees the request (issue 7): they
 * answer with the FET body and a request id like every other error.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Writes `raw` on a fresh socket and reads until the server closes it. */
function exchange(port: number, raw: string, endAfterWrite = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body ? (JSON.parse(body) as unknown) : undefined });
    });
    socket.write(raw, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

function expectFetAnswer(response: RawResponse, code: FetErrorCode): void {
  const entry = FET_ERROR_CATALOG[code];
  expect(response.status).toBe(entry.status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.body).toEqual({ code, title: entry.title, message: entry.message });
}

describe('errors of the HTTP server itself carry the FET body and a request id', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer() as Server;
    // Short timeouts so the 408 case runs in a test; production keeps Node's defaults.
    server.headersTimeout = 500;
    server.requestTimeout = 500;
    (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 100;
    await t.app.listen(0, '127.0.0.1');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('a query string over 16 KiB → 431 FET-0417', async () => {
    const url = `${BASE}?configName=${'x'.repeat(20_000)}`;
    expectFetAnswer(await exchange(port, `GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`), FetErrorCode.HeaderFieldsTooLarge);
  });

  it('headers over 16 KiB → 431 FET-0417', async () => {
    const raw = `GET ${BASE} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`;
    expectFetAnswer(await exchange(port, raw), FetErrorCode.HeaderFieldsTooLarge);
  });

  it('a malformed request → 400 FET-0001', async () => {
    expectFetAnswer(await exchange(port, `GET ${BASE} HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n`), FetErrorCode.BadRequest);
    expectFetAnswer(await exchange(port, 'NOT-HTTP\r\n\r\n'), FetErrorCode.BadRequest);
  });

  it('a request that never finishes its headers → 408 FET-0007', async () => {
    expectFetAnswer(await exchange(port, `GET ${BASE} HTTP/1.1\r\nHost: localhost\r\n`), FetErrorCode.RequestTimeout);
  });

  it('the server keeps serving after each of them', async () => {
    const ok = await exchange(port, `GET ${BASE} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBeDefined();
  });
});
