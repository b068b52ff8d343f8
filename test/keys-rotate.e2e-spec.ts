import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  passwordContext,
  sshPasswordContext,
  sshPrivateKeyContext,
  sslKeyContext,
} from '../src/connections/domain/secret-contexts';
import { Connection } from '../src/connections/domain/connection';
import { AesGcmSecretCipher } from '../src/crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../src/crypto/keyring';
import { RotationProgress, RotationStore, rotateKeys } from '../src/connections/key-rotation/rotate-keys';
import { ConnectionRepository } from '../src/connections/persistence/connection.repository';
import { opensshPrivateKey, someHostKeyFingerprint } from './support/ssh-keys';
import { BASE, StoreRows, connectionBody, describeEachStore, openStoreRows } from './support/store-rows';
import { StoreKind, TestApp, createTestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const run = promisify(execFile);
const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('base64');
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgROTATE\n-----END PRIVATE KEY-----\n';
/** Made at test time: the SSH tunnel's key of the rows that have one. */
const SSH_KEY = opensshPrivateKey();
const FINGERPRINT = someHostKeyFingerprint();
const BOTH = { ENCRYPTION_KEYS: `k1:${K1},k2:${K2}`, ENCRYPTION_ACTIVE_KEY_ID: 'k2' };
const rotatingCipher = () => new AesGcmSecretCipher(parseKeyring(BOTH.ENCRYPTION_KEYS, 'k2'));
const k2Only = () => new AesGcmSecretCipher(parseKeyring(`k2:${K2}`, 'k2'));

describeEachStore('keys:rotate', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  /** id → the password (and ssl key, and the SSH tunnel's password) it was created or last patched with. */
  const secrets = new Map<string, { password: string; key?: string; sshPassword?: string }>();
  const storeEnv = (): Record<string, string> => (t.storeUrl ? { DATABASE_URL: t.storeUrl } : { DATA_DIR: t.dataDir });
  /** The store behind the repository port, as the rotation command gets it. */
  const repository = () => t.app.get(ConnectionRepository);

  const create = async (i: number, withKey: boolean, withTunnel = false) => {
    const password = `rot-${i}-${randomBytes(4).toString('hex')}`;
    const sshPassword = withTunnel ? `ssh-rot-${i}-${randomBytes(4).toString('hex')}` : undefined;
    const body = connectionBody({
      password,
      ...(withKey ? { ssl: { mode: 'require', key: PEM_KEY } } : {}),
      ...(withTunnel
        ? {
            sshTunnel: {
              host: 'bastion.example.com',
              userName: 'tunnel',
              hostKeyFingerprint: FINGERPRINT,
              privateKey: SSH_KEY,
              password: sshPassword,
            },
          }
        : {}),
    });
    const res = await t.http.post(BASE).set('X-Product-Name', 'keys').send(body).expect(201);
    expectNoSecrets(res.body, [password, ...(sshPassword ? [sshPassword] : [])]);
    secrets.set(String(res.body.id), { password, key: withKey ? PEM_KEY : undefined, sshPassword });
    return String(res.body.id);
  };

  /** Every row's sealed secrets: key id and clear text (opened with the given cipher). */
  const expectAllOn = async (keyId: string, cipher: AesGcmSecretCipher) => {
    for (const [id, expected] of secrets) {
      const row = await rows.row(id);
      const sealed = String(row?.password_sealed);
      expect(cipher.keyIdOf(sealed)).toBe(keyId);
      expect(cipher.open(sealed, passwordContext(id))).toBe(expected.password);
      if (expected.key) {
        expect(cipher.keyIdOf(String(row?.ssl_key_sealed))).toBe(keyId);
        expect(cipher.open(String(row?.ssl_key_sealed), sslKeyContext(id))).toBe(expected.key);
      } else {
        expect(row?.ssl_key_sealed ?? null).toBeNull();
      }
      if (expected.sshPassword) {
        expect(cipher.keyIdOf(String(row?.ssh_password_sealed))).toBe(keyId);
        expect(cipher.keyIdOf(String(row?.ssh_private_key_sealed))).toBe(keyId);
        expect(cipher.open(String(row?.ssh_password_sealed), sshPasswordContext(id))).toBe(expected.sshPassword);
        expect(cipher.open(String(row?.ssh_private_key_sealed), sshPrivateKeyContext(id))).toBe(SSH_KEY);
      } else {
        expect(row?.ssh_password_sealed ?? null).toBeNull();
      }
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ store, env: { ENCRYPTION_KEYS: `k1:${K1}`, ENCRYPTION_ACTIVE_KEY_ID: 'k1' } });
    rows = await openStoreRows(t);
    for (let i = 0; i < 7; i++) await create(i, i % 3 === 0, i % 2 === 1);
    const deleted = await create(99, true);
    await t.http.delete(`${BASE}/${deleted}`).expect(204);
  });
  afterAll(async () => {
    await rows?.close();
    await t?.close();
  });

  it('re-seals every password, ssl key and SSH tunnel secret (deleted rows too) with the active key, in batches, with progress; the history is left as it was', async () => {
    await expectAllOn('k1', rotatingCipher());
    const history = await rows.events();
    expect(history).toHaveLength(9);
    const progress: RotationProgress[] = [];
    const result = await rotateKeys(repository(), rotatingCipher(), { batchSize: 3, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ total: 8, scanned: 8, resealed: 8, changedMeanwhile: 0 });
    expect(progress.map((p) => p.scanned)).toEqual([3, 6, 8]);
    await expectAllOn('k2', rotatingCipher());
    await expectAllOn('k2', k2Only());
    expect(await rows.events()).toEqual(history);
  });

  it('is idempotent: a second run re-seals nothing', async () => {
    const result = await rotateKeys(repository(), rotatingCipher(), { batchSize: 3 });
    expect(result).toEqual({ total: 8, scanned: 8, resealed: 0, changedMeanwhile: 0 });
    await expectAllOn('k2', k2Only());
  });

  it('never overwrites a secret that changed between its read and its write', async () => {
    const rotation = repository();
    const [first] = await rotation.batchAfter(null, 1);
    const stale: Connection = { ...first, sealedPassword: first.sealedPassword };
    // uuid v7 ids sort by creation: the first row is the first (live) connection created.
    const patched = await t.http.patch(`${BASE}/${first.id}`).send({ password: 'changed-meanwhile' }).expect(200);
    expectNoSecrets(patched.body, ['changed-meanwhile']);
    secrets.set(first.id, { ...secrets.get(first.id)!, password: 'changed-meanwhile' });
    const resealed = { ...stale, sealedPassword: rotatingCipher().seal('old-value', passwordContext(first.id)) };
    expect(await rotation.replaceSecretsIfUnchanged(resealed, stale)).toBe(false);
    const row = await rows.row(first.id);
    expect(rotatingCipher().open(String(row?.password_sealed), passwordContext(first.id))).toBe('changed-meanwhile');
  });

  it('stopped half-way loses nothing, and the CLI finishes the job', async () => {
    // New rows sealed with k1 by the running app (still on k1).
    for (let i = 10; i < 16; i++) await create(i, i % 2 === 0);
    let writes = 0;
    const real = repository();
    const interrupted: RotationStore = {
      countAll: () => real.countAll(),
      batchAfter: (afterId, limit) => real.batchAfter(afterId, limit),
      replaceSecretsIfUnchanged: (next, previous) => {
        if (++writes > 3) throw new Error('stopped');
        return real.replaceSecretsIfUnchanged(next, previous);
      },
    };
    await expect(rotateKeys(interrupted, rotatingCipher(), { batchSize: 2 })).rejects.toThrow('stopped');
    const both = rotatingCipher();
    const keyIds = new Set<string>();
    let onK1 = 0;
    for (const [id, expected] of secrets) {
      const row = await rows.row(id);
      const sealed = String(row?.password_sealed);
      keyIds.add(both.keyIdOf(sealed));
      expect(both.open(sealed, passwordContext(id))).toBe(expected.password);
      const sealedKey = typeof row?.ssl_key_sealed === 'string' ? row.ssl_key_sealed : undefined;
      if (both.keyIdOf(sealed) === 'k1' || (sealedKey && both.keyIdOf(sealedKey) === 'k1')) onK1++;
    }
    expect([...keyIds].sort()).toEqual(['k1', 'k2']);
    expect(onK1).toBeGreaterThan(0);

    const cli = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/connections/key-rotation/rotate-keys.cli.ts'], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH, ...storeEnv(), ...BOTH },
    });
    expect(cli.stdout).toContain('active key: k2');
    expect(cli.stdout).toMatch(/^rotated \d+\/14 /m);
    expect(cli.stdout).toMatch(new RegExp(`^done: rotated 14/14 \\(${onK1} re-sealed\\)$`, 'm'));
    for (const { password } of secrets.values()) expect(cli.stdout + cli.stderr).not.toContain(password);
    await expectAllOn('k2', k2Only());
  });

  it('the service with k2 only still reads and updates every connection', async () => {
    const k2App = await createTestApp({ env: { ...storeEnv(), ENCRYPTION_KEYS: `k2:${K2}`, ENCRYPTION_ACTIVE_KEY_ID: 'k2' } });
    try {
      const listed = await k2App.http.get(`${BASE}?limit=100`).set('X-Product-Name', 'keys').expect(200);
      expectNoSecrets(listed.body, [...secrets.values()].map((s) => s.password));
      const live = listed.body.items as Array<{ id: string }>;
      expect(live).toHaveLength(13);
      for (const { id } of live.slice(0, 3)) {
        const read = await k2App.http.get(`${BASE}/${id}`).expect(200);
        expectNoSecrets(read.body, [secrets.get(id)!.password]);
        const patched = await k2App.http.patch(`${BASE}/${id}`).send({ databaseName: 'after_k2' }).expect(200);
        expectNoSecrets(patched.body, [secrets.get(id)!.password]);
        expect(patched.body.databaseName).toBe('after_k2');
      }
      const renewed = await k2App.http.patch(`${BASE}/${live[0].id}`).send({ password: 'after-rotation' }).expect(200);
      expectNoSecrets(renewed.body, ['after-rotation']);
      secrets.set(live[0].id, { ...secrets.get(live[0].id)!, password: 'after-rotation' });
      await expectAllOn('k2', k2Only());
    } finally {
      await k2App.close();
    }
  });
});
