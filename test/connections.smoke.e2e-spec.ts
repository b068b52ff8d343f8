import { createTestApp, expectNoSecrets, TestApp } from './support/test-app';

describe('connections (SQLite store): smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates and reads back a connection without its password', async () => {
    const created = await t.http
      .post('/v1/management/connections')
      .set('X-Product-Name', 'Reports')
      .send({ configName: 'smoke-db', type: 'POSTGRESQL', host: 'db.example.com', port: 5432, databaseName: 'app', userName: 'u', password: 'pa55-smoke' })
      .expect(201);
    expect(created.body.productName).toBe('reports');
    expectNoSecrets(created.body, ['pa55-smoke']);
    const read = await t.http.get(`/v1/management/connections/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toBe(created.headers.etag);
  });
});
