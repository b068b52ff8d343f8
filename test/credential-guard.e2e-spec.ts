import { randomBytes } from 'node:crypto';
import { passwordContext } from '../src/connections/domain/secret-contexts';
import { SSL_MODES, SslMode } from '../src/engines/engine';
import {
  CleartextPasswordListener,
  startCleartextPasswordListener,
} from './fakes/cleartext-password-listener';
import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import {
  BASE,
  BODY_PASSWORD,
  StoreRows,
  connectionBody,
  describeEachStore,
  testCipher,
  withStoreApp,
} from './support/store-rows';
import { StoreKind, TestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const REQUIRED = { password: 'required when the destination changes' };
const NEW_PASSWORD = 'N3w-pa55word!';

/** Every (stronger, weaker) pair of TLS modes: verify-full > verify-ca > require > disable. */
const LOWERINGS: Array<[SslMode, SslMode]> = SSL_MODES.flatMap((weaker, i) =>
  SSL_MODES.slice(i + 1).map((stronger): [SslMode, SslMode] => [stronger, weaker]),
);

interface Connection {
  id: string;
  [field: string]: unknown;
}

describeEachStore('PATCH credential guard (spec §3.4)', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const create = async (overrides: Record<string, unknown> = {}): Promise<Connection> => {
    const res = await t.http
      .post(BASE)
      .set('X-Product-Name', 'reports')
      .send(connectionBody(overrides))
      .expect(201);
    return res.body as Connection;
  };
  const patch = (id: string, body: object) => t.http.patch(`${BASE}/${id}`).send(body);
  const patchOk = async (id: string, body: object): Promise<Connection> => {
    const res = await patch(id, body);
    expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^200 /);
    expectNoSecrets(res.body, [BODY_PASSWORD, NEW_PASSWORD]);
    return res.body as Connection;
  };

  /**
   * The guard's refusal: 400 FET-0402 naming `password` only, without the host asked for, and the
   * stored row (sealed password included) and the GET answer exactly as they were.
   */
  const expectRefused = async (id: string, body: Record<string, unknown>): Promise<void> => {
    const row = await rows.row(id);
    const read = (await t.http.get(`${BASE}/${id}`).expect(200)).body as Connection;
    const res = await patch(id, body);
    expect(expectFetError(res, 'FET-0402', ['password'])).toEqual(REQUIRED);
    if (typeof body.host === 'string') expect(res.text).not.toContain(body.host);
    expect(await rows.row(id)).toEqual(row);
    expect((await t.http.get(`${BASE}/${id}`).expect(200)).body).toEqual(read);
  };

  /** With the password the same change goes through, and the new password is what is sealed. */
  const expectAllowedWithPassword = async (
    id: string,
    body: Record<string, unknown>,
  ): Promise<Connection> => {
    const updated = await patchOk(id, { ...body, password: NEW_PASSWORD });
    const sealed = String((await rows.row(id))?.password_sealed);
    expect(testCipher().open(sealed, passwordContext(id))).toBe(NEW_PASSWORD);
    return updated;
  };

  describe('changing where the password goes, without it → 400 FET-0402 naming password, nothing changes; with it → 200', () => {
    it.each<[string, Record<string, unknown>]>([
      ['type', { type: 'MYSQL' }],
      ['host', { host: 'attacker.example.net' }],
      ['host (an IP literal)', { host: '127.0.0.2' }],
      ['port', { port: 6543 }],
      ['host and port', { host: 'attacker.example.net', port: 15432 }],
      [
        'port, with harmless fields beside it',
        { port: 6543, databaseName: 'other', metadata: { team: 'x' } },
      ],
    ])('%s', async (_what, change) => {
      const created = await create({ ssl: { mode: 'verify-full' }, metadata: { team: 'data' } });
      await expectRefused(created.id, change);
      expect(await expectAllowedWithPassword(created.id, change)).toMatchObject(change);
    });

    it.each(LOWERINGS)('ssl.mode lowered from %s to %s', async (from, to) => {
      const created = await create({ ssl: { mode: from } });
      await expectRefused(created.id, { ssl: { mode: to } });
      expect((await expectAllowedWithPassword(created.id, { ssl: { mode: to } })).ssl).toEqual({
        mode: to,
      });
    });

    it.each<SslMode>(['require', 'verify-ca', 'verify-full'])(
      'ssl removed ("ssl": null) when %s is stored',
      async (mode) => {
        const created = await create({ ssl: { mode } });
        await expectRefused(created.id, { ssl: null });
        expect(await expectAllowedWithPassword(created.id, { ssl: null })).not.toHaveProperty(
          'ssl',
        );
      },
    );
  });

  describe('what moves nothing needs no password (the sealed one is kept)', () => {
    const expectKept = async (id: string, body: Record<string, unknown>): Promise<Connection> => {
      const sealed = (await rows.row(id))?.password_sealed;
      const updated = await patchOk(id, body);
      expect((await rows.row(id))?.password_sealed).toBe(sealed);
      return updated;
    };

    it('the stored type, host, port and ssl.mode sent again; the host in another case', async () => {
      const created = await create({ ssl: { mode: 'require' } });
      const updated = await expectKept(created.id, {
        type: 'POSTGRESQL',
        host: 'DB.Example.COM',
        port: 5432,
        ssl: { mode: 'require' },
      });
      expect(updated).toMatchObject({ host: 'DB.Example.COM', ssl: { mode: 'require' } });
    });

    it.each(LOWERINGS.map(([stronger, weaker]): [SslMode, SslMode] => [weaker, stronger]))(
      'ssl.mode raised from %s to %s',
      async (from, to) => {
        const created = await create({ ssl: { mode: from } });
        expect((await expectKept(created.id, { ssl: { mode: to } })).ssl).toEqual({ mode: to });
      },
    );

    it('TLS added to a connection without it, or removed where it was disable', async () => {
      const none = await create();
      expect((await expectKept(none.id, { ssl: { mode: 'verify-full' } })).ssl).toEqual({
        mode: 'verify-full',
      });
      const disabled = await create({ ssl: { mode: 'disable' } });
      expect(await expectKept(disabled.id, { ssl: null })).not.toHaveProperty('ssl');
      expect(await expectKept(none.id, { ssl: { mode: 'verify-full' } })).toBeDefined();
    });

    it('databaseName, userName, schema, metadata and configName', async () => {
      const created = await create({ schema: 'sales', metadata: { team: 'data' } });
      const change = {
        databaseName: 'warehouse',
        userName: 'analyst',
        schema: 'finance',
        metadata: { team: 'finance' },
        configName: `renamed-${randomBytes(4).toString('hex')}`,
      };
      expect(await expectKept(created.id, change)).toMatchObject(change);
    });
  });

  describe('where the guard stands among the other refusals', () => {
    it('the edge comes first: a bad value → FET-0001, an unknown field → FET-0400', async () => {
      const created = await create();
      expectFetError(
        await patch(created.id, { host: 'attacker.example.net', port: '1' }),
        'FET-0001',
        ['port'],
      );
      expectFetError(
        await patch(created.id, { host: 'attacker.example.net', extra: 1 }),
        'FET-0400',
        ['extra'],
      );
    });

    it('then 404 (unknown id, another product), then a stale If-Match → 412', async () => {
      expectFetError(
        await patch('01890000-0000-7000-8000-0000000000ff', { host: 'attacker.example.net' }),
        'FET-1001',
      );
      const created = await create();
      expectFetError(
        await t.http
          .patch(`${BASE}/${created.id}`)
          .set('X-Product-Name', 'billing')
          .send({ host: 'attacker.example.net' }),
        'FET-1001',
      );
      const stale = (await t.http.get(`${BASE}/${created.id}`).expect(200)).headers.etag;
      await patchOk(created.id, { databaseName: 'newer' });
      expectFetError(
        await t.http
          .patch(`${BASE}/${created.id}`)
          .set('If-Match', stale)
          .send({ host: 'attacker.example.net' }),
        'FET-0416',
      );
    });

    it('judged against the version If-Match names; then the engine rules of the new type', async () => {
      const created = await create({ metadata: { directConnection: 'yes' } });
      const etag = (await t.http.get(`${BASE}/${created.id}`).expect(200)).headers.etag;
      const guarded = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('If-Match', etag)
        .send({ type: 'MONGODB' });
      expect(expectFetError(guarded, 'FET-0402', ['password'])).toEqual(REQUIRED);
      const engineRule = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('If-Match', etag)
        .send({ type: 'MONGODB', password: NEW_PASSWORD });
      expectFetError(engineRule, 'FET-0001', ['metadata.directConnection']);
      const moved = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('If-Match', etag)
        .send({ type: 'MONGODB', password: NEW_PASSWORD, metadata: { directConnection: 'true' } })
        .expect(200);
      expect(moved.body).toMatchObject({ type: 'MONGODB' });
    });
  });

  describeWithPostgres(
    'the attack it prevents: a clear-text password listener on loopback (wire-protocol fake, not a real server) against a connection to the real PostgreSQL',
    () => {
      const original = `pw-${randomBytes(6).toString('hex')}-original`;
      let listener: CleartextPasswordListener;
      beforeAll(async () => {
        listener = await startCleartextPasswordListener('127.0.0.2', await freePort());
      });
      afterAll(() => listener?.close());

      const runTest = async (id: string) => {
        const res = await t.http.post(`${BASE}/${id}/test`).expect(200);
        expectNoSecrets(res.text, [original, NEW_PASSWORD]);
        return res.body as { status: string; serverVersion?: string; error?: unknown };
      };
      const heard = (secret: string) => listener.received().includes(Buffer.from(secret, 'utf8'));

      it('without the password the PATCH is refused and the password never reaches the listener; with a new one, only the new one does', async () => {
        const server = new URL(String(TEST_DATABASE_URL));
        const created = await create({
          host: server.hostname,
          port: Number(server.port || 5432),
          databaseName: server.pathname.slice(1) || 'postgres',
          userName: decodeURIComponent(server.username) || 'postgres',
          password: original,
        });
        expect(await runTest(created.id)).toMatchObject({
          status: 'success',
          serverVersion: expect.stringMatching(/^PostgreSQL /),
        });
        const row = await rows.row(created.id);

        // The attacker may edit the connection but does not know its password.
        await expectRefused(created.id, { host: listener.host, port: listener.port });
        await expectRefused(created.id, { host: listener.host, port: listener.port, ssl: null });
        expect(await rows.row(created.id)).toEqual(row);
        expect(testCipher().open(String(row?.password_sealed), passwordContext(created.id))).toBe(
          original,
        );

        // /test still dials the original database; the listener never heard from the service.
        expect(await runTest(created.id)).toMatchObject({
          status: 'success',
          serverVersion: expect.stringMatching(/^PostgreSQL /),
        });
        expect(listener.connections()).toBe(0);
        expect(listener.received().length).toBe(0);
        expect(heard(original)).toBe(false);

        // Whoever knows a password may move the connection: the listener then gets that one only.
        await patchOk(created.id, {
          host: listener.host,
          port: listener.port,
          password: NEW_PASSWORD,
        });
        expect(await runTest(created.id)).toMatchObject({
          status: 'failure',
          error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
        });
        expect(listener.connections()).toBeGreaterThanOrEqual(1);
        expect(heard(NEW_PASSWORD)).toBe(true);
        expect(heard(original)).toBe(false);
      });
    },
  );
});
