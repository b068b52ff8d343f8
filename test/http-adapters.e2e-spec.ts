import { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { HTTP_ADAPTERS, HttpAdapterName } from '../src/config/settings';
import { BASE } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';

// Two apps on real stores: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(120_000);

/**
 * HTTP_ADAPTER=express and HTTP_ADAPTER=fastify answer alike (issue 17): the same raw requests, the
 * edge cases of the HTTP layer above all (routing, methods, bodies, limits, parser errors, the
 * Swagger UI), written on a socket to one app of each, give the same status, headers and body.
 * Only what differs by nature is left out: the date, the generated request id (its presence and
 * form are compared) and metrics' counts.
 */

interface Answer {
  status: string;
  headers: Record<string, string>;
  body: string;
}

/** Writes `raw` on a fresh socket and reads until the server closes it. */
function exchange(port: number, raw: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    // A server that keeps the connection open after its answer is a difference too: cut it after 5 s.
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('close', () => {
      // An interim `100 Continue` is part of the answer, but compared by its status line only.
      const all = Buffer.concat(chunks).toString('utf8');
      const text = all.startsWith('HTTP/1.1 100 ') ? all.slice(all.indexOf('\r\n\r\n') + 4) : all;
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const name = line.slice(0, line.indexOf(':')).toLowerCase();
        headers[name] = line.slice(line.indexOf(':') + 1).trim();
      }
      resolve({
        status: (text === all ? '' : 'HTTP/1.1 100 Continue, ') + statusLine,
        headers,
        body: text.slice(split + 4),
      });
    });
    // Every request asks `Connection: close` (or is HTTP/1.0, or one the server cannot read): the server closes.
    socket.write(raw);
  });
}

/** What must be equal: the date and the request id only by their form. */
function comparable(answer: Answer): Answer {
  const headers = { ...answer.headers };
  delete headers.date;
  if (headers['x-request-id'] !== undefined && /^[0-9a-f-]{36}$/.test(headers['x-request-id']))
    headers['x-request-id'] = '<generated>';
  return { ...answer, headers };
}

const ID = '01890000-0000-7000-8000-000000000abc';
const json = (method: string, path: string, body: string, headers = '') =>
  `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}Connection: close\r\n\r\n${body}`;
const bare = (method: string, path: string, headers = '') =>
  `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`;
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

