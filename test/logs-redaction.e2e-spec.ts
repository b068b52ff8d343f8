import { randomBytes } from 'node:crypto';
import { opensshPrivateKey, someHostKeyFingerprint } from './support/ssh-keys';
import { BASE, connectionBody, describeEachStore } from './support/store-rows';
import { StoreKind, createPostgresDatabase, expectNoSecrets } from './support/test-app';
import { ServiceProcess, startService } from './support/service-process';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PASSWORD = 'Log-Secret-pa55-7f3a';
const NEW_PASSWORD = 'Log-Secret-n3w-9c1d';
const KEY_BODY = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLOGSECRET';
const PEM_KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.log-secret-token.sig';
const UNKNOWN_ROLE = 'log_nobody_7f3a';
/** A test before saving: a wrong password for the MariaDB account of TEST_MYSQL_URL (root, whose password is empty). */
const UNSAVED_PASSWORD = 'Log-Unsaved-pa55-4e2b';
const UNSAVED_DATABASE = 'log_unsaved_db_4e2b';
const MYSQL = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
/** In the password of imported URIs, and (URI_MARK) in their every other value: no log line may hold either. */
const URI_SECRET = 'Log-Uri-s3cret-4e2b';
const URI_MARK = 'loguri7d1c';
/** The SSH tunnel's secrets (made at test time): in no log line, sealed or in clear. */
const SSH_PASSPHRASE = 'Log-Ssh-passphrase-5b7e';
const SSH_PASSWORD = 'Log-Ssh-pa55word-8d2f';
const SSH_KEY = opensshPrivateKey('ed25519', { passphrase: SSH_PASSPHRASE });
const SSH_KEY_BODY = SSH_KEY.split('\n')[1];
const SSH_TUNNEL = {
  host: 'bastion.example.com',
  userName: 'tunnel',
  hostKeyFingerprint: someHostKeyFingerprint(),
  privateKey: SSH_KEY,
  passphrase: SSH_PASSPHRASE,
};

/** The real service as a process (src/main.ts), so its pino output is exactly what operators get. */
async function startOnStore(store: StoreKind): Promise<ServiceProcess> {
  const database =
    store === 'postgres'
      ? await createPostgresDatabase(String(process.env.TEST_DATABASE_URL))
      : undefined;
  const service = await startService(`logs-${store}`, {
    DATABASE_URL: database?.url ?? '',
    LOG_LEVEL: 'trace',
    ENCRYPTION_KEYS: `logs:${ENCRYPTION_KEY}`,
    ENCRYPTION_ACTIVE_KEY_ID: 'logs',
  })
    .then(async (started) => {
      await started.ready();
      return started;
    })
    .catch(async (error: unknown) => {
      await database?.drop();
      throw error;
    });
  return {
    ...service,
    stop: async () => {
      await service.stop();
      await database?.drop();
    },
  };
}

