import { Response } from 'supertest';
import { FET_ERROR_CATALOG } from '../../src/common/errors/fet-error-catalog';
import { FetErrorCode } from '../../src/common/errors/fet-error-code';

/**
 * Asserts an error response: the status of the code, a body that is exactly
 * `{ code, title, message, fields? }` with the catalog's title and message, and (when given)
 * exactly these `fields` keys. Returns the `fields` object for further checks.
 */
export function expectFetError(response: Response, code: string, fieldNames?: string[]): Record<string, string> {
  const entry = FET_ERROR_CATALOG[code as FetErrorCode];
  expect(entry).toBeDefined();
  const summary = `${response.status} ${JSON.stringify(response.body)}`;
  expect(summary).toMatch(new RegExp(`^${entry.status} `));
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.body as Record<string, unknown>;
  const allowed = ['code', 'title', 'message', 'fields'];
  expect(Object.keys(body).filter((key) => !allowed.includes(key))).toEqual([]);
  expect(body.code).toBe(code);
  expect(body.title).toBe(entry.title);
  expect(body.message).toBe(entry.message);
  const fields = (body.fields ?? {}) as Record<string, string>;
  if (body.fields !== undefined) {
    expect(Object.keys(fields).length).toBeGreaterThan(0);
    for (const why of Object.values(fields)) expect(typeof why).toBe('string');
  }
  if (fieldNames) expect(Object.keys(fields).sort()).toEqual([...fieldNames].sort());
  return fields;
}
