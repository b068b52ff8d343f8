import { IncomingMessage, Server, ServerResponse, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { ExpressBornAdapter } from './express-born-adapter';

interface ExpressApp {
  request: object;
  response: object;
  get(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  use(handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void;
}

function get(server: Server, path: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('ExpressBornAdapter (requests and responses born with express prototypes)', () => {
  const adapter = new ExpressBornAdapter();
  const app = adapter.getInstance<ExpressApp>();
  let server: Server;
  /** The prototypes each request and response had before express touched them. */
  const seen: { request: object | null; response: object | null }[] = [];

  beforeAll(async () => {
    adapter.initHttpServer({});
    server = adapter.getHttpServer();
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      seen.push({ request: Object.getPrototypeOf(req), response: Object.getPrototypeOf(res) }),
    );
    app.get('/answer', (req, res) => {
      const express = res as ServerResponse & { json(body: unknown): void };
      express.json({ url: req.url, isRequest: req instanceof IncomingMessage });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves express routes on its own server, with express methods on the response', async () => {
    await expect(get(server, '/answer?x=1')).resolves.toEqual({
      status: 200,
      body: '{"url":"/answer?x=1","isRequest":true}',
    });
  });

  it('creates every request and response with the app prototypes express would set', async () => {
    await get(server, '/answer');
    await get(server, '/answer');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const prototypes of seen) {
      expect(prototypes.request).toBe(app.request);
      expect(prototypes.response).toBe(app.response);
    }
  });

  it('leaves a server with Nest options it does not handle (forceCloseConnections) to Nest', () => {
    const other = new ExpressBornAdapter();
    const initHttpServer = jest.spyOn(
      Object.getPrototypeOf(ExpressBornAdapter.prototype),
      'initHttpServer',
    );
    other.initHttpServer({ forceCloseConnections: true });
    expect(initHttpServer).toHaveBeenCalledTimes(1);
    initHttpServer.mockRestore();
  });
});
