import { readFileSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import { CapturedResponse } from './support/response-contract/captured-response';
import { ContractDocument } from './support/response-contract/contract-document';
import { JsonObject } from './support/response-contract/openapi-json-schema';
import { HistorySecrets } from './support/response-contract/history-secrets';
import { Violation, checkResponse } from './support/response-contract/response-check';
import {
  attachResponseContract,
  excludeFromResponseContract,
  settleAllResponseContracts,
  settleResponseContract,
  watchAllServers,
} from './support/response-contract/response-contract';

/** The checker itself, on a small hand-made document (so these cases do not move with ours). */

const ID = '01890000-0000-7000-8000-000000000abc';
const BASE = '/v1/management/connections';
const ERROR = {
  type: 'object',
  required: ['code', 'title', 'message'],
  properties: {
    code: { type: 'string' },
    title: { type: 'string' },
    message: { type: 'string' },
    fields: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const etag = { ETag: { required: true, schema: { type: 'string', pattern: '^"[^"]+"$' } } };

const DOCUMENT = {
  openapi: '3.0.0',
  servers: [{ url: '/' }],
  paths: {
    [BASE]: {
      get: { responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Connection' } } } }) } },
      post: {
        responses: {
          '201': { description: '', headers: etag, ...json({ $ref: '#/components/schemas/Connection' }) },
          '400': { description: '', ...json({ $ref: '#/components/schemas/Error' }) },
        },
      },
    },
    [`${BASE}/unassigned`]: { get: { responses: { '200': json({ type: 'object', properties: { total: { type: 'integer' } } }) } } },
    [`${BASE}/{id}`]: {
      get: {
        responses: {
          '200': { description: '', headers: etag, ...json({ $ref: '#/components/schemas/Connection' }) },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { responses: { '204': { description: '' } } },
    },
    [`${BASE}/{id}/test`]: {
      'x-method-not-allowed': { $ref: '#/components/responses/TestMethodNotAllowed' },
      post: {
        responses: {
          '429': {
            description: '',
            headers: { 'Retry-After': { required: true, schema: { type: 'integer', minimum: 0 } } },
            ...json({ $ref: '#/components/schemas/Error' }),
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Error: ERROR,
      Connection: {
        type: 'object',
        required: ['id', 'configName', 'type', 'host', 'port', 'databaseName', 'userName', 'createdAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          configName: { type: 'string' },
          productName: { type: 'string', nullable: true },
          type: { type: 'string', enum: ['POSTGRESQL', 'MYSQL'] },
          host: { type: 'string' },
          port: { type: 'integer' },
          databaseName: { type: 'string' },
          userName: { type: 'string' },
          ssl: { allOf: [{ $ref: '#/components/schemas/Ssl' }], nullable: true },
          metadata: { type: 'object', additionalProperties: { type: 'string' } },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      Ssl: { type: 'object', required: ['mode'], properties: { mode: { type: 'string' } } },
    },
    responses: {
      TestMethodNotAllowed: {
        description: '',
        headers: { Allow: { required: true, schema: { type: 'string' } }, 'X-Request-Id': { required: true, schema: { type: 'string' } } },
        ...json({ $ref: '#/components/schemas/Error' }),
      },
      NotFound: { description: '', ...json({ $ref: '#/components/schemas/Error' }) },
      MethodNotAllowed: {
        description: '',
        headers: { Allow: { required: true, schema: { type: 'string' } } },
        ...json({ $ref: '#/components/schemas/Error' }),
      },
    },
  },
};

const SEED = JSON.parse(readFileSync(join(__dirname, 'support', 'response-contract', 'seed-schemas.json'), 'utf8')) as JsonObject;
const document = new ContractDocument(DOCUMENT as unknown as JsonObject, SEED);

const CONNECTION = {
  id: ID,
  configName: 'sales-db',
  productName: 'reports',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'sales',
  userName: 'reader',
  ssl: { mode: 'require' },
  metadata: { team: 'finance' },
  createdAt: '2026-01-15T10:30:00.000Z',
};
const FET_404 = { code: 'FET-1001', title: 'Not Found', message: 'No such connection.' };

function response(method: string, url: string, status: number, body?: unknown, headers: Record<string, string> = {}): CapturedResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const type: Record<string, string> = body === undefined || typeof body === 'string' ? {} : { 'content-type': 'application/json; charset=utf-8' };
  return { method, url, status, headers: { ...type, ...headers }, body: Buffer.from(text) };
}

const check = (captured: CapturedResponse) => checkResponse(document, captured);
const problems = (violations: Violation[]) => violations.map((violation) => `[${violation.source}] ${violation.problem}`);

describe('the response contract check', () => {
  describe('an operation of the document', () => {
    it('passes a conforming response (query string and a trailing slash ignored)', () => {
      expect(check(response('GET', `${BASE}/${ID}?x=1`, 200, CONNECTION, { etag: '"v1"' }))).toEqual([]);
      expect(check(response('POST', BASE, 201, CONNECTION, { etag: '"v1"' }))).toEqual([]);
      expect(check(response('GET', `${BASE}/`, 200, { items: [CONNECTION] }))).toEqual([]);
    });

    it('honours nullable (a plain field and an allOf $ref), which the seed does not have', () => {
      const body = { ...CONNECTION, productName: null, ssl: null };
      expect(problems(check(response('GET', `${BASE}/${ID}`, 200, body, { etag: '"v1"' })))).toEqual([
        '[seed ConnectionResponse] body/productName must be string (got null)',
        '[seed ConnectionResponse] body/ssl must be object (got null)',
      ]);
    });

    it('an undocumented field is a violation naming it, at any depth', () => {
      expect(problems(check(response('GET', BASE, 200, { items: [CONNECTION, { ...CONNECTION, password: 'x', ssl: { mode: 'require', key: 'k' } }] })))).toEqual([
        "[document] body/items/1 must NOT have additional properties 'password'",
        "[document] body/items/1/ssl must NOT have additional properties 'key'",
      ]);
    });

    it('a wrong type, a bad format and a value outside the enum are violations with the value', () => {
      expect(problems(check(response('GET', `${BASE}/${ID}`, 200, { ...CONNECTION, port: '5432', id: 'abc', type: 'DB2' }, { etag: '"v1"' })))).toEqual([
        '[document] body/id must match format "uuid" (got "abc")',
        '[document] body/type must be equal to one of the allowed values ["POSTGRESQL","MYSQL"] (got "DB2")',
        '[document] body/port must be integer (got "5432")',
        '[seed ConnectionResponse] body/id must match format "uuid" (got "abc")',
        '[seed ConnectionResponse] body/type must be equal to one of the allowed values ["ORACLE","SQL_SERVER","POSTGRESQL","MONGODB","MYSQL"] (got "DB2")',
        '[seed ConnectionResponse] body/port must be integer (got "5432")',
      ]);
    });

    it('a missing declared header is a violation; a declared header is validated (integers from text)', () => {
      expect(problems(check(response('GET', `${BASE}/${ID}`, 200, CONNECTION)))).toEqual(['[document] header ETag is missing (declared required)']);
      expect(problems(check(response('GET', `${BASE}/${ID}`, 200, CONNECTION, { etag: 'W/v1' })))).toEqual([
        '[document] header ETag: W/v1 must match pattern "^"[^"]+"$"',
      ]);
      const limited = (retryAfter: string) => check(response('POST', `${BASE}/${ID}/test`, 429, FET_404, { 'retry-after': retryAfter }));
      expect(limited('12')).toEqual([]);
      expect(problems(limited('soon'))).toEqual(['[document] header Retry-After: soon must be integer']);
    });

    it('an undocumented status is a violation, and its error body still meets the seed', () => {
      expect(check(response('GET', `${BASE}/${ID}`, 431, { code: 'FET-0417' }))).toEqual([
        expect.objectContaining({ operation: `GET ${BASE}/{id}`, status: 431, source: 'document', problem: 'status 431 is not documented (documented: 200, 404)' }),
        expect.objectContaining({ source: 'seed Error', problem: "body must have required property 'title' ('title')" }),
        expect.objectContaining({ source: 'seed Error', problem: "body must have required property 'message' ('message')" }),
      ]);
    });

    it('a status from components.responses is followed; a 204 has no body; a missing or non-JSON body is a violation', () => {
      expect(check(response('GET', `${BASE}/${ID}`, 404, FET_404))).toEqual([]);
      expect(check(response('DELETE', `${BASE}/${ID}`, 204))).toEqual([]);
      expect(problems(check(response('DELETE', `${BASE}/${ID}`, 204, 'oops')))).toEqual(['[document] a body of 4 bytes where the document declares none']);
      expect(problems(check(response('POST', BASE, 400)))).toEqual(['[document] no body where the document declares application/json']);
      expect(problems(check(response('POST', BASE, 400, '<html>', { 'content-type': 'text/html' })))).toEqual([
        '[document] Content-Type text/html is not documented (application/json)',
      ]);
    });

    it('HEAD is checked as GET for status and headers only', () => {
      expect(check(response('HEAD', `${BASE}/${ID}`, 200, undefined, { etag: '"v1"' }))).toEqual([]);
      expect(problems(check(response('HEAD', `${BASE}/${ID}`, 200)))).toEqual(['[document] header ETag is missing (declared required)']);
    });

    it('a literal path wins over a template that also matches', () => {
      expect(check(response('GET', `${BASE}/unassigned`, 200, { total: 0 }))).toEqual([]);
    });

    it('create and get bodies also meet the seed ConnectionResponse', () => {
      expect(problems(check(response('POST', BASE, 201, { ...CONNECTION, createdAt: 'yesterday' }, { etag: '"v1"' })))).toEqual([
        '[document] body/createdAt must match format "date-time" (got "yesterday")',
        '[seed ConnectionResponse] body/createdAt must match format "date-time" (got "yesterday")',
      ]);
    });
  });

  describe('outside the operations', () => {
    it('a known path with another method must be a 405 with the declared headers and an Error body', () => {
      const fet405 = { code: 'FET-0006', title: 'Method Not Allowed', message: 'No.' };
      expect(check(response('PUT', `${BASE}/${ID}`, 405, fet405, { allow: 'DELETE, GET' }))).toEqual([]);
      expect(problems(check(response('PUT', `${BASE}/${ID}`, 404, fet405)))).toEqual([
        '[document] answered 404 where the document has no PUT (expected 405)',
        '[document] header Allow is missing (declared required)',
      ]);
      expect(problems(check(response('PUT', `${BASE}/${ID}`, 405, { message: 'no' }, { allow: 'GET' })))).toEqual([
        '[document] Allow: GET differs from the document\'s methods of this path (DELETE, GET)',
        "[document] body must have required property 'code' ('code')",
        "[document] body must have required property 'title' ('title')",
        "[seed Error] body must have required property 'code' ('code')",
        "[seed Error] body must have required property 'title' ('title')",
      ]);
    });

    it("a path's own x-method-not-allowed response wins over components.responses.MethodNotAllowed", () => {
      const fet405 = { code: 'FET-0006', title: 'Method Not Allowed', message: 'No.' };
      expect(check(response('GET', `${BASE}/${ID}/test`, 405, fet405, { allow: 'POST', 'x-request-id': 'r1' }))).toEqual([]);
      expect(problems(check(response('GET', `${BASE}/${ID}/test`, 405, fet405, { allow: 'POST' })))).toEqual([
        '[document] header X-Request-Id is missing (declared required)',
      ]);
    });

    it('a HEAD 405 has no body; a path that is not valid percent-encoding may be a 400 FET error instead', () => {
      expect(check(response('HEAD', `${BASE}/${ID}/test`, 405, undefined, { allow: 'POST', 'x-request-id': 'r1' }))).toEqual([]);
      const malformed = `${BASE}/%E0%A4%A`;
      expect(check(response('PUT', malformed, 400, { code: 'FET-0001', title: 'Bad Request', message: 'No.' }))).toEqual([]);
      expect(problems(check(response('PUT', malformed, 400, { error: 'bad' })))).toEqual([
        "[seed Error] body must have required property 'code' ('code')",
        "[seed Error] body must have required property 'title' ('title')",
        "[seed Error] body must have required property 'message' ('message')",
        // The document's own Error schema (components.schemas.Error), closed.
        "[document] body must have required property 'code' ('code')",
        "[document] body must have required property 'title' ('title')",
        "[document] body must have required property 'message' ('message')",
        "[document] body must NOT have additional properties 'error'",
      ]);
      expect(problems(check(response('PUT', `${BASE}/${ID}`, 400, { code: 'FET-0001', title: 'Bad Request', message: 'No.' })))).toEqual([
        '[document] answered 400 where the document has no PUT (expected 405)',
        '[document] header Allow is missing (declared required)',
      ]);
    });

    it('an unknown path must answer a FET error body', () => {
      expect(check(response('GET', '/v2/nothing', 404, { code: 'FET-0005', title: 'Not Found', message: 'No route.' }))).toEqual([]);
      expect(problems(check(response('GET', '/v2/nothing', 404, { code: 'E404', title: 'Not Found', message: 'No route.' })))).toEqual([
        '[seed Error] body/code must match pattern "^FET-\\d{4}$" (got "E404")',
      ]);
      expect(problems(check(response('GET', '/v2/nothing', 404, 'Cannot GET /v2/nothing', { 'content-type': 'text/html' })))).toEqual([
        '[seed Error] body is not JSON (Content-Type text/html)',
      ]);
    });

    it('health, metrics and docs are not part of the document and are never a violation', () => {
      for (const url of ['/health/live', '/health/ready?x', '/metrics', '/docs', '/docs-json', '/docs/swagger-ui.css']) {
        expect(check(response('GET', url, 200, 'anything', { 'content-type': 'text/plain' }))).toEqual([]);
      }
    });

    it('a request the parser refused before a request line must answer a FET error', () => {
      expect(problems(check({ status: 408, headers: {}, body: Buffer.from('') }))).toEqual(['[seed Error] no body where an error body is expected']);
    });
  });

  describe('the masking oracle of the history (history-secrets.ts)', () => {
    const OTHER = '01890000-0000-7000-8000-000000000def';
    const SECRET = 'Sup3r-secret-text';
    const withBody = (captured: CapturedResponse, requestBody: unknown): CapturedResponse => ({ ...captured, requestBody });
    const trail = (id: string, ...values: unknown[]) =>
      response('GET', `${BASE}/${id}/history?limit=100`, 200, {
        items: values.map((value) => ({ action: 'updated', changes: { userName: { from: null, to: value } } })),
        page: 1,
        limit: 100,
        total: values.length,
      });
    const seen = (oracle: HistorySecrets, captured: CapturedResponse) => oracle.observe(captured).map((violation) => `[${violation.source}] ${violation.problem}`);

    it('a secret sent for a connection in a stored create or PATCH is a violation in its history, anywhere in a string', () => {
      const oracle = new HistorySecrets();
      expect(oracle.observe(withBody(response('POST', BASE, 201, CONNECTION), { ...CONNECTION, password: SECRET }))).toEqual([]);
      expect(seen(oracle, trail(ID, 'reader'))).toEqual([]);
      expect(seen(oracle, trail(ID, `x${SECRET}y`))).toEqual(['[history secrets] the history answer holds a secret sent for this connection (in 1 of its strings)']);
      oracle.observe(withBody(response('PATCH', `${BASE}/${OTHER}`, 200, CONNECTION), { ssl: { mode: 'require', key: 'another-secret-key' } }));
      expect(seen(oracle, trail(OTHER.toUpperCase(), 'another-secret-key'))).toHaveLength(1);
    });

    it('not a violation: another connection’s history, a refused request’s secret, a short one, one also sent as a shown value', () => {
      const oracle = new HistorySecrets();
      oracle.observe(withBody(response('POST', BASE, 201, CONNECTION), { password: SECRET }));
      oracle.observe(withBody(response('PATCH', `${BASE}/${OTHER}`, 400, FET_404), { password: 'refused-secret' }));
      oracle.observe(withBody(response('PATCH', `${BASE}/${OTHER}`, 200, CONNECTION), { password: 'short' }));
      expect(seen(oracle, trail(OTHER, SECRET, 'refused-secret', 'short'))).toEqual([]);
      oracle.observe(withBody(response('PATCH', `${BASE}/${ID}`, 200, CONNECTION), { userName: ` ${SECRET} ` }));
      expect(seen(oracle, trail(ID, SECRET))).toEqual([]);
    });

    it('a clone’s history is checked for its source’s secrets; an import’s for the password in its URI', () => {
      const oracle = new HistorySecrets();
      oracle.observe(withBody(response('POST', BASE, 201, CONNECTION), { password: SECRET }));
      oracle.observe(withBody(response('POST', `${BASE}/${ID}/clone`, 201, { ...CONNECTION, id: OTHER }), { configName: 'copy' }));
      expect(seen(oracle, trail(OTHER, SECRET))).toHaveLength(1);
      const imported = '01890000-0000-7000-8000-000000000111';
      oracle.observe(withBody(response('POST', `${BASE}/import`, 201, { ...CONNECTION, id: imported }), { uri: 'postgres://u:p%40ss-in-a-uri@h/db' }));
      expect(seen(oracle, trail(imported, 'p@ss-in-a-uri'))).toHaveLength(1);
    });

    it('a sealed value or a PEM block in any history answer is a violation', () => {
      const oracle = new HistorySecrets();
      expect(seen(oracle, trail(OTHER, 'v1:k1:bm9uY2U=:c2VhbGVk', '-----BEGIN PRIVATE KEY-----'))).toEqual([
        '[history secrets] the history answer holds a sealed value',
        '[history secrets] the history answer holds a PEM block',
      ]);
    });
  });

  describe('capture on a server and enforcement', () => {
    let server: Server;
    let port: number;
    // These cases need the check on and failing, whatever RESPONSE_CONTRACT the run has.
    const mode = process.env.RESPONSE_CONTRACT;
    let stopWatching: () => void = () => undefined;
    beforeAll(() => {
      process.env.RESPONSE_CONTRACT = 'enforce';
      const stop = watchAllServers();
      if (mode === 'off') stopWatching = stop;
    });
    afterAll(() => {
      stopWatching();
      if (mode === undefined) delete process.env.RESPONSE_CONTRACT;
      else process.env.RESPONSE_CONTRACT = mode;
    });
    beforeAll(async () => {
      server = createServer((request, response) => {
        // Status and headers through writeHead, the body in two writes: what the wire had is checked.
        const text = JSON.stringify({ ...CONNECTION, updatedAt: CONNECTION.createdAt, undocumentedField: request.method });
        response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' });
        response.write(text.slice(0, 20));
        response.end(text.slice(20));
      });
      server.on('clientError', (_error, socket) => {
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"oops":true}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const sendRaw = (raw: string) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(raw));
        socket.on('data', () => undefined);
        socket.on('error', reject);
        socket.on('close', () => resolve());
      });

    it('a server of the process is checked against the committed document, and settling fails with method, path, status and the ajv error', async () => {
      // Our own server: attached the way the jest setup attaches any server of a test process.
      const recorder = attachResponseContract(server, 'the capture test server');
      await fetch(`http://127.0.0.1:${port}${BASE}/${ID}?from=fetch`);
      await sendRaw(`GET ${BASE}/${ID} HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`);
      expect(() => settleResponseContract(recorder)).toThrow(
        new RegExp(
          [
            `GET ${BASE}/\\{id\\} → 200 \\[document\\] body must NOT have additional properties 'undocumentedField'`,
            `e\\.g\\. GET ${BASE}/${ID}\\?from=fetch`,
            `GET ${BASE}/\\{id\\} → 400 \\[seed Error\\] body must have required property 'code'`,
          ].join('[\\s\\S]*'),
        ),
      );
      expect(() => settleResponseContract(recorder)).not.toThrow();
    });

    /** A server of the test answering 599 to one request on the list path. */
    const answer599 = async (exclude: boolean) => {
      const own = createServer((_request, response) => {
        response.writeHead(599, { 'Content-Type': 'application/json' });
        response.end('{}');
      });
      if (exclude) excludeFromResponseContract(own);
      await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
      try {
        await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}${BASE}`);
      } finally {
        await new Promise<void>((resolve) => own.close(() => resolve()));
      }
    };

    it('a server excluded as another system (an identity provider stand-in) is not checked', async () => {
      await answer599(true);
      expect(() => settleAllResponseContracts()).not.toThrow();
    });

    it('a server nobody attached, whose violations nobody settled, fails the file in the last afterAll', async () => {
      await answer599(false);
      // What the jest setup's afterAll runs: here by hand, so this file stays green.
      expect(() => settleAllResponseContracts()).toThrow(
        /an HTTP server the suite started itself, found at the end of the test file[\s\S]*GET \/v1\/management\/connections → 599 \[document\] status 599 is not documented/,
      );
    });
  });
});
