import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { AesGcmSecretCipher } from '../src/crypto/aes-gcm-secret-cipher';
import {
  passwordContext,
  sshPassphraseContext,
  sshPasswordContext,
  sshPrivateKeyContext,
} from '../src/connections/domain/secret-contexts';
import { expectFetError } from './support/fet-expect';
import { opensshPrivateKey, pemPrivateKey, someHostKeyFingerprint } from './support/ssh-keys';
import {
  BASE,
  BODY_PASSWORD,
  StoreRows,
  connectionBody,
  describeEachStore,
  openStoreRows,
  testCipher,
  withStoreApp,
} from './support/store-rows';
import { StoreKind, TestApp, createTestApp, expectNoSecrets } from './support/test-app';

// Real stores: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PASSPHRASE = 'Tunnel-passphrase-7f3a';
const SSH_PASSWORD = 'Tunnel-pa55word-9c1d';
const NEW_PASSWORD = 'N3w-pa55word!';
const REQUIRED = 'required when the destination changes';
/** Made once per run (an encrypted OpenSSH key costs a KDF): never a key file in the repository. */
const KEY = opensshPrivateKey('ed25519');
const ENCRYPTED_KEY = opensshPrivateKey('ed25519', { passphrase: PASSPHRASE });
const FINGERPRINT = someHostKeyFingerprint();

/** Every secret a test sends for a tunnel, and the body part of each key: none may come back. */
const keyBody = (key: string) => key.split('\n')[1];
const SECRETS = [
  BODY_PASSWORD,
  NEW_PASSWORD,
  PASSPHRASE,
  SSH_PASSWORD,
  keyBody(KEY),
  keyBody(ENCRYPTED_KEY),
];

const tunnel = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  host: 'bastion.example.com',
  userName: 'tunnel',
  hostKeyFingerprint: FINGERPRINT,
  privateKey: ENCRYPTED_KEY,
  passphrase: PASSPHRASE,
  ...overrides,
});

/** No secret sent, and no sealed value, in an answer (error bodies and history may name the fields). */
function expectNoSecretValues(payload: unknown): void {
  const text = JSON.stringify(payload);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+|-----BEGIN/);
}

interface Connection {
  id: string;
  sshTunnel?: Record<string, unknown>;
  [field: string]: unknown;
}

