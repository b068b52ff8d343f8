import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { freePort } from './support/ports';
import { describeWithPostgres } from './support/real-servers';
import { BASE, localPostgresBody } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';

/** What the app handed the store's pg pool: a statement's text, and its name when it was a named one. */
interface Sent {
  text: string;
  name?: string;
}

/**
 * On the PostgreSQL store, the fixed texts every call of one connection runs (the lookup by id, and
 * a test's or a discovery's appended history event) are named prepared statements, parsed and
 * planned once per pooled connection; the texts built from a list's filters stay unnamed (a pooled
 * connection keeps every statement it prepared).
 */
describeWithPostgres('Named prepared statements on the PostgreSQL store', () => {
  let t: TestApp;
  let calls: jest.SpyInstance['mock']['calls'];
  /** The statements sent since the last `forget()` (the spy calls through to the pool). */
  const sent = (): Sent[] =>
    calls.map(([first]) => (typeof first === 'string' ? { text: first } : { ...(first as Sent) }));
  let forget: () => void;
  beforeAll(async () => {
    t = await createTestApp({ store: 'postgres' });
    const pool = (t.app.get(DataSource).driver as unknown as { master: Pool }).master;
    const spy = jest.spyOn(pool, 'query');
    calls = spy.mock.calls;
    forget = () => {
      spy.mockClear();
      calls = spy.mock.calls;
    };
  });
  afterAll(() => t.close());

  it('runs the lookup by id and the tested event as named statements, the list unnamed, with the same answers', async () => {
    const created = await t.http
      .post(BASE)
      .set('X-Product-Name', 'reports')
      .send(localPostgresBody(await freePort()))
      .expect(201);
    const id = String(created.body.id);
    forget();

    const got = await t.http.get(`${BASE}/${id}`).expect(200);
    expect(got.body).toEqual(created.body);
    const lookups = sent().filter((statement) => /\bWHERE\b.*"id" = \$1/.test(statement.text));
    expect(lookups).toHaveLength(1);
    expect(lookups[0].name).toMatch(/^cs_[0-9a-f]{40}$/);

    forget();
    const tested = await t.http.post(`${BASE}/${id}/test`).expect(200);
    expect(tested.body.error).toEqual({ reason: 'CONNECTION_REFUSED', stage: 'connect' });
    const inserts = sent().filter((statement) => statement.text.startsWith('INSERT INTO'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0].name).toMatch(/^cs_[0-9a-f]{40}$/);
    const history = await t.http.get(`${BASE}/${id}/history`).expect(200);
    expect(history.body.items[0]).toMatchObject({
      action: 'tested',
      outcome: { status: 'failure', reason: 'CONNECTION_REFUSED' },
    });

    forget();
    await t.http.get(BASE).set('X-Product-Name', 'reports').query({ limit: 5 }).expect(200);
    expect(sent().length).toBeGreaterThan(0);
    for (const statement of sent()) expect(statement.name).toBeUndefined();
  });

  it("looks up validate-schema's data sources with one named statement, whatever their number", async () => {
    const validate = (names: string[]) =>
      t.http
        .post(`${BASE}/validate-schema`)
        .set('X-Product-Name', 'reports')
        .send({ mappedFields: Object.fromEntries(names.map((name) => [name, { orders: ['id'] }])) })
        .expect(400);
    forget();
    await validate(['nothing_1']);
    await validate(['nothing_1', 'NOTHING_2', 'nothing_3']);
    const lookups = sent().filter((statement) => statement.text.includes('"config_name_key" = ANY('));
    expect(lookups).toHaveLength(2);
    expect(lookups[0].name).toMatch(/^cs_[0-9a-f]{40}$/);
    expect([lookups[1].name, lookups[1].text]).toEqual([lookups[0].name, lookups[0].text]);
  });
});