describeEachStore('logs never carry a secret', (store: StoreKind) => {
  let service: ServiceProcess;
  let lines: string[];
  beforeAll(async () => {
    service = await startOnStore(store);
    try {
      await exercise(service);
    } catch (error) {
      // Show why the service stopped answering (its last log messages), not just "socket hang up".
      // And whether it exited, how, and what it wrote that is not a log line (a crash's stack).
      const output = service.output().split('\n');
      const messages = output.filter((line) => line.includes('"level":50')).slice(-3);
      const other = output.filter((line) => line.trim() !== '' && !line.startsWith('{')).slice(-20);
      const exit = await Promise.race([
        service.exited.then(({ code, signal }) => `exited (${signal ?? code})`),
        new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 500)),
      ]);
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}; service ${exit}; service errors: ${messages.join('\n')}; other output: ${other.join('\n')}`,
      );
    }
    await service.stop();
    lines = service
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function exercise({ http }: ServiceProcess): Promise<void> {
    const body = connectionBody({
      configName: 'log-db',
      password: PASSWORD,
      ssl: { mode: 'require', key: PEM_KEY },
    });
    const created = await http
      .post(BASE)
      .set('X-Product-Name', 'logs')
      .set('X-Request-Id', 'log-create')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(body);
    expect(created.status).toBe(201);
    expectNoSecrets(created.body, [PASSWORD, KEY_BODY]);
    const id = String(created.body.id);
    const patched = await http
      .patch(`${BASE}/${id}`)
      .send({ password: NEW_PASSWORD, ssl: { mode: 'verify-ca', key: PEM_KEY } });
    expect(patched.status).toBe(200);
    expectNoSecrets(patched.body, [NEW_PASSWORD, KEY_BODY]);
    // Failing requests that carry the secrets.
    expect((await http.post(BASE).set('X-Product-Name', 'logs').send(body)).status).toBe(409);
    expect(
      (
        await http
          .post(BASE)
          .set('X-Product-Name', 'logs')
          .send({ ...body, port: '5432' })
      ).status,
    ).toBe(400);
    expect(
      (
        await http
          .post(BASE)
          .set('X-Product-Name', 'logs')
          .send({ ...body, extra: PASSWORD })
      ).status,
    ).toBe(400);
    expect((await http.post(BASE).send(body)).status).toBe(400);
    const malformed = `{"password": "${PASSWORD}", `;
    expect(
      (
        await http
          .post(BASE)
          .set('X-Product-Name', 'logs')
          .set('Content-Type', 'application/json')
          .send(malformed)
      ).status,
    ).toBe(400);
    expect(
      (await http.patch(`${BASE}/${id}`).send({ password: '', ssl: { mode: 'bad', key: PEM_KEY } }))
        .status,
    ).toBe(400);
    expect(
      (
        await http
          .post(BASE)
          .set('X-Product-Name', 'logs')
          .send({ ...body, metadata: { big: PASSWORD.repeat(80_000) } })
      ).status,
    ).toBe(413);
    expect((await http.get(`${BASE}/${id}`).set('X-Request-Id', 'log-read')).status).toBe(200);
    // A customer database that refuses the login: the driver's own text names the role.
    const refused = await http
      .post(BASE)
      .set('X-Product-Name', 'logs')
      .send(
        connectionBody({
          configName: 'log-refused',
          host: '127.0.0.1',
          databaseName: 'postgres',
          userName: UNKNOWN_ROLE,
          password: PASSWORD,
        }),
      );
    expect(refused.status).toBe(201);
    const refusedId = String(refused.body.id);
    expect((await http.get(`${BASE}/${refusedId}/schema`)).status).toBe(502);
    const tested = await http.post(`${BASE}/${refusedId}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body.status).toBe('failure');
    // Imports whose URI carries the secret and the marks: refused options, a wrong scheme, a valid one.
    const marked = `${URI_MARK}u:${encodeURIComponent(URI_SECRET)}@${URI_MARK}h.invalid/${URI_MARK}d`;
    const imports: Array<[string, number]> = [
      [`postgres://${marked}?sslrootcert=${URI_MARK}v&host=${URI_MARK}v.invalid`, 400],
      [`redis${URI_MARK}://${marked}`, 400],
      [`mongodb+srv://${marked}`, 400],
      [`postgres://${marked}#${URI_MARK}f`, 400],
      [`postgres://${marked}?sslmode=${URI_MARK}v`, 400],
      [`postgres://${marked}?sslmode=require&currentSchema=${URI_MARK}s`, 201],
      [`postgres://${marked}`, 409],
    ];
    for (const [uri, status] of imports) {
      const imported = await http
        .post(`${BASE}/import`)
        .set('X-Product-Name', 'logs')
        .send({ configName: 'log-imported', uri });
      expect({ uri, status: imported.status }).toEqual({ uri, status });
      expect(imported.text).not.toContain(URI_SECRET);
    }
    // A test before saving whose password the server refuses: the body's secrets are used once, logged never.
    const unsaved = await http
      .post(`${BASE}/test`)
      .set('X-Request-Id', 'log-unsaved-test')
      .send({
        type: 'MYSQL',
        host: MYSQL.hostname,
        port: Number(MYSQL.port || 3306),
        databaseName: UNSAVED_DATABASE,
        userName: decodeURIComponent(MYSQL.username || 'root'),
        password: UNSAVED_PASSWORD,
        ssl: { mode: 'disable', key: PEM_KEY },
      });
    expect(unsaved.status).toBe(200);
    expect(unsaved.body.status).toBe('failure');
    expectNoSecrets(unsaved.body, [UNSAVED_PASSWORD, KEY_BODY, UNSAVED_DATABASE]);
    await exerciseTunnel(http);
  }

  /** A connection through an SSH bastion: created, patched, cloned, read back, and refused with its secrets in the body. */
  async function exerciseTunnel(http: ServiceProcess['http']): Promise<void> {
    const body = connectionBody({ configName: 'log-tunnel', password: PASSWORD, host: '10.0.0.5', sshTunnel: SSH_TUNNEL });
    const created = await http.post(BASE).set('X-Product-Name', 'logs').send(body);
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const secrets = [SSH_PASSPHRASE, SSH_PASSWORD, SSH_KEY_BODY];
    expectNoSecrets(created.body, secrets);
    const patched = await http.patch(`${BASE}/${id}`).send({ sshTunnel: { ...SSH_TUNNEL, password: SSH_PASSWORD } });
    expect(patched.status).toBe(200);
    for (const tunnel of [
      { ...SSH_TUNNEL, passphrase: `${SSH_PASSPHRASE}-wrong` },
      { ...SSH_TUNNEL, passphrase: undefined },
      { ...SSH_TUNNEL, privateKey: SSH_KEY.replace(SSH_KEY_BODY, SSH_KEY_BODY.slice(0, 20)) },
      { ...SSH_TUNNEL, host: 'attacker.example.net', privateKey: undefined, passphrase: undefined, extra: SSH_PASSWORD },
    ]) {
      const refused = await http.post(BASE).set('X-Product-Name', 'logs').send({ ...body, configName: 'log-tunnel-2', sshTunnel: tunnel });
      expect(refused.status).toBe(400);
      expect(refused.text).not.toContain(SSH_PASSWORD);
      expect(refused.text).not.toContain(SSH_PASSPHRASE);
    }
    expect((await http.patch(`${BASE}/${id}`).send({ sshTunnel: { ...SSH_TUNNEL, port: 2222, privateKey: undefined, passphrase: undefined } })).status).toBe(400);
    expect((await http.post(`${BASE}/${id}/clone`).send({ configName: 'log-tunnel-clone' })).status).toBe(201);
    expect((await http.get(`${BASE}/${id}/history`)).status).toBe(200);
  }

  it('logged the requests as JSON lines with request id, route and status', () => {
    const entries = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const completed = (id: string) =>
      entries.find(
        (entry) => (entry.req as { id?: string } | undefined)?.id === id && entry.res !== undefined,
      );
    const created = completed('log-create');
    expect(created).toMatchObject({ res: { statusCode: 201 }, req: { method: 'POST' } });
    expect(created?.responseTime).toEqual(expect.any(Number));
    const read = completed('log-read');
    expect(read).toMatchObject({ res: { statusCode: 200 } });
    expect(read?.route).toBe('/v1/management/connections/:id');
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });

  it('the failed test before saving is logged with its reason and stage, and none of its settings', () => {
    const failed = lines.filter(
      (line) => line.includes('"log-unsaved-test"') && line.includes('Connection test failed'),
    );
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0])).toMatchObject({
      requestId: 'log-unsaved-test',
      saved: false,
      engine: 'MYSQL',
      // Without the MariaDB of TEST_MYSQL_URL the dial fails earlier, but fails all the same.
      ...(process.env.TEST_MYSQL_URL
        ? { reason: 'AUTH_FAILED', stage: 'authenticate' }
        : { reason: expect.any(String), stage: expect.any(String) }),
    });
    for (const setting of [UNSAVED_DATABASE, MYSQL.hostname, `"${MYSQL.port || 3306}"`, '"root"', '"host"', '"userName"'])
      expect(failed[0]).not.toContain(setting);
  });

  it('no line holds a password, a key, a token, a sealed value or a value of an imported URI', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(PASSWORD.slice(0, 12));
      expect(line).not.toContain(NEW_PASSWORD.slice(0, 12));
      expect(line).not.toContain(URI_SECRET.slice(0, 12));
      expect(line).not.toContain(URI_MARK);
      expect(line).not.toContain(UNSAVED_PASSWORD.slice(0, 12));
      expect(line).not.toContain(UNSAVED_DATABASE);
      expect(line).not.toContain(KEY_BODY.slice(0, 20));
      expect(line).not.toContain(SSH_KEY_BODY.slice(0, 20));
      expect(line).not.toContain(SSH_PASSPHRASE.slice(0, 12));
      expect(line).not.toContain(SSH_PASSWORD.slice(0, 12));
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(ENCRYPTION_KEY);
      expect(line).not.toMatch(/PRIVATE KEY/);
      expect(line).not.toMatch(/v1:logs:[A-Za-z0-9+/=]+:/);
      // Raw driver text (it carries customers' role, host and database names) stays out of the logs.
      expect(line).not.toContain(UNKNOWN_ROLE);
      expect(line).not.toMatch(/ECONNREFUSED \d|does not exist|authentication failed|Access denied/);
    }
  });
});
