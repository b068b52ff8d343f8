import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer, get } from 'node:http';
import { AddressInfo } from 'node:net';
import { InFlightRequests } from './in-flight-requests';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

describe('InFlightRequests (a real HTTP server on loopback)', () => {
  let server: Server;
  let requests: InFlightRequests;
  /** Responses the handler holds until the test finishes them. */
  const held: ServerResponse[] = [];
  const call = (path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      get({ host: '127.0.0.1', port, path }, (response: IncomingMessage) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            body,
          }),
        );
      }).on('error', reject);
    });
  const heldCount = async (count: number) => {
    while (held.length < count) await new Promise((resolve) => setImmediate(resolve));
  };

  beforeEach(async () => {
    held.length = 0;
    requests = new InFlightRequests();
    server = createServer((_request, response) => held.push(response));
    requests.track(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('counts requests until their response is sent, and settles when none is left', async () => {
    const answers = [call('/a'), call('/b')];
    await heldCount(2);
    expect(requests.size).toBe(2);
    held[0].end('a');
    await answers[0];
    expect(requests.size).toBe(1);
    const settled = requests.settled(10_000);
    held[1].end('b');
    await expect(settled).resolves.toBe(true);
    await answers[1];
  });

  it('settles false when the time runs out first', async () => {
    const answer = call('/slow');
    await heldCount(1);
    await expect(requests.settled(20)).resolves.toBe(false);
    held[0].end();
    await answer;
  });

  it('closes the connection after each answer once draining, and answers what is left with the given status and body', async () => {
    const answers = [call('/finishes'), call('/stalls')];
    await heldCount(2);
    requests.drain();
    held[0].end('done');
    expect(await answers[0]).toEqual({ status: 200, connection: 'close', body: 'done' });
    expect(requests.answerRemaining(503, { code: 'FET-0003' })).toBe(1);
    expect(await answers[1]).toEqual({
      status: 503,
      connection: 'close',
      body: '{"code":"FET-0003"}',
    });
    expect(requests.size).toBe(0);
  });
});
