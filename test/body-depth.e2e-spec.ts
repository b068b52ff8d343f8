import { expectFetError } from './support/fet-expect';
import { RawBodyClient, bodyWith, rawBodyClient } from './support/raw-bodies';
import { BASE } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';

/**
 * Bodies an adversarial run sent (issue 7): nesting deep enough to overflow a recursive walk, and
 * the keys that reach an object's prototype (prototype-keys.e2e-spec.ts). Each must be a plain FET error that changes nothing.
 */

/** `{"a":{"a":…1…}}` nested `depth` levels (or arrays), built as text: no recursion anywhere. */
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('deeply nested request bodies', () => {
  let t: TestApp;
  let client: RawBodyClient;
  beforeAll(async () => {
    t = await createTestApp();
    client = await rawBodyClient(t);
  });
  afterAll(() => t.close());

  describe('nesting deeper than 32 levels → 400 FET-0001 fields.body, before any field rule', () => {
    it.each([
      ['5,000 objects at the top', nestedObject(5000)],
      ['100,000 objects at the top', nestedObject(100_000)],
      ['100,000 arrays at the top', `{"a":${nestedArray(100_000)}}`],
      ['5,000 objects in metadata', bodyWith('metadata', nestedObject(5000))],
      ['5,000 objects in ssl', bodyWith('ssl', nestedObject(5000))],
      ['33 levels', nestedObject(33)],
    ])('create: %s', async (_name, text) => {
      const before = await client.count();
      expectFetError(await client.post(BASE, text), 'FET-0001', ['body']);
      expect(await client.count()).toBe(before);
    });

    it.each([
      ['5,000 objects at the top', nestedObject(5000)],
      ['5,000 objects in metadata', bodyWith('metadata', nestedObject(5000))],
    ])('PATCH: %s', async (_name, text) => {
      const before = (await t.http.get(`${BASE}/${client.existingId}`).expect(200)).body as unknown;
      expectFetError(await client.patch(text), 'FET-0001', ['body']);
      expect((await t.http.get(`${BASE}/${client.existingId}`).expect(200)).body).toEqual(before);
    });

    it('validate-schema: 5,000 levels in mappedFields', async () => {
      expectFetError(
        await client.post(`${BASE}/validate-schema`, `{"mappedFields":${nestedObject(5000)}}`),
        'FET-0001',
        ['body'],
      );
    });

    it('32 levels are still judged by the field rules (FET-0400 for an unknown field)', async () => {
      // The body itself is level 1: 31 more levels under "a" make 32.
      expectFetError(await client.post(BASE, nestedObject(31)), 'FET-0400', ['a']);
    });
  });
});
