import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { hostPolicyOf } from '../../test/support/default-host-policy';
import { MemoryConnectionRepository } from '../../test/support/memory-connection-repository';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { AesGcmSecretCipher } from '../crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../crypto/keyring';
import { ConnectionResponseDto } from './dto/connection-response.dto';
import { ConnectionsService, Scope } from './connections.service';
import { Connection, StoredSshTunnel } from './domain/connection';
import {
  passwordContext,
  sshPassphraseContext,
  sshPasswordContext,
  sshPrivateKeyContext,
} from './domain/secret-contexts';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { SshTunnelDto } from './dto/ssh-tunnel.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';
import { AuditContext } from './history/audit-context';

const ORG = 'acme';
const REPORTS: Required<Scope> = { organizationId: ORG, productName: 'reports' };
const AUDIT: AuditContext = { actor: 'alice', requestId: 'req-1' };
const PASSWORD = 'S3cret-pa55word!';
// The service trusts validated input: the key's text is not read here (the DTO's rules do that).
const KEY = 'TUNNEL-PRIVATE-KEY-TEXT';
const PASSPHRASE = 'tunnel-passphrase-7f3a';
const SSH_PASSWORD = 'tunnel-pa55word-9c1d';
const FINGERPRINT = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
const REQUIRED = 'required when the destination changes';

const tunnel = (overrides: Partial<SshTunnelDto> = {}): SshTunnelDto => ({
  host: 'bastion.example.com',
  userName: 'tunnel',
  hostKeyFingerprint: FINGERPRINT,
  privateKey: KEY,
  passphrase: PASSPHRASE,
  ...overrides,
});

const createInput = (overrides: Partial<CreateConnectionDto> = {}): CreateConnectionDto => ({
  configName: `db-${uuidv7().slice(-12)}`,
  type: 'POSTGRESQL',
  host: '10.0.0.5',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  password: PASSWORD,
  sshTunnel: tunnel(),
  ...overrides,
});

