import { connectionBody } from './support/store-rows';
import { createTestApp, TestApp } from './support/test-app';

const body = (host: string) => connectionBody({ host, password: 'hp-secret-1' });

const create = (t: TestApp, host: string) =>
  t.http.post('/v1/management/connections').set('X-Product-Name', 'reports').send(body(host));

/** The refusal names neither the host (in any spelling) nor a range. */
function expectForbiddenHost(
  response: { status: number; body: unknown; text: string },
  host: string,
): void {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ code: 'FET-0414', title: 'Forbidden Host' });
  for (const fragment of [
    host,
    '169.254',
    'a9fe',
    '0xa9',
    '127.0',
    '10.1.2.3',
    '/8',
    '/16',
    'hp-secret-1',
  ]) {
    expect(response.text).not.toContain(fragment);
  }
}

describe('host policy on create and update (HOST_POLICY=default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    '169.254.169.254',
    '0xa9.0xfe.0xa9.0xfe',
    '::ffff:169.254.169.254',
    '2852039166',
    'fd00:ec2::254',
    'metadata.google.internal',
  ])(
    'refuses to create a connection to the metadata address %s with 400 FET-0414',
    async (host) => {
      const response = await create(t, host);
      expectForbiddenHost(response, host);
    },
  );

  it('refuses to move an existing connection onto a forbidden address', async () => {
    const created = await create(t, '127.0.0.1').expect(201);
    const response = await t.http
      .patch(`/v1/management/connections/${created.body.id}`)
      .send({ host: '0251.0376.0251.0376' });
    expectForbiddenHost(response, '0251.0376.0251.0376');
    const read = await t.http.get(`/v1/management/connections/${created.body.id}`).expect(200);
    expect(read.body.host).toBe('127.0.0.1');
  });

  it('accepts loopback and private addresses, which only strict mode blocks', async () => {
    for (const host of ['127.0.0.1', '10.1.2.3']) {
      await create(t, host).expect(201);
    }
  });

  it('accepts a bracketed IPv6 literal, as pasted from a URL, and stores it without brackets', async () => {
    const created = await create(t, ' [::1] ').expect(201);
    expect(created.body.host).toBe('::1');
    // A new host needs the password again (the credential guard, spec §3.4) …
    const patched = await t.http
      .patch(`/v1/management/connections/${created.body.id}`)
      .send({ host: '[2001:db8::5]', password: 'N3w-pa55word' })
      .expect(200);
    expect(patched.body.host).toBe('2001:db8::5');
    // … the same one written with brackets and in upper case is compared as stored: no change, none needed.
    const same = await t.http
      .patch(`/v1/management/connections/${created.body.id}`)
      .send({ host: '[2001:DB8::5]' })
      .expect(200);
    expect(same.body.host).toBe('2001:DB8::5');
    const listed = await t.http.get('/v1/management/connections?host=[2001:DB8::5]').expect(200);
    expect((listed.body as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([created.body.id]);
  });

  it('applies the policy to a bracketed literal like to any other spelling', async () => {
    expectForbiddenHost(await create(t, '[::ffff:169.254.169.254]'), '[::ffff:169.254.169.254]');
    expectForbiddenHost(await create(t, '[fe80::1]'), '[fe80::1]');
  });

  it.each(['[127.0.0.1]', '[::1', '::1]', '[db.example.com]', '[]', '[[::1]]', '[::1]:5432'])(
    'refuses the malformed bracketed host %s with 400 FET-0001',
    async (host) => {
      const response = await create(t, host);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'FET-0001', fields: { host: expect.any(String) } });
    },
  );
});

describe('host policy on create (HOST_POLICY=strict)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { HOST_POLICY: 'strict', HOST_ALLOW_CIDRS: '10.20.0.0/16' } });
  });
  afterAll(() => t.close());

  it.each(['127.0.0.1', '10.1.2.3', '127.1', '::ffff:7f00:1', '192.168.0.10', '[::1]', '[fd12::1]'])(
    'refuses %s with 400 FET-0414',
    async (host) => {
      const response = await create(t, host);
      expectForbiddenHost(response, host);
    },
  );

  it('accepts a private address that HOST_ALLOW_CIDRS opens, and public names', async () => {
    for (const host of ['10.20.3.4', 'db.example.com']) {
      await create(t, host).expect(201);
    }
  });
});
