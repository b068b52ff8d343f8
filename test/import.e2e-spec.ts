import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { Response } from 'supertest';
import { passwordContext } from '../src/connections/domain/secret-contexts';
import { expectFetError } from './support/fet-expect';
import {
  TEST_DATABASE_URL,
  TEST_MYSQL_URL,
  describeWithMysql,
  describeWithPostgres,
} from './support/real-servers';
import { StoreFingerprint, openStoreFingerprint } from './support/store-fingerprint';
import {
  BASE,
  StoreRows,
  connectionBody,
  describeEachStore,
  testCipher,
  withStoreApp,
} from './support/store-rows';
import { StoreKind, TestApp, expectNoSecrets } from './support/test-app';

// Real stores and real servers: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const IMPORT = `${BASE}/import`;
const hex = () => randomBytes(5).toString('hex');
/** A password with every character a URI gives a meaning to, and as a URI must carry it. */
const HARD_PASSWORD = `p@:/?#%w-${hex()}`;
const encoded = (text: string) => encodeURIComponent(text);
const freshName = () => `imp-${hex()}`;

describeEachStore('POST /v1/management/connections/import', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const importBody = (body: Record<string, unknown>, product: string | null = 'reports') => {
    const request = t.http.post(IMPORT);
    if (product !== null) request.set('X-Product-Name', product);
    return request.send(body);
  };
  const sealedPasswordOf = async (id: string) =>
    testCipher().open(String((await rows.row(id))?.password_sealed), passwordContext(id));

  describe('every form of the table becomes a connection, as create makes it', () => {
    it.each<[string, string, Record<string, unknown>, string]>([
      [
        'postgresql:// with sslmode and currentSchema',
        `postgresql://report_reader:${encoded(HARD_PASSWORD)}@db.example.com:6543/sales?sslmode=verify-full&currentSchema=reporting`,
        {
          type: 'POSTGRESQL',
          host: 'db.example.com',
          port: 6543,
          databaseName: 'sales',
          userName: 'report_reader',
          schema: 'reporting',
          ssl: { mode: 'verify-full' },
        },
        HARD_PASSWORD,
      ],
      [
        'postgres:// (default port)',
        'POSTGRES://u:pw@127.0.0.1/app',
        { type: 'POSTGRESQL', host: '127.0.0.1', port: 5432, databaseName: 'app', userName: 'u' },
        'pw',
      ],
      [
        'mysql:// with ssl-mode',
        'mysql://u:pw@db.example.com/app?ssl-mode=VERIFY_CA',
        { type: 'MYSQL', port: 3306, ssl: { mode: 'verify-ca' } },
        'pw',
      ],
      [
        'mariadb://',
        'mariadb://u:pw@[::1]:3307/app',
        { type: 'MYSQL', host: '::1', port: 3307 },
        'pw',
      ],
      [
        'sqlserver:// with encrypt and trustServerCertificate',
        'sqlserver://sa:pw@db.example.com/app?encrypt=true&trustServerCertificate=true',
        { type: 'SQL_SERVER', port: 1433, ssl: { mode: 'require' } },
        'pw',
      ],
      [
        'mssql://',
        'mssql://sa:pw@db.example.com:14330/app',
        { type: 'SQL_SERVER', port: 14330 },
        'pw',
      ],
      [
        'jdbc:sqlserver:// with a braced password',
        `jdbc:sqlserver://db.example.com:1433;databaseName=app;user=sa;password={${HARD_PASSWORD};x};encrypt=false`,
        { type: 'SQL_SERVER', databaseName: 'app', userName: 'sa', ssl: { mode: 'disable' } },
        `${HARD_PASSWORD};x`,
      ],
      [
        'oracle:// (the path is the service)',
        'oracle://scott:pw@orders.invalid/ORCLPDB1',
        { type: 'ORACLE', port: 1521, databaseName: 'ORCLPDB1', userName: 'scott' },
        'pw',
      ],
      [
        'jdbc:oracle:thin:@// with user and password options',
        `jdbc:oracle:thin:@//orders.invalid:1522/sales.example.com?user=scott&password=${encoded(HARD_PASSWORD)}`,
        { type: 'ORACLE', port: 1522, databaseName: 'sales.example.com', userName: 'scott' },
        HARD_PASSWORD,
      ],
      [
        'mongodb:// (the database is the authSource, options → metadata)',
        'mongodb://u:pw@mongo.invalid/app?tls=true&replicaSet=rs0&directConnection=true',
        {
          type: 'MONGODB',
          port: 27017,
          ssl: { mode: 'verify-full' },
          metadata: { authSource: 'app', replicaSet: 'rs0', directConnection: 'true' },
        },
        'pw',
      ],
    ])('%s', async (_name, uri, expected, password) => {
      const configName = freshName();
      const res = await importBody(
        { configName, uri, metadata: expected.metadata ? undefined : { team: 'finance' } },
        'Reports',
      ).expect(201);
      expectNoSecrets(res.text, [password]);
      expect(res.headers.etag).toMatch(/^"[0-9a-z]+"$/);
      expect(res.body).toMatchObject({
        configName,
        productName: 'reports',
        metadata: { team: 'finance' },
        ...expected,
      });
      expect(await sealedPasswordOf(String(res.body.id))).toBe(password);
      const read = await t.http.get(`${BASE}/${String(res.body.id)}`).expect(200);
      expect(read.body).toEqual(res.body);
      expect(read.headers.etag).toBe(res.headers.etag);
    });

    it('keeps the body’s ssl PEMs with the URI’s mode, and the body’s schema and metadata', async () => {
      const ca =
        '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FfY2VydA==\n-----END CERTIFICATE-----\n';
      const res = await importBody({
        configName: freshName(),
        uri: 'postgres://u:pw@db.example.com/app?sslmode=verify-ca',
        ssl: { mode: 'verify-ca', ca },
        schema: 'sales',
        metadata: { team: 'finance' },
      }).expect(201);
      expect(res.body).toMatchObject({
        ssl: { mode: 'verify-ca' },
        schema: 'sales',
        metadata: { team: 'finance' },
      });
      expect(res.text).not.toContain('BEGIN CERTIFICATE');
      expect((await rows.row(String(res.body.id)))?.ssl_ca).toBe(ca);
    });
  });

  describe('refusals: the create rules, in create’s order, with the URI’s own', () => {
    let fingerprint: StoreFingerprint;
    beforeAll(async () => {
      fingerprint = await openStoreFingerprint(t);
    });
    afterAll(() => fingerprint?.close());

    it.each<[string, Record<string, unknown>, string, string[]]>([
      [
        'libpq host= and hostaddr=',
        { uri: 'postgres://u:pw@db.example.com/app?host=127.0.0.1&hostaddr=127.0.0.1' },
        'FET-0400',
        ['host', 'hostaddr'],
      ],
      [
        'libpq sslrootcert= and passfile=',
        {
          uri: 'postgres://u:pw@db.example.com/app?sslrootcert=/etc/passwd&passfile=/root/.pgpass',
        },
        'FET-0400',
        ['sslrootcert', 'passfile'],
      ],
      [
        'MySQL socketPath and localInfile',
        { uri: 'mysql://u:pw@db.example.com/app?socketPath=/tmp/m.sock&localInfile=true' },
        'FET-0400',
        ['socketPath', 'localInfile'],
      ],
      [
        'MongoDB tlsCAFile',
        { uri: 'mongodb://u:pw@db.example.com/app?tls=true&tlsCAFile=/etc/ssl/ca.pem' },
        'FET-0400',
        ['tlsCAFile'],
      ],
      [
        'a field sshTunnel does not name: unexpected, like in create',
        { uri: 'postgres://u:pw@db.example.com/app', sshTunnel: { host: 'bastion.invalid', jump: 'x' } },
        'FET-0400',
        ['sshTunnel.jump'],
      ],
      [
        'create’s own fields in the body',
        { uri: 'postgres://u:pw@db.example.com/app', host: '127.0.0.1', password: 'x' },
        'FET-0400',
        ['host', 'password'],
      ],
      ['no password', { uri: 'postgres://u@db.example.com/app' }, 'FET-0402', ['password']],
      ['no database', { uri: 'mysql://u:pw@db.example.com' }, 'FET-0402', ['databaseName']],
      ['no uri', {}, 'FET-0402', ['uri']],
      [
        'metadata nested',
        { uri: 'postgres://u:pw@db.example.com/app', metadata: { a: { b: 'c' } } },
        'FET-0410',
        ['metadata.a'],
      ],
      [
        'sslmode=prefer',
        { uri: 'postgres://u:pw@db.example.com/app?sslmode=prefer' },
        'FET-0413',
        ['sslmode'],
      ],
      [
        'MySQL ssl-mode=PREFERRED',
        { uri: 'mysql://u:pw@db.example.com/app?ssl-mode=PREFERRED' },
        'FET-0413',
        ['ssl-mode'],
      ],
      [
        'trustServerCertificate without encrypt',
        { uri: 'sqlserver://u:pw@db.example.com/app?trustServerCertificate=true' },
        'FET-0413',
        ['trustServerCertificate'],
      ],
      [
        'tlsAllowInvalidCertificates without TLS',
        { uri: 'mongodb://u:pw@db.example.com/app?tlsAllowInvalidCertificates=true' },
        'FET-0413',
        ['tlsAllowInvalidCertificates'],
      ],
      [
        'sslmode against ssl.mode',
        { uri: 'postgres://u:pw@db.example.com/app?sslmode=require', ssl: { mode: 'disable' } },
        'FET-0413',
        ['ssl.mode'],
      ],
      [
        'a link-local host (host policy)',
        { uri: 'postgres://u:pw@169.254.169.254/app' },
        'FET-0414',
        ['host'],
      ],
      [
        'a link-local IPv6 host (host policy)',
        { uri: 'postgres://u:pw@[fe80::1]/app' },
        'FET-0414',
        ['host'],
      ],
      ['mongodb+srv://', { uri: 'mongodb+srv://u:pw@cluster0.invalid/app' }, 'FET-0001', ['uri']],
      [
        'several hosts',
        { uri: 'mongodb://u:pw@a.invalid:27017,b.invalid:27017/app' },
        'FET-0001',
        ['uri'],
      ],
      [
        'a URI over 4 KiB',
        { uri: `postgres://u:pw@db.example.com/app?currentSchema=${'s'.repeat(4096)}` },
        'FET-0001',
        ['uri'],
      ],
      ['an unknown scheme', { uri: 'redis://db.example.com:6379/0' }, 'FET-0001', ['uri']],
      ['a #fragment', { uri: 'postgres://u:pw@db.example.com/app#x' }, 'FET-0001', ['uri']],
      [
        '%00 in the user (a value stored as text)',
        { uri: 'postgres://u%00x:pw@db.example.com/app' },
        'FET-0001',
        ['uri'],
      ],
      [
        'a uri that is not a string',
        { uri: ['postgres://u:pw@db.example.com/app'] },
        'FET-0001',
        ['uri'],
      ],
      [
        'a host the create rules refuse',
        { uri: 'postgres://u:pw@bad_host.invalid/app' },
        'FET-0001',
        ['host'],
      ],
      ['port 0', { uri: 'postgres://u:pw@db.example.com:0/app' }, 'FET-0001', ['port']],
      [
        'a blank MongoDB authSource (the engine rule)',
        { uri: 'mongodb://u:pw@db.example.com/app?authSource=' },
        'FET-0001',
        ['metadata.authSource'],
      ],
    ])('%s', async (_name, body, code, fields) => {
      const before = await fingerprint.take();
      expectFetError(await importBody({ configName: freshName(), ...body }), code, fields);
      expect(await fingerprint.take()).toBe(before);
    });

    it.each<[string, Record<string, unknown>, string, string[]]>([
      [
        'a refused option before a missing configName (0400 → 0402)',
        { uri: 'postgres://u:pw@db.example.com/app?passfile=/p' },
        'FET-0400',
        ['passfile'],
      ],
      [
        'a missing password before a bad configName (0402 → 0001)',
        { configName: 'no spaces!', uri: 'postgres://u@db.example.com/app' },
        'FET-0402',
        ['password'],
      ],
      [
        'metadata before TLS (0411 → 0413)',
        {
          configName: freshName(),
          uri: 'postgres://u:pw@db.example.com/app?sslmode=allow',
          metadata: { a: 'v'.repeat(2001) },
        },
        'FET-0411',
        ['metadata.a'],
      ],
      [
        'TLS before the host policy (0413 → 0414)',
        { configName: freshName(), uri: 'postgres://u:pw@169.254.169.254/app?sslmode=prefer' },
        'FET-0413',
        ['sslmode'],
      ],
      [
        'the host policy before any other value (0414 → 0001)',
        { configName: 'x', uri: 'postgres://u:pw@169.254.169.254:0/app' },
        'FET-0414',
        ['host'],
      ],
      [
        'every FET-0001 named at once',
        { configName: 'x', uri: 'redis://h.invalid' },
        'FET-0001',
        ['configName', 'uri'],
      ],
    ])('precedence: %s', async (_name, body, code, fields) => {
      expectFetError(await importBody(body), code, fields);
    });

    it('needs X-Product-Name and a JSON object body, like create', async () => {
      const body = { configName: freshName(), uri: 'postgres://u:pw@db.example.com/app' };
      expectFetError(await importBody(body, null), 'FET-0403', ['X-Product-Name']);
      expectFetError(await importBody(body, 'no spaces!'), 'FET-0403', ['X-Product-Name']);
      expectFetError(
        await t.http
          .post(IMPORT)
          .set('X-Product-Name', 'reports')
          .set('Content-Type', 'text/plain')
          .send('postgres://u:pw@h/app'),
        'FET-0001',
        ['Content-Type'],
      );
      expectFetError(
        await t.http
          .post(IMPORT)
          .set('X-Product-Name', 'reports')
          .set('Content-Type', 'application/json')
          .send('{"uri": "postgres://'),
        'FET-0001',
      );
    });

    it('409 FET-1002 when the configName is taken (case-insensitive), by an import or a create', async () => {
      const name = freshName();
      const uri = 'postgres://u:pw@db.example.com/app';
      await importBody({ configName: name, uri }).expect(201);
      const before = await fingerprint.take();
      expectFetError(await importBody({ configName: name.toUpperCase(), uri }), 'FET-1002');
      expect(await fingerprint.take()).toBe(before);
      const created = connectionBody();
      await t.http.post(BASE).set('X-Product-Name', 'reports').send(created).expect(201);
      expectFetError(
        await importBody({ configName: created.configName, uri }, 'other'),
        'FET-1002',
      );
    });

    it('an import is a connection like any other: PATCH, list and DELETE see it', async () => {
      const res = await importBody({
        configName: freshName(),
        uri: 'mysql://u:pw@db.example.com/app',
      }).expect(201);
      const id = String(res.body.id);
      await t.http
        .patch(`${BASE}/${id}`)
        .send({ metadata: { team: 'ops' } })
        .expect(200);
      const listed = await t.http.get(BASE).query({ configName: res.body.configName }).expect(200);
      const items = (listed.body as { items: { id: string }[] }).items;
      expect(items.map((item) => item.id)).toEqual([id]);
      await t.http.delete(`${BASE}/${id}`).expect(204);
    });
  });

  describe('no answer ever holds a value of the URI', () => {
    /** Distinct markers in every component; each error is searched for all of them. */
    const mark = (what: string) => `mk${what}${hex()}`;
    const m = {
      user: mark('user'),
      password: mark('pass'),
      host: mark('host'),
      database: mark('db'),
      value: mark('value'),
      schema: mark('schema'),
      frag: mark('frag'),
    };
    const all = Object.values(m);
    const authority = `${m.user}:${m.password}@${m.host}.invalid`;

    it.each<[string, string, string]>([
      [
        'a refused option with a marked value',
        `postgres://${authority}/${m.database}?sslrootcert=${m.value}&hostaddr=${m.value}`,
        'FET-0400',
      ],
      ['an unknown scheme', `redis${m.value}://${authority}/${m.database}`, 'FET-0001'],
      ['mongodb+srv', `mongodb+srv://${authority}/${m.database}`, 'FET-0001'],
      ['a fragment', `postgres://${authority}/${m.database}#${m.frag}`, 'FET-0001'],
      ['several hosts', `postgres://${authority},${m.host}2.invalid/${m.database}`, 'FET-0001'],
      [
        'malformed %-encoding',
        `postgres://${m.user}:${m.password}%zz@${m.host}.invalid/${m.database}`,
        'FET-0001',
      ],
      [
        'an sslmode that cannot be honoured',
        `postgres://${authority}/${m.database}?sslmode=${m.value}`,
        'FET-0413',
      ],
      [
        'an ssl-mode that is not one',
        `mysql://${authority}/${m.database}?ssl-mode=${m.value}`,
        'FET-0413',
      ],
      [
        'an encrypt that is not a boolean',
        `jdbc:sqlserver://${m.host}.invalid;databaseName=${m.database};user=${m.user};password=${m.password};encrypt=${m.value}`,
        'FET-0413',
      ],
      ['a bad host', `postgres://${m.user}:${m.password}@${m.host}_x/${m.database}`, 'FET-0001'],
      [
        'a database too long',
        `postgres://${authority}/${m.database}${'d'.repeat(130)}`,
        'FET-0001',
      ],
      [
        'a schema too long',
        `postgres://${authority}/${m.database}?currentSchema=${m.schema}${'s'.repeat(130)}`,
        'FET-0001',
      ],
      [
        'a user too long',
        `postgres://${m.user}${'u'.repeat(130)}:${m.password}@${m.host}.invalid/${m.database}`,
        'FET-0001',
      ],
      [
        'a blank authSource next to a marked replicaSet',
        `mongodb://${authority}/${m.database}?authSource=&replicaSet=${m.value}`,
        'FET-0001',
      ],
      [
        'a directConnection that is not a boolean',
        `mongodb://${authority}/${m.database}?directConnection=${m.value}`,
        'FET-0001',
      ],
      [
        'no password',
        `postgres://${m.user}@${m.host}.invalid/${m.database}?currentSchema=${m.schema}`,
        'FET-0402',
      ],
      [
        'a forbidden host',
        `postgres://${m.user}:${m.password}@169.254.169.254/${m.database}?currentSchema=${m.schema}`,
        'FET-0414',
      ],
    ])('%s', async (_name, uri, code) => {
      const res = await importBody({ configName: freshName(), uri });
      expectFetError(res, code);
      for (const value of all) expect(res.text).not.toContain(value);
      expect(JSON.stringify(res.headers)).not.toContain(m.password);
    });

    it('a 409 neither', async () => {
      const configName = freshName();
      await importBody({ configName, uri: `postgres://u:pw@${m.host}.invalid/app` }).expect(201);
      const res = await importBody({ configName, uri: `postgres://${authority}/${m.database}` });
      expectFetError(res, 'FET-1002');
      for (const value of all) expect(res.text).not.toContain(value);
    });

    it('a 201 shows host, user and database, never the password', async () => {
      const res = await importBody({
        configName: freshName(),
        uri: `postgres://${authority}/${m.database}`,
      }).expect(201);
      expect(res.body).toMatchObject({
        host: `${m.host}.invalid`,
        userName: m.user,
        databaseName: m.database,
      });
      expectNoSecrets(res.text, [m.password]);
    });
  });

  describeWithPostgres('into the real PostgreSQL of TEST_DATABASE_URL, then /test', () => {
    const database = `cs imp ${hex()}`;
    const role = `cs_imp_${hex()}`;
    let server: URL;
    beforeAll(async () => {
      server = new URL(String(TEST_DATABASE_URL));
      const admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(
          `CREATE ROLE ${role} LOGIN PASSWORD '${HARD_PASSWORD.replace(/'/g, "''")}'`,
        );
        await admin.query(`CREATE DATABASE "${database}" OWNER ${role}`);
      } finally {
        await admin.end();
      }
    });
    afterAll(async () => {
      const admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
      } finally {
        await admin.end();
      }
    });
    const port = () => server.port || '5432';
    const test = (res: Response) => t.http.post(`${BASE}/${String(res.body.id)}/test`).expect(200);

    it('a postgresql:// URI with an encoded password, database and schema: 201, then /test succeeds', async () => {
      const uri = `postgresql://${role}:${encoded(HARD_PASSWORD)}@127.0.0.1:${port()}/${encoded(database)}?sslmode=disable&options=-c%20search_path%3Dpublic`;
      const res = await importBody({ configName: freshName(), uri }).expect(201);
      expect(res.body).toMatchObject({
        databaseName: database,
        userName: role,
        schema: 'public',
        ssl: { mode: 'disable' },
      });
      const tested = await test(res);
      expect(tested.body).toMatchObject({ status: 'success', message: 'Connection successful' });
      expectNoSecrets(tested.text, [HARD_PASSWORD]);
    });

    it('the database the URI names is the one dialled: an unknown one fails with DATABASE_NOT_FOUND', async () => {
      const uri = `postgres://${role}:${encoded(HARD_PASSWORD)}@127.0.0.1:${port()}/${encoded(`${database} gone`)}`;
      const tested = await test(await importBody({ configName: freshName(), uri }).expect(201));
      expect(tested.body).toMatchObject({
        status: 'failure',
        error: { reason: 'DATABASE_NOT_FOUND' },
      });
    });
  });

  describeWithMysql('into the real MariaDB of TEST_MYSQL_URL, then /test', () => {
    const database = `cs_imp_${hex()}`;
    const user = `cs_imp_${hex()}`;
    let server: URL;
    const admin = async () => {
      const url = new URL(String(TEST_MYSQL_URL));
      return createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.slice(1) || 'test',
      });
    };
    beforeAll(async () => {
      server = new URL(String(TEST_MYSQL_URL));
      const connection = await admin();
      try {
        await connection.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', HARD_PASSWORD]);
        await connection.query(`CREATE DATABASE ${database}`);
        await connection.query(`GRANT SELECT ON ${database}.* TO ?@?`, [user, '%']);
      } finally {
        await connection.end();
      }
    });
    afterAll(async () => {
      const connection = await admin();
      try {
        await connection.query('DROP USER IF EXISTS ?@?', [user, '%']);
        await connection.query(`DROP DATABASE IF EXISTS ${database}`);
      } finally {
        await connection.end();
      }
    });
    const port = () => server.port || '3306';
    const test = (res: Response) => t.http.post(`${BASE}/${String(res.body.id)}/test`).expect(200);

    it.each(['mysql', 'mariadb'])(
      'a %s:// URI whose password has @:/?#% in it (%-encoded): 201, then /test succeeds against the password-checking server',
      async (scheme) => {
        const uri = `${scheme}://${user}:${encoded(HARD_PASSWORD)}@127.0.0.1:${port()}/${database}?ssl-mode=DISABLED`;
        const res = await importBody({ configName: freshName(), uri }).expect(201);
        expect(res.body).toMatchObject({
          type: 'MYSQL',
          databaseName: database,
          userName: user,
          ssl: { mode: 'disable' },
        });
        const tested = await test(res);
        expect(tested.body).toMatchObject({ status: 'success', message: 'Connection successful' });
        expectNoSecrets(tested.text, [HARD_PASSWORD]);
      },
    );

    it('the password is the decoded one: the same text left encoded is refused by the server (AUTH_FAILED)', async () => {
      const uri = `mysql://${user}:${encoded(encoded(HARD_PASSWORD))}@127.0.0.1:${port()}/${database}?ssl-mode=DISABLED`;
      const tested = await test(await importBody({ configName: freshName(), uri }).expect(201));
      expect(tested.body).toMatchObject({ status: 'failure', error: { reason: 'AUTH_FAILED' } });
    });
  });
});