describeEachStore('sshTunnel as a resource (spec §5.1)', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  let cipher: AesGcmSecretCipher;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
    cipher = testCipher();
  });

  const create = (body: Record<string, unknown>) =>
    t.http.post(BASE).set('X-Product-Name', 'reports').send(body);
  const created = async (overrides: Record<string, unknown> = {}): Promise<Connection> => {
    const res = await create(
      connectionBody({ host: '10.0.0.5', sshTunnel: tunnel(), ...overrides }),
    );
    expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^201 /);
    expectNoSecrets(res.body, SECRETS);
    return res.body as Connection;
  };
  const patch = (id: string, body: object) => t.http.patch(`${BASE}/${id}`).send(body);
  /** A refused request changes nothing: the row is as it was. */
  const refused = async (id: string, body: object, code: string, fields: string[]) => {
    const before = await rows.row(id);
    const res = await patch(id, body);
    const why = expectFetError(res, code, fields);
    expect(await rows.row(id)).toEqual(before);
    expectNoSecretValues(res.body);
    return why;
  };

  describe('create, get, list, delete', () => {
    it('201 with the route only (port 22 by default); get and list show the same, never a secret', async () => {
      const connection = await created();
      expect(connection.sshTunnel).toEqual({
        host: 'bastion.example.com',
        port: 22,
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
      });
      const read = await t.http.get(`${BASE}/${connection.id}`).expect(200);
      expect(read.body).toEqual(connection);
      const list = await t.http
        .get(BASE)
        .query({ configName: connection.configName as string })
        .expect(200);
      expect((list.body as { items: Connection[] }).items).toEqual([connection]);
      expectNoSecrets([read.body, list.body], SECRETS);
      await t.http.delete(`${BASE}/${connection.id}`).expect(204);
      await t.http.get(`${BASE}/${connection.id}`).expect(404);
    });

    it('a connection without a tunnel has no sshTunnel in its answer', async () => {
      const res = await create(connectionBody()).expect(201);
      expect(res.body).not.toHaveProperty('sshTunnel');
    });

    it('stores the route in clear and each secret sealed under its own context, which opens it only', async () => {
      const connection = await created({
        sshTunnel: tunnel({ port: 2222, password: SSH_PASSWORD }),
      });
      const row = (await rows.row(connection.id)) ?? {};
      expect({
        host: row.ssh_host,
        port: Number(row.ssh_port),
        user: row.ssh_user_name,
        fingerprint: row.ssh_host_key_fingerprint,
      }).toEqual({
        host: 'bastion.example.com',
        port: 2222,
        user: 'tunnel',
        fingerprint: FINGERPRINT,
      });
      const sealed = {
        key: String(row.ssh_private_key_sealed),
        passphrase: String(row.ssh_passphrase_sealed),
        password: String(row.ssh_password_sealed),
      };
      expect(JSON.stringify(row)).not.toContain(PASSPHRASE);
      expect(JSON.stringify(row)).not.toContain(SSH_PASSWORD);
      expect(JSON.stringify(row)).not.toContain(keyBody(ENCRYPTED_KEY));
      expect(cipher.open(sealed.key, sshPrivateKeyContext(connection.id))).toBe(ENCRYPTED_KEY);
      expect(cipher.open(sealed.passphrase, sshPassphraseContext(connection.id))).toBe(PASSPHRASE);
      expect(cipher.open(sealed.password, sshPasswordContext(connection.id))).toBe(SSH_PASSWORD);
      for (const [value, wrong] of [
        [sealed.key, sshPasswordContext(connection.id)],
        [sealed.passphrase, sshPrivateKeyContext(connection.id)],
        [sealed.password, passwordContext(connection.id)],
        [sealed.key, sshPrivateKeyContext('019abcde-f012-7345-8678-9abcdef01234')],
      ]) {
        expect(() => cipher.open(value, wrong)).toThrow();
      }
    });

    it('accepts a password instead of a key, a PEM key, and a private database host behind the bastion', async () => {
      await created({
        host: '192.168.10.4',
        sshTunnel: tunnel({ privateKey: undefined, passphrase: undefined, password: SSH_PASSWORD }),
      });
      await created({
        sshTunnel: tunnel({ privateKey: pemPrivateKey('ec'), passphrase: undefined }),
      });
      await created({ sshTunnel: tunnel({ privateKey: KEY, passphrase: undefined, port: 2200 }) });
    });
  });

  describe('validation', () => {
    it('neither privateKey nor password → 400 FET-0402 naming both (with the other missing fields)', async () => {
      const res = await create(
        connectionBody({
          sshTunnel: { host: 'bastion.example.com', hostKeyFingerprint: FINGERPRINT },
        }),
      );
      expect(
        expectFetError(res, 'FET-0402', [
          'sshTunnel.privateKey',
          'sshTunnel.password',
          'sshTunnel.userName',
        ]),
      ).toEqual({
        'sshTunnel.privateKey': 'is required when sshTunnel.password is not given',
        'sshTunnel.password': 'is required when sshTunnel.privateKey is not given',
        'sshTunnel.userName': 'is required',
      });
      expectFetError(
        await create(connectionBody({ sshTunnel: tunnel({ hostKeyFingerprint: ' ' }) })),
        'FET-0402',
        ['sshTunnel.hostKeyFingerprint'],
      );
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      [
        'an unreadable key',
        {
          privateKey:
            '-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n',
          passphrase: undefined,
        },
        {
          'sshTunnel.privateKey':
            'must be an SSH private key in OpenSSH or PEM (RSA, EC or DSA) format',
        },
      ],
      [
        'an encrypted key without its passphrase',
        { passphrase: undefined },
        { 'sshTunnel.passphrase': 'is required: sshTunnel.privateKey is encrypted' },
      ],
      [
        'an encrypted key with another passphrase',
        { passphrase: 'not the passphrase' },
        { 'sshTunnel.passphrase': 'does not decrypt sshTunnel.privateKey' },
      ],
      [
        'a passphrase without a key',
        { privateKey: undefined, password: SSH_PASSWORD },
        { 'sshTunnel.passphrase': 'is only used with sshTunnel.privateKey' },
      ],
      [
        'a fingerprint with padding',
        { hostKeyFingerprint: `${FINGERPRINT}=` },
        {
          'sshTunnel.hostKeyFingerprint':
            'must be SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it',
        },
      ],
      [
        'an MD5 fingerprint',
        { hostKeyFingerprint: 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48' },
        {
          'sshTunnel.hostKeyFingerprint':
            'must be SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it',
        },
      ],
      [
        'a port as a string',
        { port: '22' },
        { 'sshTunnel.port': 'must not be greater than 65535' },
      ],
      [
        'a port out of range',
        { port: 70000 },
        { 'sshTunnel.port': 'must not be greater than 65535' },
      ],
      [
        'a bastion that is not a host name',
        { host: 'user@bastion' },
        { 'sshTunnel.host': 'must be a host name (RFC 1123), an IPv4 or an IPv6 address' },
      ],
      [
        'a NUL in the user name',
        { userName: 'tun\u0000nel' },
        { 'sshTunnel.userName': 'must not contain the NUL character (U+0000)' },
      ],
    ])('%s → 400 FET-0001 naming it, never quoting the key', async (_what, change, fields) => {
      const res = await create(connectionBody({ sshTunnel: tunnel(change) }));
      expect(expectFetError(res, 'FET-0001', Object.keys(fields))).toEqual(fields);
      expect(res.text).not.toContain('bm90IGEga2V5');
      expectNoSecretValues(res.body);
    });

    it('a field sshTunnel does not name, prototype keys included → 400 FET-0400, before any other rule', async () => {
      const raw = `{"configName":"x","type":"POSTGRESQL","host":"db.example.com","port":5432,"databaseName":"a","userName":"b","password":"p","sshTunnel":{"host":"bastion.example.com","jump":"x","__proto__":{"a":1},"constructor":1}}`;
      const res = await t.http
        .post(BASE)
        .set('X-Product-Name', 'reports')
        .set('Content-Type', 'application/json')
        .send(raw);
      expectFetError(res, 'FET-0400', [
        'sshTunnel.jump',
        'sshTunnel.__proto__',
        'sshTunnel.constructor',
      ]);
      expectFetError(await create(connectionBody({ sshTunnel: 'bastion' })), 'FET-0001', [
        'sshTunnel',
      ]);
    });

    it('the host policy: the bastion is checked as a direct host, the database behind it keeps the default blocks → FET-0414', async () => {
      expectFetError(
        await create(connectionBody({ sshTunnel: tunnel({ host: '169.254.169.254' }) })),
        'FET-0414',
        ['sshTunnel.host'],
      );
      expectFetError(
        await create(connectionBody({ sshTunnel: tunnel({ host: 'metadata.google.internal' }) })),
        'FET-0414',
        ['sshTunnel.host'],
      );
      for (const host of ['169.254.169.254', 'metadata.google.internal', 'fe80::1']) {
        expectFetError(await create(connectionBody({ host, sshTunnel: tunnel() })), 'FET-0414', [
          'host',
        ]);
      }
      // FET-0414 before FET-0001 (the precedence of spec §2): a bad key does not hide a forbidden bastion.
      expectFetError(
        await create(
          connectionBody({
            sshTunnel: tunnel({
              host: '169.254.169.254',
              privateKey: 'not a key',
              passphrase: undefined,
            }),
          }),
        ),
        'FET-0414',
        ['sshTunnel.host'],
      );
    });

    it('MongoDB through a tunnel: replicaSet or directConnection=false → 400 FET-0001 naming the metadata key', async () => {
      const mongo = (metadata: Record<string, string>) =>
        create(connectionBody({ type: 'MONGODB', port: 27017, metadata, sshTunnel: tunnel() }));
      const why =
        'cannot be used with sshTunnel: through a tunnel MongoDB is dialled as a direct connection to its one host';
      expect(
        expectFetError(await mongo({ replicaSet: 'rs0' }), 'FET-0001', ['metadata.replicaSet']),
      ).toEqual({ 'metadata.replicaSet': why });
      expect(
        expectFetError(await mongo({ directConnection: 'false' }), 'FET-0001', [
          'metadata.directConnection',
        ]),
      ).toEqual({
        'metadata.directConnection': why,
      });
      expect((await mongo({ directConnection: 'true' })).status).toBe(201);
    });
  });

  describe('PATCH', () => {
    it('a block without secrets and the same route keeps them; the answer shows the new fingerprint', async () => {
      const connection = await created();
      const before = (await rows.row(connection.id)) ?? {};
      const fingerprint = someHostKeyFingerprint();
      const res = await patch(connection.id, {
        sshTunnel: {
          host: 'bastion.example.com',
          userName: 'tunnel',
          hostKeyFingerprint: fingerprint,
        },
      }).expect(200);
      expect((res.body as Connection).sshTunnel).toEqual({
        host: 'bastion.example.com',
        port: 22,
        userName: 'tunnel',
        hostKeyFingerprint: fingerprint,
      });
      const after = (await rows.row(connection.id)) ?? {};
      expect([after.ssh_private_key_sealed, after.ssh_passphrase_sealed]).toEqual([
        before.ssh_private_key_sealed,
        before.ssh_passphrase_sealed,
      ]);
      expectNoSecrets(res.body, SECRETS);
    });

    it('a block with a password replaces the key and its passphrase; sshTunnel: null removes the tunnel (with the password)', async () => {
      const connection = await created();
      await patch(connection.id, {
        sshTunnel: tunnel({ privateKey: undefined, passphrase: undefined, password: SSH_PASSWORD }),
      }).expect(200);
      const row = (await rows.row(connection.id)) ?? {};
      expect([row.ssh_private_key_sealed, row.ssh_passphrase_sealed]).toEqual([null, null]);
      expect(cipher.open(String(row.ssh_password_sealed), sshPasswordContext(connection.id))).toBe(
        SSH_PASSWORD,
      );

      expect(await refused(connection.id, { sshTunnel: null }, 'FET-0402', ['password'])).toEqual({
        password: REQUIRED,
      });
      const removed = await patch(connection.id, {
        sshTunnel: null,
        password: NEW_PASSWORD,
      }).expect(200);
      expect(removed.body).not.toHaveProperty('sshTunnel');
      const cleared = (await rows.row(connection.id)) ?? {};
      expect([cleared.ssh_host, cleared.ssh_port, cleared.ssh_password_sealed]).toEqual([
        null,
        null,
        null,
      ]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['bastion host', { host: 'attacker.example.net' }],
      ['bastion port', { port: 2222 }],
      ['SSH user', { userName: 'root' }],
    ])(
      'the guard: moving the %s needs the database password and a tunnel secret (FET-0402)',
      async (_what, change) => {
        const connection = await created();
        const moved = tunnel({ ...change, privateKey: undefined, passphrase: undefined });
        expect(
          await refused(connection.id, { sshTunnel: moved }, 'FET-0402', [
            'password',
            'sshTunnel.privateKey',
            'sshTunnel.password',
          ]),
        ).toEqual({
          password: REQUIRED,
          'sshTunnel.privateKey': REQUIRED,
          'sshTunnel.password': REQUIRED,
        });
        await refused(connection.id, { sshTunnel: moved, password: NEW_PASSWORD }, 'FET-0402', [
          'sshTunnel.privateKey',
          'sshTunnel.password',
        ]);
        await refused(
          connection.id,
          { sshTunnel: { ...moved, password: SSH_PASSWORD } },
          'FET-0402',
          ['password'],
        );
        await patch(connection.id, {
          sshTunnel: { ...moved, password: SSH_PASSWORD },
          password: NEW_PASSWORD,
        }).expect(200);
      },
    );

    it('the guard: adding a tunnel to a direct connection needs both; a database host policy check follows the tunnel', async () => {
      const direct = await create(connectionBody()).expect(201);
      const id = (direct.body as Connection).id;
      await refused(id, { sshTunnel: tunnel() }, 'FET-0402', ['password']);
      await refused(
        id,
        {
          sshTunnel: tunnel({ privateKey: undefined, passphrase: undefined }),
          password: NEW_PASSWORD,
        },
        'FET-0402',
        ['sshTunnel.privateKey', 'sshTunnel.password'],
      );
      await refused(
        id,
        { sshTunnel: tunnel({ host: '169.254.169.254' }), password: NEW_PASSWORD },
        'FET-0414',
        ['sshTunnel.host'],
      );
      await refused(
        id,
        { host: 'metadata.google.internal', sshTunnel: tunnel(), password: NEW_PASSWORD },
        'FET-0414',
        ['host'],
      );
      const res = await patch(id, { sshTunnel: tunnel(), password: NEW_PASSWORD }).expect(200);
      expect((res.body as Connection).sshTunnel).toMatchObject({ host: 'bastion.example.com' });
    });
  });

  describe('import, clone and the history', () => {
    it('import takes the body’s sshTunnel; the URI’s host is then the host behind the bastion', async () => {
      const res = await t.http
        .post(`${BASE}/import`)
        .set('X-Product-Name', 'reports')
        .send({
          configName: `imp-${Date.now()}`,
          uri: `postgres://reader:${BODY_PASSWORD}@10.1.2.3:5432/app`,
          sshTunnel: tunnel(),
        });
      expect(`${res.status}`).toBe('201');
      expect((res.body as Connection).sshTunnel).toEqual({
        host: 'bastion.example.com',
        port: 22,
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
      });
      expectNoSecrets(res.body, SECRETS);
      const metadataHost = await t.http
        .post(`${BASE}/import`)
        .set('X-Product-Name', 'reports')
        .send({
          configName: `imp-${Date.now()}`,
          uri: `postgres://reader:${BODY_PASSWORD}@169.254.169.254/app`,
          sshTunnel: tunnel(),
        });
      expectFetError(metadataHost, 'FET-0414', ['host']);
    });

    it('clone re-seals the tunnel secrets under the new id: other ciphertexts that open to the same secrets', async () => {
      const source = await created({ sshTunnel: tunnel({ password: SSH_PASSWORD }) });
      const res = await t.http
        .post(`${BASE}/${source.id}/clone`)
        .send({ configName: `clone-${Date.now()}` })
        .expect(201);
      const clone = res.body as Connection;
      expect(clone.sshTunnel).toEqual(source.sshTunnel);
      const [from, to] = [(await rows.row(source.id)) ?? {}, (await rows.row(clone.id)) ?? {}];
      for (const [column, context] of [
        ['ssh_private_key_sealed', sshPrivateKeyContext],
        ['ssh_passphrase_sealed', sshPassphraseContext],
        ['ssh_password_sealed', sshPasswordContext],
      ] as const) {
        expect(to[column]).not.toBe(from[column]);
        expect(cipher.open(String(to[column]), context(clone.id))).toBe(
          cipher.open(String(from[column]), context(source.id)),
        );
        expect(() => cipher.open(String(to[column]), context(source.id))).toThrow();
      }
    });

    it('the history lists the route from/to and the tunnel secrets only as { changed: true }', async () => {
      const connection = await created();
      await patch(connection.id, {
        sshTunnel: tunnel({ port: 2200, privateKey: KEY, passphrase: undefined }),
        password: NEW_PASSWORD,
      }).expect(200);
      const res = await t.http.get(`${BASE}/${connection.id}/history`).expect(200);
      const [updated, createdEvent] = (
        res.body as { items: Array<{ changes: Record<string, unknown> }> }
      ).items;
      expect(updated.changes).toEqual({
        password: { changed: true },
        'sshTunnel.port': { from: 22, to: 2200 },
        'sshTunnel.privateKey': { changed: true },
        'sshTunnel.passphrase': { changed: true },
      });
      expect(createdEvent.changes).toMatchObject({
        'sshTunnel.host': { from: null, to: 'bastion.example.com' },
        'sshTunnel.hostKeyFingerprint': { from: null, to: FINGERPRINT },
        'sshTunnel.privateKey': { changed: true },
      });
      expectNoSecretValues(res.body);
    });
  });
});

