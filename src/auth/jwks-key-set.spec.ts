import { Server, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { CryptoKey, JWK, JWSHeaderParameters, exportJWK, generateKeyPair } from 'jose';
import { JwksKeySet, KeySetUnavailable } from './jwks-key-set';

/** A key-set endpoint on loopback that counts its requests and answers as told. */
class KeySetServer {
  requests = 0;
  answer: 'keys' | 'fail' | 'hang' | 'not-json' = 'keys';
  keys: JWK[] = [];
  private readonly server: Server = createServer((_request, response) => {
    this.requests += 1;
    if (this.answer === 'hang') return;
    if (this.answer === 'fail') response.writeHead(503).end();
    else if (this.answer === 'not-json') response.writeHead(200).end('<html>');
    else
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: this.keys }));
  });
  private readonly sockets = new Set<Socket>();

  async start(): Promise<URL> {
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return new URL(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function publicJwk(kid: string): Promise<{ jwk: JWK; publicKey: CryptoKey }> {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' }, publicKey };
}

const header = (kid: string): JWSHeaderParameters => ({ alg: 'RS256', kid });
const token = { payload: '', signature: '' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JwksKeySet (a real HTTP server on loopback)', () => {
  let server: KeySetServer;
  let url: URL;
  beforeEach(async () => {
    server = new KeySetServer();
    url = await server.start();
  });
  afterEach(() => server.stop());

  it('fetches on first use, once for concurrent callers, and serves known kids from the cache', async () => {
    const one = await publicJwk('one');
    server.keys = [one.jwk];
    const keys = new JwksKeySet(url);
    const found = await Promise.all([1, 2, 3].map(() => keys.key(header('one'), token)));
    expect(found.every((key) => key.type === 'public')).toBe(true);
    await keys.key(header('one'), token);
    expect(server.requests).toBe(1);
    expect(keys.fetchCount).toBe(1);
  });

  it('an unknown kid fetches again only once the interval since the last fetch has passed', async () => {
    server.keys = [(await publicJwk('one')).jwk];
    const keys = new JwksKeySet(url, { refetchIntervalMs: 300 });
    await keys.key(header('one'), token);
    await expect(keys.key(header('two'), token)).rejects.toThrow('no applicable key found');
    expect(server.requests).toBe(1);
    server.keys.push((await publicJwk('two')).jwk);
    await sleep(350);
    await expect(keys.key(header('two'), token)).resolves.toMatchObject({ type: 'public' });
    expect(server.requests).toBe(2);
  });

  it('a failed fetch counts too: while the issuer fails, unknown kids do not fetch more than once per interval', async () => {
    server.keys = [(await publicJwk('one')).jwk];
    const keys = new JwksKeySet(url, { refetchIntervalMs: 300 });
    await keys.key(header('one'), token);
    await sleep(350);
    server.answer = 'fail';
    await expect(keys.key(header('two'), token)).rejects.toBeInstanceOf(KeySetUnavailable);
    expect(server.requests).toBe(2);
    for (let i = 0; i < 5; i++)
      await expect(keys.key(header('two'), token)).rejects.toThrow('no applicable key found');
    expect(server.requests).toBe(2);
    // Known kids keep working from the cached set meanwhile.
    await expect(keys.key(header('one'), token)).resolves.toMatchObject({ type: 'public' });
  });

  it('a server that never answers: KeySetUnavailable (timeout) once the timeout has passed', async () => {
    server.answer = 'hang';
    const keys = new JwksKeySet(url, { timeoutMs: 200 });
    const error = (await keys
      .key(header('one'), token)
      .catch((caught: unknown) => caught)) as KeySetUnavailable;
    expect(error).toBeInstanceOf(KeySetUnavailable);
    expect(error.reason).toBe('timeout');
  });

  it.each([
    ['an error status', 'fail', 'bad-response'],
    ['a body that is not JSON', 'not-json', 'bad-response'],
  ] as const)('%s: KeySetUnavailable (%s)', async (_name, answer, reason) => {
    server.answer = answer;
    const keys = new JwksKeySet(url);
    await expect(keys.key(header('one'), token)).rejects.toMatchObject({
      name: 'KeySetUnavailable',
      reason,
    });
  });

  it('nothing listening: KeySetUnavailable (unreachable); a later call fetches again', async () => {
    await server.stop();
    const keys = new JwksKeySet(url);
    await expect(keys.key(header('one'), token)).rejects.toMatchObject({ reason: 'unreachable' });
    server = new KeySetServer();
    await expect(keys.key(header('one'), token)).rejects.toMatchObject({ reason: 'unreachable' });
    expect(keys.fetchCount).toBe(2);
  });

  it('a set older than its maximum age is fetched again before it is used', async () => {
    server.keys = [(await publicJwk('one')).jwk];
    const keys = new JwksKeySet(url, { maxAgeMs: 200 });
    await keys.key(header('one'), token);
    await sleep(250);
    await keys.key(header('one'), token);
    expect(server.requests).toBe(2);
  });
});