/** [what, raw request]: each is sent to both apps. */
const REQUESTS: Array<[string, string | Buffer]> = [
  ['list', bare('GET', BASE)],
  ['list, trailing slash', bare('GET', `${BASE}/`)],
  ['list, a bad query', bare('GET', `${BASE}?limit=abc&sortOrder=up`)],
  ['list, an unknown parameter', bare('GET', `${BASE}?nope=1`)],
  ['list, metadata filter', bare('GET', `${BASE}?metadata[team]=x&metadata.env=y`)],
  ['list, repeated parameter', bare('GET', `${BASE}?limit=1&limit=2`)],
  ['list, HEAD', bare('HEAD', BASE)],
  ['list, a GET body that is not JSON', json('GET', BASE, '{')],
  ['list, two Content-Types', bare('GET', BASE, 'Content-Type: application/json, text/plain\r\n')],
  [
    'list, a malformed Content-Type and a body',
    `GET ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ;;\r\nContent-Length: 1\r\nConnection: close\r\n\r\n{`,
  ],
  ['list, absolute-form target', bare('GET', `http://localhost${BASE}`)],
  ['get, not a UUID', bare('GET', `${BASE}/not-a-uuid`)],
  ['get, a long id', bare('GET', `${BASE}/${'x'.repeat(300)}`)],
  ['get, a bad percent-encoding', bare('GET', `${BASE}/%zz`)],
  ['get, unknown', bare('GET', `${BASE}/${ID}`)],
  ['get, X-Request-Id honoured', bare('GET', `${BASE}/${ID}`, 'X-Request-Id: trace-1\r\n')],
  ['unknown route', bare('GET', '/nope')],
  ['unknown route, bad percent-encoding', bare('GET', '/nope%zz')],
  ['unknown route, POST with a bad body', json('POST', '/nope', '{')],
  ['unknown version', bare('POST', '/v2/management/connections')],
  ['405 on the collection', bare('PUT', BASE)],
  ['405 on a connection', json('POST', `${BASE}/${ID}`, '{}')],
  ['405 on assign', bare('GET', `${BASE}/${ID}/assign`)],
  ['OPTIONS', bare('OPTIONS', BASE)],
  ['create, malformed JSON', json('POST', BASE, '{"configName": ', 'X-Product-Name: p\r\n')],
  ['create, an array', json('POST', BASE, '[]', 'X-Product-Name: p\r\n')],
  ['create, a string', json('POST', BASE, '"text"', 'X-Product-Name: p\r\n')],
  ['create, empty body', json('POST', BASE, '', 'X-Product-Name: p\r\n')],
  ['create, {}', json('POST', BASE, '{}', 'X-Product-Name: p\r\n')],
  ['create, nested 33 deep', json('POST', BASE, nested(33), 'X-Product-Name: p\r\n')],
  ['create, nested 100,000 deep', json('POST', BASE, nested(100_000), 'X-Product-Name: p\r\n')],
  [
    'create, __proto__',
    json(
      'POST',
      BASE,
      '{"__proto__":{"x":1},"constructor":{"prototype":1}}',
      'X-Product-Name: p\r\n',
    ),
  ],
  [
    'create, text/plain',
    `POST ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nX-Product-Name: p\r\nConnection: close\r\n\r\n{}`,
  ],
  [
    'create, form',
    `POST ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nX-Product-Name: p\r\nConnection: close\r\n\r\na=b`,
  ],
  [
    'create, no Content-Type',
    `POST ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nX-Product-Name: p\r\nConnection: close\r\n\r\n{}`,
  ],
  [
    'create, a malformed Content-Type',
    `POST ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json;;x\r\nContent-Length: 2\r\nX-Product-Name: p\r\nConnection: close\r\n\r\n{}`,
  ],
  [
    'create, two Content-Types',
    json('POST', BASE, '{}', 'X-Product-Name: p\r\n').replace(
      'application/json',
      'application/json, text/plain',
    ),
  ],
  [
    'create, application/json with a charset',
    json('POST', BASE, '{}', 'X-Product-Name: p\r\n').replace(
      'application/json',
      'application/json; charset=utf-8',
    ),
  ],
  [
    'create, a latin1 charset',
    json('POST', BASE, '{}', 'X-Product-Name: p\r\n').replace(
      'application/json',
      'application/json; charset=latin1',
    ),
  ],
  [
    'create, gzip over plain text',
    json('POST', BASE, '{}', 'Content-Encoding: gzip\r\nX-Product-Name: p\r\n'),
  ],
  [
    'create, an unknown encoding',
    json('POST', BASE, '{}', 'Content-Encoding: zstd-x\r\nX-Product-Name: p\r\n'),
  ],
  [
    'create, chunked',
    `POST ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nX-Product-Name: p\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
  ],
  [
    'create, over 1 MiB',
    json('POST', BASE, `{"a":"${'x'.repeat(1024 * 1024)}"}`, 'X-Product-Name: p\r\n'),
  ],
  [
    'create, announced over 1 MiB',
    `POST ${BASE} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\nConnection: close\r\n\r\n{}`,
  ],
  [
    'create, Expect: 100-continue',
    json('POST', BASE, '{}', 'Expect: 100-continue\r\nX-Product-Name: p\r\n'),
  ],
  [
    'create, an unknown expectation',
    json('POST', BASE, '{}', 'Expect: something\r\nX-Product-Name: p\r\n'),
  ],
  ['create, a bad product header', json('POST', BASE, '{}', 'X-Product-Name: a b\r\n')],
  ['patch, a bad id', json('PATCH', `${BASE}/nope`, '{}')],
  ['delete, with a body', json('DELETE', `${BASE}/${ID}`, '{')],
  ['validate-schema, GET', bare('GET', `${BASE}/validate-schema`)],
  ['HTTP/1.1 without Host', `GET ${BASE} HTTP/1.1\r\nConnection: close\r\n\r\n`],
  ['HTTP/1.0 without Host', `GET ${BASE} HTTP/1.0\r\n\r\n`],
  ['headers over 16 KiB', bare('GET', BASE, `X-Big: ${'y'.repeat(20_000)}\r\n`)],
  ['a malformed request', 'NOT-HTTP\r\n\r\n'],
  ['health', bare('GET', '/health/live')],
  ['Swagger UI', bare('GET', '/docs')],
  ['Swagger UI, trailing slash', bare('GET', '/docs/')],
  ['Swagger UI init script', bare('GET', '/docs/swagger-ui-init.js')],
  ['Swagger UI stylesheet', bare('GET', '/docs/swagger-ui.css')],
  ['Swagger UI bundle, HEAD', bare('HEAD', '/docs/swagger-ui-bundle.js')],
  ['Swagger UI, an unknown asset', bare('GET', '/docs/nope.js')],
  ['OpenAPI document', bare('GET', '/docs-json')],
  ['OpenAPI document, POST', bare('POST', '/docs-json')],
];

describe('express and fastify answer alike', () => {
  const apps = new Map<HttpAdapterName, { t: TestApp; port: number }>();
  beforeAll(async () => {
    for (const adapter of HTTP_ADAPTERS) {
      const t = await createTestApp({ adapter });
      await t.app.listen(0, '127.0.0.1');
      apps.set(adapter, {
        t,
        port: ((t.app.getHttpServer() as Server).address() as AddressInfo).port,
      });
    }
  });
  afterAll(async () => {
    for (const { t } of apps.values()) await t.close();
  });

  it.each(REQUESTS)('%s', async (_what, raw) => {
    const answers: Partial<Record<HttpAdapterName, Answer>> = {};
    for (const [adapter, { port }] of apps)
      answers[adapter] = comparable(await exchange(port, raw));
    expect(answers.fastify).toEqual(answers.express);
  });

  it('metrics: the same status and content type', async () => {
    const answers = await Promise.all(
      [...apps.values()].map(({ port }) => exchange(port, bare('GET', '/metrics'))),
    );
    expect(answers.map((answer) => [answer.status, answer.headers['content-type']])).toEqual([
      [answers[0].status, answers[0].headers['content-type']],
      [answers[0].status, answers[0].headers['content-type']],
    ]);
  });
});