describeEachStore(
  'sshTunnel in the provisioning file (spec §3.15): its secrets as ${ENV} references',
  (store: StoreKind) => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-ssh-prov-'));
    const file = join(dir, 'connections.yaml');
    const env = {
      PROVISIONING_FILE: file,
      PROV_DB_PASSWORD: BODY_PASSWORD,
      PROV_SSH_KEY: ENCRYPTED_KEY,
      PROV_SSH_PASSPHRASE: PASSPHRASE,
    };
    const id = uuidv5('default/tunnel-prov', '6ba7b811-9dad-11d1-80b4-00c04fd430c8');
    writeFileSync(
      file,
      `connections:
  - configName: tunnel-prov
    type: POSTGRESQL
    host: 10.20.0.5
    port: 5432
    databaseName: app
    userName: reporter
    password: \${PROV_DB_PASSWORD}
    sshTunnel:
      host: bastion.example.com
      port: 2222
      userName: tunnel
      hostKeyFingerprint: ${FINGERPRINT}
      privateKey: \${PROV_SSH_KEY}
      passphrase: \${PROV_SSH_PASSPHRASE}
`,
    );
    let t: TestApp | undefined;
    afterAll(async () => {
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores the entry with its secrets sealed from the environment, shown in the history only as changed', async () => {
      t = await createTestApp({ store, env });
      const rows = await openStoreRows(t);
      try {
        const res = await t.http.get(`${BASE}/${id}`).expect(200);
        expect((res.body as Connection).sshTunnel).toEqual({
          host: 'bastion.example.com',
          port: 2222,
          userName: 'tunnel',
          hostKeyFingerprint: FINGERPRINT,
        });
        expectNoSecrets(res.body, SECRETS);
        const row = (await rows.row(id)) ?? {};
        const cipher = testCipher();
        expect(cipher.open(String(row.ssh_private_key_sealed), sshPrivateKeyContext(id))).toBe(
          ENCRYPTED_KEY,
        );
        expect(cipher.open(String(row.ssh_passphrase_sealed), sshPassphraseContext(id))).toBe(
          PASSPHRASE,
        );
        expect(row.ssh_password_sealed).toBeNull();
        const history = await t.http.get(`${BASE}/${id}/history`).expect(200);
        expect(JSON.stringify(history.body)).not.toContain(PASSPHRASE);
        expect(
          (history.body as { items: Array<{ changes: Record<string, unknown> }> }).items[0].changes,
        ).toMatchObject({
          'sshTunnel.privateKey': { changed: true },
          'sshTunnel.passphrase': { changed: true },
          'sshTunnel.port': { from: null, to: 2222 },
        });
      } finally {
        await rows.close();
      }
    });

    it('a literal tunnel secret in the file fails the boot, naming the field and never the value', async () => {
      const literal = join(dir, 'literal.yaml');
      writeFileSync(
        literal,
        `connections:
  - { configName: lit, type: POSTGRESQL, host: 10.0.0.1, port: 5432, databaseName: a, userName: b, password: "\${PROV_DB_PASSWORD}", sshTunnel: { host: bastion.example.com, userName: t, hostKeyFingerprint: "${FINGERPRINT}", password: ${SSH_PASSWORD} } }
`,
      );
      const boot = createTestApp({ store, env: { ...env, PROVISIONING_FILE: literal } });
      await expect(boot).rejects.toThrow(
        'connections[0].sshTunnel.password: must be a ${ENV_NAME} reference',
      );
      await expect(boot).rejects.not.toThrow(SSH_PASSWORD);
    });
  },
);
