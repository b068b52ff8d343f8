import { expectFetError } from './support/fet-expect';
import { RawBodyClient, bodyWith, rawBodyClient } from './support/raw-bodies';
import { BASE, connectionBody } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';

/**
 * Bodies an adversarial run sent (issue 7): the keys that reach an object's prototype (`__proto__`,
 * `constructor`, `prototype`), at the top, in `ssl`, as `metadata` keys, and as data. Each must be
 * a plain FET error that changes nothing, and no object may be polluted.
 */

describe('prototype keys in request bodies', () => {
  let t: TestApp;
  let client: RawBodyClient;
  beforeAll(async () => {
    t = await createTestApp();
    client = await rawBodyClient(t);
  });
  afterAll(() => t.close());

  describe('prototype keys', () => {
    afterEach(() => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it.each([
      ['__proto__ object at the top', '"__proto__":{"polluted":1}', '__proto__'],
      ['__proto__ null at the top', '"__proto__":null', '__proto__'],
      ['__proto__ array at the top', '"__proto__":["polluted"]', '__proto__'],
      ['constructor at the top', '"constructor":{"prototype":{"polluted":1}}', 'constructor'],
      ['prototype at the top', '"prototype":{"polluted":1}', 'prototype'],
    ])('create with %s → FET-0400 naming it', async (_name, member, field) => {
      const before = await client.count();
      const text = JSON.stringify(connectionBody()).replace(/^\{/, `{${member},`);
      expectFetError(await client.post(BASE, text), 'FET-0400', [field]);
      expect(await client.count()).toBe(before);
    });

    it.each([
      ['__proto__', '{"mode":"require","__proto__":{"polluted":1}}', 'ssl.__proto__'],
      ['constructor', '{"mode":"require","constructor":{"polluted":1}}', 'ssl.constructor'],
      ['prototype', '{"mode":"require","prototype":null}', 'ssl.prototype'],
    ])('create with %s inside ssl → FET-0400', async (_name, ssl, field) => {
      expectFetError(await client.post(BASE, bodyWith('ssl', ssl)), 'FET-0400', [field]);
    });

    it.each([
      ['__proto__', '{"team":"a","__proto__":{"polluted":"1"}}', 'metadata.__proto__'],
      ['constructor', '{"constructor":"x"}', 'metadata.constructor'],
      ['prototype', '{"prototype":"x"}', 'metadata.prototype'],
    ])('metadata key %s → FET-0400', async (_name, metadata, field) => {
      expectFetError(await client.post(BASE, bodyWith('metadata', metadata)), 'FET-0400', [field]);
    });

    it('lists a prototype key together with the other unexpected fields', async () => {
      const text = JSON.stringify(connectionBody({ extra: 1 })).replace(
        /^\{/,
        '{"__proto__":{"polluted":1},',
      );
      expectFetError(await client.post(BASE, text), 'FET-0400', ['__proto__', 'extra']);
    });

    it('PATCH with __proto__ → FET-0400 and the connection is unchanged', async () => {
      const before = (await t.http.get(`${BASE}/${client.existingId}`).expect(200)).body as unknown;
      expectFetError(await client.patch('{"__proto__":{"port":1},"port":6543}'), 'FET-0400', [
        '__proto__',
      ]);
      expectFetError(await client.patch('{"metadata":{"__proto__":"x"}}'), 'FET-0400', [
        'metadata.__proto__',
      ]);
      expect((await t.http.get(`${BASE}/${client.existingId}`).expect(200)).body).toEqual(before);
    });

    it('validate-schema: __proto__ at the top is an unexpected field', async () => {
      expectFetError(
        await client.post(`${BASE}/validate-schema`, '{"__proto__":{},"mappedFields":{"a":{"t":["f"]}}}'),
        'FET-0400',
        ['__proto__'],
      );
    });

    it('validate-schema: prototype keys as configNames and tables are ordinary names', async () => {
      const named = await client.post(
        BASE,
        JSON.stringify(connectionBody({ configName: 'constructor', host: '127.0.0.1', port: 1 })),
      );
      expect(named.status).toBe(201);
      const res = await client.post(
        `${BASE}/validate-schema`,
        '{"mappedFields":{"__proto__":{"t":["f"]},"constructor":{"prototype":["f"],"__proto__":["x"]},"prototype":{"t":["f"]}}}',
      );
      // `constructor` exists (its database cannot be reached); the other two are not connections.
      expect(res.status).toBe(422);
      const errors = (res.body as { errors: { type: string; dataSourceId: string }[] }).errors;
      expect(errors.map((e) => `${e.dataSourceId}:${e.type}`)).toEqual([
        '__proto__:DATA_SOURCE_NOT_FOUND',
        'constructor:DATA_SOURCE_DOWN',
        'prototype:DATA_SOURCE_NOT_FOUND',
      ]);
    });
  });
});
