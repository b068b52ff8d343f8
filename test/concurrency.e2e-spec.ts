import { expectFetError } from './support/fet-expect';
import { BASE, BODY_PASSWORD, connectionBody, describeEachStore } from './support/store-rows';
import { StoreKind, TestApp, createTestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PARALLEL = 20;

describeEachStore('parallel creates of one configName', (store: StoreKind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store });
  });
  afterAll(() => t.close());

  const race = (names: string[]) =>
    Promise.all(names.map((configName) => t.http.post(BASE).set('X-Product-Name', 'race').send(connectionBody({ configName }))));

  it(`${PARALLEL} at once → exactly one 201 and ${PARALLEL - 1} × 409 FET-1002`, async () => {
    const responses = await race(Array.from({ length: PARALLEL }, () => 'race-db'));
    const created = responses.filter((res) => res.status === 201);
    expect(responses.map((res) => res.status).sort()).toEqual([201, ...Array<number>(PARALLEL - 1).fill(409)]);
    expectNoSecrets(created[0].body, [BODY_PASSWORD]);
    for (const res of responses.filter((r) => r.status !== 201)) expectFetError(res, 'FET-1002');
    const listed = await t.http.get(`${BASE}?configName=race-db&limit=100`).expect(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0].id).toBe(created[0].body.id);
  });

  it('names that differ only in case race as one name', async () => {
    const names = Array.from({ length: PARALLEL }, (_v, i) => (i % 2 ? 'CASE-RACE' : 'case-race'));
    const responses = await race(names);
    expect(responses.filter((res) => res.status === 201)).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 201)) expectFetError(res, 'FET-1002');
  });
});
