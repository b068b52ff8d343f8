import { BASE, connectionBody } from './store-rows';
import { TestApp } from './test-app';

/** A create body as JSON text whose `field` holds `raw` JSON text (keys JSON.parse keeps as own keys). */
export function bodyWith(field: string, raw: string): string {
  const text = JSON.stringify(connectionBody({ [field]: '@' }));
  return text.replace('"@"', raw);
}

/** Sends bodies as exact JSON text against one app with one stored connection to PATCH. */
export interface RawBodyClient {
  existingId: string;
  /** Live connections in the store. */
  count(): Promise<number>;
  post(path: string, text: string): ReturnType<TestApp['http']['post']>;
  patch(text: string): ReturnType<TestApp['http']['patch']>;
}

export async function rawBodyClient(t: TestApp): Promise<RawBodyClient> {
  const created = await t.http.post(BASE).set('X-Product-Name', 'reports').send(connectionBody()).expect(201);
  const existingId = (created.body as { id: string }).id;
  return {
    existingId,
    count: async () => ((await t.http.get(BASE).expect(200)).body as { total: number }).total,
    post: (path, text) => t.http.post(path).set('X-Product-Name', 'reports').set('Content-Type', 'application/json').send(text),
    patch: (text) => t.http.patch(`${BASE}/${existingId}`).set('Content-Type', 'application/json').send(text),
  };
}