async function refusal(work: Promise<unknown>): Promise<FetException> {
  const outcome: unknown = await work.then(
    () => new Error('expected a refusal, but the call succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof FetException) return outcome;
  throw outcome;
}

describe('ConnectionsService and sshTunnel (in-memory store, real AES-GCM cipher)', () => {
  const cipher = new AesGcmSecretCipher(
    parseKeyring(`unit:${randomBytes(32).toString('base64')}`, 'unit'),
  );
  let store: MemoryConnectionRepository;
  let service: ConnectionsService;

  const build = (mode: 'default' | 'strict' = 'default') => {
    store = new MemoryConnectionRepository();
    service = new ConnectionsService(store, cipher, hostPolicyOf(mode));
  };
  beforeEach(() => build());

  const stored = (id: string): Connection => {
    const row = store.stored(id);
    if (!row) throw new Error(`nothing stored under ${id}`);
    return row.connection;
  };
  const storedTunnel = (id: string): StoredSshTunnel => {
    const found = stored(id).sshTunnel;
    if (!found) throw new Error(`no tunnel stored under ${id}`);
    return found;
  };
  const update = (id: string, input: UpdateConnectionDto) =>
    service.update({ organizationId: ORG }, id, input, AUDIT);
  const guardRefusal = async (id: string, input: UpdateConnectionDto) => {
    const before = stored(id);
    const error = await refusal(update(id, input));
    expect(stored(id)).toEqual(before);
    return error;
  };

  describe('create', () => {
    it('stores the route in clear (port 22 by default) and seals each secret under its own context', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ sshTunnel: tunnel({ password: SSH_PASSWORD }) }),
        AUDIT,
      );
      const sealed = storedTunnel(created.id);
      expect(sealed).toEqual({
        host: 'bastion.example.com',
        port: 22,
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
        sealedPrivateKey: expect.any(String),
        sealedPassphrase: expect.any(String),
        sealedPassword: expect.any(String),
      });
      expect(JSON.stringify(stored(created.id))).not.toMatch(
        new RegExp(`${KEY}|${PASSPHRASE}|${SSH_PASSWORD}`),
      );
      expect(cipher.open(sealed.sealedPrivateKey ?? '', sshPrivateKeyContext(created.id))).toBe(
        KEY,
      );
      expect(cipher.open(sealed.sealedPassphrase ?? '', sshPassphraseContext(created.id))).toBe(
        PASSPHRASE,
      );
      expect(cipher.open(sealed.sealedPassword ?? '', sshPasswordContext(created.id))).toBe(
        SSH_PASSWORD,
      );
      // Each opens under its own context only: not another field's, not the database password's.
      expect(() =>
        cipher.open(sealed.sealedPrivateKey ?? '', sshPasswordContext(created.id)),
      ).toThrow();
      expect(() => cipher.open(sealed.sealedPassword ?? '', passwordContext(created.id))).toThrow();
      expect(() =>
        cipher.open(sealed.sealedPassphrase ?? '', sshPrivateKeyContext(created.id)),
      ).toThrow();
    });

    it('the response carries the route only; credentialsOf opens every secret for the dial', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ sshTunnel: tunnel({ port: 2222 }) }),
        AUDIT,
      );
      const response = ConnectionResponseDto.from(created);
      expect(response.sshTunnel).toEqual({
        host: 'bastion.example.com',
        port: 2222,
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
      });
      expect(JSON.stringify(response)).not.toMatch(/sealed|v1:|TUNNEL-PRIVATE|passphrase/);
      expect(service.credentialsOf(stored(created.id)).sshTunnel).toEqual({
        host: 'bastion.example.com',
        port: 2222,
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
        privateKey: KEY,
        passphrase: PASSPHRASE,
      });
      const direct = await service.create(
        REPORTS,
        createInput({ sshTunnel: undefined, host: 'db.example.com' }),
        AUDIT,
      );
      expect(ConnectionResponseDto.from(direct).sshTunnel).toBeUndefined();
      expect(service.credentialsOf(direct).sshTunnel).toBeNull();
    });

    it('a tunnel secret copied onto another connection does not open', async () => {
      const first = await service.create(REPORTS, createInput(), AUDIT);
      const second = await service.create(REPORTS, createInput(), AUDIT);
      const copied = {
        ...second,
        sshTunnel: {
          ...storedTunnel(second.id),
          sealedPrivateKey: storedTunnel(first.id).sealedPrivateKey,
        },
      };
      expect(() => service.credentialsOf(copied)).toThrow();
    });

    it('MongoDB through a tunnel is a direct connection: replicaSet or directConnection=false → FET-0001 naming it', async () => {
      for (const metadata of [{ replicaSet: 'rs0' }, { directConnection: 'false' }] as Record<string, string>[]) {
        const error = await refusal(
          service.create(REPORTS, createInput({ type: 'MONGODB', port: 27017, metadata }), AUDIT),
        );
        expect(error.code).toBe(FetErrorCode.BadRequest);
        expect(error.fields).toEqual({
          [`metadata.${Object.keys(metadata)[0]}`]:
            'cannot be used with sshTunnel: through a tunnel MongoDB is dialled as a direct connection to its one host',
        });
      }
      await service.create(
        REPORTS,
        createInput({
          type: 'MONGODB',
          port: 27017,
          metadata: { directConnection: 'true', authSource: 'admin' },
        }),
        AUDIT,
      );
      await service.create(
        REPORTS,
        createInput({
          type: 'MONGODB',
          port: 27017,
          sshTunnel: undefined,
          metadata: { replicaSet: 'rs0' },
        }),
        AUDIT,
      );
      expect(await store.countAll()).toBe(2);
    });
  });

  describe('PATCH', () => {
    it('a block without secrets and the same route keeps the sealed secrets as they were (a new fingerprint is taken)', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const before = storedTunnel(created.id);
      const next = await update(created.id, {
        sshTunnel: {
          host: 'BASTION.example.com',
          port: 22,
          userName: 'tunnel',
          hostKeyFingerprint: 'SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
        },
      });
      expect(storedTunnel(created.id)).toEqual({
        ...before,
        host: 'BASTION.example.com',
        hostKeyFingerprint: 'SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      });
      expect(next.sealedPassword).toBe(created.sealedPassword);
    });

    it('a block with secrets replaces all of them: a password instead of a key drops the key and its passphrase', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      await update(created.id, {
        sshTunnel: {
          ...tunnel({ privateKey: undefined, passphrase: undefined }),
          password: SSH_PASSWORD,
        },
      });
      const sealed = storedTunnel(created.id);
      expect(Object.keys(sealed).filter((key) => key.startsWith('sealed'))).toEqual([
        'sealedPassword',
      ]);
      expect(service.credentialsOf(stored(created.id)).sshTunnel).toEqual({
        host: 'bastion.example.com',
        port: 22,
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
        password: SSH_PASSWORD,
      });
    });

    it('sshTunnel: null removes the tunnel, with the password', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      expect((await refusal(update(created.id, { sshTunnel: null }))).fields).toEqual({
        password: REQUIRED,
      });
      await update(created.id, { sshTunnel: null, password: 'N3w-pa55word!' });
      expect(stored(created.id).sshTunnel).toBeNull();
    });

    it('the guard: adding a tunnel needs the password and a tunnel secret; FET-0402 names each missing one', async () => {
      const direct = await service.create(
        REPORTS,
        createInput({ sshTunnel: undefined, host: 'db.example.com' }),
        AUDIT,
      );
      const bare = {
        host: 'bastion.example.com',
        userName: 'tunnel',
        hostKeyFingerprint: FINGERPRINT,
      };
      const error = await guardRefusal(direct.id, { sshTunnel: bare });
      expect(error.code).toBe(FetErrorCode.MissingFields);
      expect(error.fields).toEqual({
        password: REQUIRED,
        'sshTunnel.privateKey': REQUIRED,
        'sshTunnel.password': REQUIRED,
      });
      expect(
        (await guardRefusal(direct.id, { sshTunnel: bare, password: 'N3w-pa55word!' })).fields,
      ).toEqual({
        'sshTunnel.privateKey': REQUIRED,
        'sshTunnel.password': REQUIRED,
      });
      expect((await guardRefusal(direct.id, { sshTunnel: tunnel() })).fields).toEqual({
        password: REQUIRED,
      });
      await update(direct.id, { sshTunnel: tunnel(), password: 'N3w-pa55word!' });
      expect(storedTunnel(direct.id).sealedPrivateKey).toBeDefined();
    });

    it.each([
      ['bastion host', { host: 'attacker.example.net' }],
      ['bastion port', { port: 2222 }],
      ['SSH user', { userName: 'root' }],
    ])(
      'the guard: moving the %s without secrets → FET-0402 naming the password and the tunnel secrets',
      async (_what, change) => {
        const created = await service.create(REPORTS, createInput(), AUDIT);
        const moved = { ...tunnel(change), privateKey: undefined, passphrase: undefined };
        expect((await guardRefusal(created.id, { sshTunnel: moved })).fields).toEqual({
          password: REQUIRED,
          'sshTunnel.privateKey': REQUIRED,
          'sshTunnel.password': REQUIRED,
        });
        expect(
          (await guardRefusal(created.id, { sshTunnel: moved, password: 'N3w-pa55word!' })).fields,
        ).toEqual({
          'sshTunnel.privateKey': REQUIRED,
          'sshTunnel.password': REQUIRED,
        });
        await update(created.id, {
          sshTunnel: { ...moved, password: SSH_PASSWORD },
          password: 'N3w-pa55word!',
        });
        expect(service.credentialsOf(stored(created.id)).sshTunnel).toMatchObject({
          ...change,
          password: SSH_PASSWORD,
        });
      },
    );

    it('the host policy on the connection the PATCH makes: a tunnel removed under HOST_POLICY=strict leaves a private host → FET-0414', async () => {
      build('strict');
      const created = await service.create(REPORTS, createInput({ host: '10.0.0.5' }), AUDIT);
      const error = await guardRefusal(created.id, { sshTunnel: null, password: 'N3w-pa55word!' });
      expect(error.code).toBe(FetErrorCode.ForbiddenHost);
      expect(error.fields).toEqual({ host: 'is not allowed by the host policy' });
      // Behind the tunnel a private host is fine, a metadata address is not.
      await update(created.id, { host: '192.168.1.20', password: 'N3w-pa55word!' });
      const metadata = await guardRefusal(created.id, {
        host: '169.254.169.254',
        password: 'N3w-pa55word!',
      });
      expect(metadata.code).toBe(FetErrorCode.ForbiddenHost);
    });

    it('adding a tunnel to a MongoDB replica set → FET-0001 naming metadata.replicaSet, after the guard', async () => {
      const mongo = await service.create(
        REPORTS,
        createInput({
          type: 'MONGODB',
          port: 27017,
          sshTunnel: undefined,
          host: 'db.example.com',
          metadata: { replicaSet: 'rs0' },
        }),
        AUDIT,
      );
      expect((await guardRefusal(mongo.id, { sshTunnel: tunnel() })).code).toBe(
        FetErrorCode.MissingFields,
      );
      const error = await guardRefusal(mongo.id, {
        sshTunnel: tunnel(),
        password: 'N3w-pa55word!',
      });
      expect(error.code).toBe(FetErrorCode.BadRequest);
      expect(Object.keys(error.fields ?? {})).toEqual(['metadata.replicaSet']);
    });
  });

  describe('clone', () => {
    it('re-seals every tunnel secret under the new id: other ciphertexts, the same secrets', async () => {
      const source = await service.create(
        REPORTS,
        createInput({ sshTunnel: tunnel({ password: SSH_PASSWORD }) }),
        AUDIT,
      );
      const clone = await service.clone(
        { organizationId: ORG },
        source.id,
        { configName: 'tunnel-copy' },
        AUDIT,
      );
      const from = storedTunnel(source.id);
      const to = storedTunnel(clone.id);
      expect({ ...to, sealedPrivateKey: 0, sealedPassphrase: 0, sealedPassword: 0 }).toEqual({
        ...from,
        sealedPrivateKey: 0,
        sealedPassphrase: 0,
        sealedPassword: 0,
      });
      for (const field of ['sealedPrivateKey', 'sealedPassphrase', 'sealedPassword'] as const)
        expect(to[field]).not.toBe(from[field]);
      expect(service.credentialsOf(stored(clone.id)).sshTunnel).toEqual(
        service.credentialsOf(stored(source.id)).sshTunnel,
      );
      expect(() =>
        cipher.open(to.sealedPrivateKey ?? '', sshPrivateKeyContext(source.id)),
      ).toThrow();
    });
  });

  describe('history', () => {
    it('shows the route from/to and the secrets only as { changed: true }', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      await update(created.id, {
        sshTunnel: {
          ...tunnel({ port: 2200, privateKey: undefined, passphrase: undefined }),
          password: SSH_PASSWORD,
        },
        password: 'N3w-pa55word!',
      });
      const [createdEvent, updated] = store.history
        .all()
        .filter((event) => event.connectionId === created.id);
      expect(createdEvent.changes).toMatchObject({
        'sshTunnel.host': { from: null, to: 'bastion.example.com' },
        'sshTunnel.port': { from: null, to: 22 },
        'sshTunnel.userName': { from: null, to: 'tunnel' },
        'sshTunnel.hostKeyFingerprint': { from: null, to: FINGERPRINT },
        'sshTunnel.privateKey': { changed: true },
        'sshTunnel.passphrase': { changed: true },
      });
      expect(updated.changes).toEqual({
        password: { changed: true },
        'sshTunnel.port': { from: 22, to: 2200 },
        'sshTunnel.privateKey': { changed: true },
        'sshTunnel.passphrase': { changed: true },
        'sshTunnel.password': { changed: true },
      });
      expect(JSON.stringify(store.history.all())).not.toMatch(
        new RegExp(`${KEY}|${PASSPHRASE}|${SSH_PASSWORD}|v1:`),
      );
    });
  });
});
