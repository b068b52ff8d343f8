import { readFileSync } from 'node:fs';
import { FET_ERROR_CATALOG } from '../src/common/errors/fet-error-catalog';
import { FetErrorCode } from '../src/common/errors/fet-error-code';
import { OPENAPI_FILE, stableJson } from '../scripts/openapi-export';
import { describeEachStore } from './support/store-rows';
import { StoreKind, TestApp, createTestApp } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

interface Operation {
  responses: Record<
    string,
    {
      headers?: Record<string, unknown>;
      content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
    }
  >;
}
type Paths = Record<string, Record<string, Operation>>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(paths: Paths): Array<[string, Operation]> {
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** FET code → the HTTP status it is documented under, for one operation. */
function documentedCodes(op: Operation): Map<string, number> {
  const codes = new Map<string, number>();
  for (const [status, response] of Object.entries(op.responses)) {
    for (const code of Object.keys(response.content?.['application/json']?.examples ?? {})) {
      if (/^FET-\d{4}$/.test(code)) codes.set(code, Number(status));
    }
  }
  return codes;
}

describeEachStore('OpenAPI document', (store: StoreKind) => {
  let t: TestApp;
  let paths: Paths;
  let live: unknown;
  beforeAll(async () => {
    t = await createTestApp({ store });
    live = (await t.http.get('/docs-json').expect(200)).body;
    paths = (live as { paths: Paths }).paths;
  });
  afterAll(() => t.close());

  it('every route lists the FET codes it can answer with, under their catalog status and with their catalog text', () => {
    const ops = operations(paths);
    expect(ops.length).toBeGreaterThanOrEqual(7);
    for (const [name, op] of ops) {
      const codes = documentedCodes(op);
      expect({ name, has0002: codes.has('FET-0002'), has0003: codes.has('FET-0003') }).toEqual({
        name,
        has0002: true,
        has0003: true,
      });
      for (const [code, status] of codes) {
        const entry = FET_ERROR_CATALOG[code as FetErrorCode];
        expect({ name, code, status }).toEqual({ name, code, status: entry.status });
        const example =
          op.responses[String(status)].content?.['application/json']?.examples?.[code]?.value;
        expect(example).toEqual({
          code,
          title: entry.title,
          message: entry.message,
          ...(code === 'FET-1060' ? { errors: expect.any(Array) } : {}),
        });
      }
      if (name.includes('{id}')) {
        expect({ name, codes: [...codes.keys()] }).toEqual({
          name,
          codes: expect.arrayContaining(['FET-0404', 'FET-1001']),
        });
      }
    }
  });

  it('create, import, update and list document every error their rules can give', () => {
    const body = [
      'FET-0001',
      'FET-0400',
      'FET-0402',
      'FET-0410',
      'FET-0411',
      'FET-0412',
      'FET-0413',
      'FET-0414',
      'FET-0415',
      'FET-1002',
    ];
    expect([...documentedCodes(paths['/v1/management/connections'].post).keys()]).toEqual(
      expect.arrayContaining([...body, 'FET-0403']),
    );
    expect([...documentedCodes(paths['/v1/management/connections/{id}'].patch).keys()]).toEqual(
      expect.arrayContaining([...body, 'FET-0416', 'FET-1017']),
    );
    expect([...documentedCodes(paths['/v1/management/connections/{id}'].delete).keys()]).toEqual(
      expect.arrayContaining(['FET-1017']),
    );
    expect([...documentedCodes(paths['/v1/management/connections/import'].post).keys()]).toEqual(
      expect.arrayContaining([...body, 'FET-0403']),
    );
    expect([...documentedCodes(paths['/v1/management/connections'].get).keys()]).toEqual(
      expect.arrayContaining([
        'FET-0403',
        'FET-0405',
        'FET-0406',
        'FET-0407',
        'FET-0408',
        'FET-0409',
      ]),
    );
  });

  it('clone documents the errors of its body, of its source and of its name', () => {
    expect([
      ...documentedCodes(paths['/v1/management/connections/{id}/clone'].post).keys(),
    ]).toEqual(
      expect.arrayContaining([
        'FET-0001',
        'FET-0400',
        'FET-0402',
        'FET-0403',
        'FET-0404',
        'FET-0415',
        'FET-1001',
        'FET-1002',
      ]),
    );
  });

  it('declares the headers the service sends: X-Request-Id on every response, ETag on a connection, Retry-After on a 429, WWW-Authenticate on a 401 and a 403', () => {
    const withETag = [
      'POST /v1/management/connections',
      'POST /v1/management/connections/import',
      'GET /v1/management/connections/{id}',
      'PATCH /v1/management/connections/{id}',
      'POST /v1/management/connections/{id}/assign',
      'POST /v1/management/connections/{id}/clone',
    ];
    for (const [name, op] of operations(paths)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const headers = Object.keys(response.headers ?? {}).sort();
        const expected = [
          'X-Request-Id',
          ...(status === '429' ? ['Retry-After'] : []),
          ...(status === '401' || status === '403' ? ['WWW-Authenticate'] : []),
          ...(/^2/.test(status) && withETag.includes(name) ? ['ETag'] : []),
        ].sort();
        expect({ name, status, headers }).toEqual({ name, status, headers: expected });
      }
    }
  });

  it('PATCH documents the credential guard: its 400 shows FET-0402 naming password, the first body example moves nothing, the one that moves the port carries the password', () => {
    const patch = paths['/v1/management/connections/{id}'].patch as Operation & {
      description: string;
      requestBody: { content: Record<string, { examples: Record<string, { value: object }> }> };
    };
    expect(patch.description).toContain('Credential guard');
    const guard =
      patch.responses['400'].content?.['application/json']?.examples?.['FET-0402 credential guard']
        ?.value;
    expect(guard).toEqual({
      code: 'FET-0402',
      title: FET_ERROR_CATALOG[FetErrorCode.MissingFields].title,
      message: FET_ERROR_CATALOG[FetErrorCode.MissingFields].message,
      fields: { password: 'required when the destination changes' },
    });
    const examples = Object.values(patch.requestBody.content['application/json'].examples).map(
      (example) => example.value as Record<string, unknown>,
    );
    expect(examples[0]).not.toHaveProperty('port');
    expect(examples[0]).not.toHaveProperty('host');
    expect(examples[0]).not.toHaveProperty('password');
    expect(examples.find((example) => 'port' in example)).toHaveProperty('password');
  });

  it('the 422 of validate-schema documents and shows `errors` with a suggestion', () => {
    const response = paths['/v1/management/connections/validate-schema'].post.responses['422'];
    const example = response.content?.['application/json']?.examples?.['FET-1060']?.value as {
      errors: Array<{ suggestion?: string }>;
    };
    expect(example.errors.some((problem) => typeof problem.suggestion === 'string')).toBe(true);
    const schemas = (live as { components: { schemas: Record<string, { required?: string[] }> } })
      .components.schemas;
    expect(schemas.SchemaValidationError.required).toEqual(
      expect.arrayContaining(['code', 'title', 'message', 'errors']),
    );
  });

  it('every route documents its success response', () => {
    for (const [name, op] of operations(paths)) {
      expect({
        name,
        success: Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)),
      }).toEqual({ name, success: true });
    }
  });

  it('every route asks for the bearer token ("Authorize") and documents 401 FET-0041 and 403 FET-0042 naming its permission', () => {
    const schemes = (live as { components: { securitySchemes?: Record<string, unknown> } })
      .components.securitySchemes;
    expect(schemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    for (const [name, op] of operations(paths)) {
      const { security, responses } = op as Operation & {
        security?: unknown;
        responses: Record<string, { description?: string }>;
      };
      const codes = documentedCodes(op);
      expect({
        name,
        security,
        unauthorized: codes.get('FET-0041'),
        forbidden: codes.get('FET-0042'),
      }).toEqual({
        name,
        security: [{ bearer: [] }],
        unauthorized: 401,
        forbidden: 403,
      });
      expect({ name, why: responses['403'].description }).toEqual({
        name,
        why: expect.stringMatching(/`connections:(read|write|test)`/),
      });
    }
  });

  it('leaves out health and metrics', () => {
    expect(Object.keys(paths).filter((path) => /health|metrics/.test(path))).toEqual([]);
  });

  it('/docs serves the Swagger UI', async () => {
    const res = await t.http.get('/docs').redirects(2).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui');
  });
});

// The document does not depend on the store: its drift from the committed file is checked once.
describe('OpenAPI document drift (SQLite store)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store: 'sqlite' });
  });
  afterAll(() => t.close());

  it('the live /docs-json equals the committed openapi/connections-api.json', async () => {
    const live: unknown = (await t.http.get('/docs-json').expect(200)).body;
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    if (stableJson(live) !== committed) {
      throw new Error(
        'openapi/connections-api.json is out of date with the code: run `npm run openapi:export` and commit the result',
      );
    }
  });
});
