import { randomBytes } from 'node:crypto';
import { expectFetError } from './support/fet-expect';
import { ServiceProcess, bootToExit, startService } from './support/service-process';
import { BASE, connectionBody } from './support/store-rows';
import { TestIssuer, unsignedToken } from './support/token-issuer';

// The real service as a process (src/main.ts): what operators see at boot and in the logs.
jest.setTimeout(90_000);

const keyring = () => {
  const key = randomBytes(32).toString('base64');
  return { ENCRYPTION_KEYS: `auth:${key}`, ENCRYPTION_ACTIVE_KEY_ID: 'auth' };
};

describe('AUTH_ENABLED=true without a key source (src/main.ts as a process)', () => {
  it('boot fails: exit code 1 and one line on stderr saying what is missing, nothing else', async () => {
    const { code, stdout, stderr } = await bootToExit({
      AUTH_ENABLED: 'true',
      LOG_LEVEL: 'info',
      ...keyring(),
    });
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Invalid configuration: AUTH_ENABLED=true needs AUTH_JWKS_URL or AUTH_JWT_SECRET\n',
    });
  });

  it('every problem of the environment on that one line', async () => {
    const { code, stderr } = await bootToExit({
      AUTH_ENABLED: 'true',
      AUTH_JWKS_URL: 'ftp://issuer.example/jwks',
      AUTH_JWT_SECRET: 'too-short',
      ...keyring(),
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Invalid configuration: AUTH_JWKS_URL must be an http:// or https:// URL; AUTH_JWT_SECRET must be at least 32 bytes\n',
    );
  });
});

describe('logs never carry a token (authentication on, src/main.ts as a process)', () => {
  let issuer: TestIssuer;
  let service: ServiceProcess;
  let lines: string[];
  const sent: string[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    issuer.mode = 'fail';
    service = await startService('auth', { ...issuer.env(), LOG_LEVEL: 'trace', ...keyring() });
    await service.ready();
    try {
      await exercise();
    } finally {
      await service.stop();
    }
    lines = service
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
  });
  afterAll(async () => {
    await service?.stop();
    await issuer?.close();
  });

  const remember = (token: string) => {
    sent.push(token);
    return token;
  };

  async function exercise(): Promise<void> {
    const { http } = service;
    const token = remember(await issuer.token('acme'));
    const auth = { Authorization: `Bearer ${token}` };
    // The key set cannot be fetched: 503, logged as a warning with the request's URL.
    expectFetError(
      await http.get(`${BASE}?access_token=${token}`).set(auth).set('X-Request-Id', 'keys-down'),
      'FET-0003',
    );
    issuer.mode = 'serve';
    const created = await http
      .post(BASE)
      .set(auth)
      .set('X-Product-Name', 'logs')
      .set('X-Request-Id', 'auth-create')
      .send(connectionBody());
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    for (const alg of ['ES256', 'HS256'] as const) {
      const other = remember(await issuer.token('acme', { alg }));
      expect((await http.get(`${BASE}/${id}`).set('Authorization', `Bearer ${other}`)).status).toBe(
        200,
      );
    }
    // Refused tokens.
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      await issuer.token('acme', { claims: { exp: now - 3600 } }),
      await issuer.token('acme', { key: await TestIssuer.unpublishedKey('rsa-1') }),
      await issuer.token('acme', { claims: { organization: undefined } }),
      unsignedToken({ organization: 'acme', exp: now + 600 }),
    ].map(remember);
    for (const bad of refused)
      expectFetError(await http.get(BASE).set('Authorization', `Bearer ${bad}`), 'FET-0041');
    const readOnly = remember(
      await issuer.token('acme', { claims: { scope: 'connections:read' } }),
    );
    expectFetError(
      await http.delete(`${BASE}/${id}`).set('Authorization', `Bearer ${readOnly}`),
      'FET-0042',
    );
    // A token where none belongs: in the path, in the query string.
    expectFetError(
      await http.get(`${BASE}/${token}`).set(auth).set('X-Request-Id', 'token-in-path'),
      'FET-0404',
    );
    expectFetError(
      await http.get(`${BASE}?token=${token}`).set(auth).set('X-Request-Id', 'token-in-query'),
      'FET-0405',
    );
  }

  it('logged the requests (the run above really wrote request lines)', () => {
    const ids = lines.flatMap((line) =>
      line.startsWith('{') ? [(JSON.parse(line) as { req?: { id?: string } }).req?.id] : [],
    );
    expect(ids).toEqual(
      expect.arrayContaining(['keys-down', 'auth-create', 'token-in-path', 'token-in-query']),
    );
  });

  it('no line holds a token sent, any of their signatures, or the shared secret', () => {
    expect(sent.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      expect(line).not.toContain(issuer.secret);
      for (const token of sent) {
        expect(line).not.toContain(token);
        const signature = token.split('.')[2];
        if (signature) expect(line).not.toContain(signature);
      }
    }
  });

  it('URLs that carried a token are logged with [REDACTED] in its place', () => {
    const urlOf = (id: string) =>
      lines
        .filter((line) => line.includes(`"id":"${id}"`))
        .map((line) => (JSON.parse(line) as { req: { url: string } }).req.url);
    expect(urlOf('token-in-path')).toEqual([`${BASE}/[REDACTED]`]);
    expect(urlOf('token-in-query')).toEqual([`${BASE}?token=[REDACTED]`]);
    expect(urlOf('keys-down')).toEqual([`${BASE}?access_token=[REDACTED]`]);
  });

  it('the key set that could not be fetched is one warning with its reason and the redacted URL', () => {
    const warnings = lines
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            code?: string;
            cause?: string;
            url?: string;
            requestId?: string;
          },
      )
      .filter((entry) => entry.code === 'FET-0003');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        requestId: 'keys-down',
        cause: 'bad-response',
        url: `${BASE}?access_token=[REDACTED]`,
      }),
    ]);
  });
});
