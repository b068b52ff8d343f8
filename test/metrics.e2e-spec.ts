import { BASE, BODY_PASSWORD, connectionBody, describeEachStore } from './support/store-rows';
import { StoreKind, TestApp, createTestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

/** Count of the duration histogram for one label set, read from the exposition text. */
function requestCount(text: string, labels: { method: string; route: string; status: number }): number {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('http_request_duration_seconds_count{') &&
        l.includes(`method="${labels.method}"`) &&
        l.includes(`route="${labels.route}"`) &&
        l.includes(`status_code="${labels.status}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describeEachStore('GET /metrics', (store: StoreKind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store });
  });
  afterAll(() => t.close());

  it('serves Prometheus text with the default process metrics', async () => {
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;/);
    expect(res.headers['content-type']).toContain('version=0.0.4');
    expect(res.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
    expect(res.text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    // Sampled every EVENT_LOOP_SAMPLE_MS instead of prom-client's 10 ms: still reported.
    expect(res.text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(res.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(res.text).toMatch(/^log_lines_dropped_total 0$/m);
  });

  it('counts requests by method, route pattern (never the raw id) and status', async () => {
    const created = await t.http.post(BASE).set('X-Product-Name', 'metrics').send(connectionBody()).expect(201);
    expectNoSecrets(created.body, [BODY_PASSWORD]);
    const id = String(created.body.id);
    for (let i = 0; i < 3; i++) expectNoSecrets((await t.http.get(`${BASE}/${id}`).expect(200)).body, [BODY_PASSWORD]);
    await t.http.get(`${BASE}/01890000-0000-7000-8000-0000000000ff`).expect(404);
    await t.http.post(BASE).set('X-Product-Name', 'metrics').send({}).expect(400);
    await t.http.get('/no/such/route').expect(404);

    const text = (await t.http.get('/metrics').expect(200)).text;
    const byId = '/v1/management/connections/:id';
    expect(requestCount(text, { method: 'GET', route: byId, status: 200 })).toBe(3);
    expect(requestCount(text, { method: 'GET', route: byId, status: 404 })).toBe(1);
    expect(requestCount(text, { method: 'POST', route: '/v1/management/connections', status: 201 })).toBe(1);
    expect(requestCount(text, { method: 'POST', route: '/v1/management/connections', status: 400 })).toBe(1);
    expect(requestCount(text, { method: 'GET', route: 'unmatched', status: 404 })).toBe(1);
    expect(text).not.toContain(id);
    expect(text).not.toContain('/no/such/route');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*le="0.005"/);
  });

  it('is not part of the OpenAPI document', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths as object)).not.toContain('/metrics');
  });
});
