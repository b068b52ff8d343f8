import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { MemoryConnectionRepository } from '../../test/support/memory-connection-repository';
import { hostPolicyOf } from '../../test/support/default-host-policy';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { AesGcmSecretCipher } from '../crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../crypto/keyring';
import { ConnectionsService, Scope } from './connections.service';
import { Connection, connectionETag } from './domain/connection';
import { passwordContext, sslKeyContext } from './domain/secret-contexts';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';
import { AuditContext } from './history/audit-context';

const ORG = 'acme';
const REPORTS: Required<Scope> = { organizationId: ORG, productName: 'reports' };
const PASSWORD = 'S3cret-pa55word!';
const PEM_CERT =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FfY2VydA==\n-----END CERTIFICATE-----\n';
const PEM_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const KEY_BODY = 'MIGHAgEAMBMGByqGSM49';
const AUDIT: AuditContext = { actor: 'alice', requestId: 'req-1' };
const PAGE = { sortBy: 'createdAt', sortOrder: 'asc', page: 1, limit: 100 } as const;

/** A valid create input, as the ValidationPipe hands it to the service. */
const createInput = (overrides: Partial<CreateConnectionDto> = {}): CreateConnectionDto => ({
  configName: `db-${uuidv7().slice(-12)}`,
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  password: PASSWORD,
  ...overrides,
});

/** The FetException a call was refused with (fails the test when it resolved or threw anything else). */
async function refusal(work: Promise<unknown>): Promise<FetException> {
  const outcome: unknown = await work.then(
    () => new Error('expected a refusal, but the call succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof FetException) return outcome;
  throw outcome;
}

describe('ConnectionsService (in-memory store, real AES-GCM cipher)', () => {
  const cipher = new AesGcmSecretCipher(
    parseKeyring(`unit:${randomBytes(32).toString('base64')}`, 'unit'),
  );
  let store: MemoryConnectionRepository;
  let service: ConnectionsService;

  beforeEach(() => {
    store = new MemoryConnectionRepository();
    service = new ConnectionsService(store, cipher, hostPolicyOf());
  });

  const stored = (id: string): Connection => {
    const row = store.stored(id);
    if (!row) throw new Error(`nothing stored under ${id}`);
    return row.connection;
  };

  /** A live connection without a product, as provisioning or an older store leaves them. */
  const storeUnassigned = async (
    organizationId = ORG,
    provisioned = false,
  ): Promise<Connection> => {
    const id = uuidv7();
    const now = new Date();
    const connection: Connection = {
      ...createInput(),
      id,
      organizationId,
      productName: null,
      sealedPassword: cipher.seal(PASSWORD, passwordContext(id)),
      schema: null,
      ssl: null,
      metadata: {},
      sshTunnel: null,
      createdAt: now,
      updatedAt: now,
      provisioned,
    };
    await store.insert(connection, []);
    return connection;
  };

  describe('create', () => {
    it('stores the connection in the organization and product of the request', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ configName: 'sales', schema: 'public', metadata: { team: 'data' } }),
        AUDIT,
      );
      expect(created).toMatchObject({
        organizationId: ORG,
        productName: 'reports',
        configName: 'sales',
        schema: 'public',
        ssl: null,
        metadata: { team: 'data' },
      });
      expect(created.createdAt).toEqual(created.updatedAt);
      expect(stored(created.id)).toEqual(created);
    });

    it('seals the password under its own connection’s password context and never keeps it in clear', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const other = await service.create(REPORTS, createInput(), AUDIT);
      const { sealedPassword } = stored(created.id);
      expect(cipher.open(sealedPassword, passwordContext(created.id))).toBe(PASSWORD);
      // Copied onto another connection, or read as another secret of this one, it does not open.
      expect(() => cipher.open(sealedPassword, passwordContext(other.id))).toThrow();
      expect(() => cipher.open(sealedPassword, sslKeyContext(created.id))).toThrow();
      expect(JSON.stringify(store.stored(created.id))).not.toContain(PASSWORD);
      expect(JSON.stringify(created)).not.toContain(PASSWORD);
    });

    it('seals ssl.key under the connection’s ssl.key context and keeps ca and cert as given', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ ssl: { mode: 'verify-full', ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY } }),
        AUDIT,
      );
      const { ssl } = stored(created.id);
      expect(ssl).toEqual({
        mode: 'verify-full',
        ca: PEM_CERT,
        cert: PEM_CERT,
        sealedKey: expect.any(String),
      });
      expect(cipher.open(ssl!.sealedKey!, sslKeyContext(created.id))).toBe(PEM_KEY);
      expect(() => cipher.open(ssl!.sealedKey!, passwordContext(created.id))).toThrow();
      expect(JSON.stringify(store.stored(created.id))).not.toContain(KEY_BODY);
    });

    it('keeps no empty schema and no SSL or metadata that were not given', async () => {
      const created = await service.create(REPORTS, createInput({ schema: '' }), AUDIT);
      expect(stored(created.id)).toMatchObject({ schema: null, ssl: null, metadata: {} });
    });

    it('a configName the organization already uses, in any case → FET-1002, and nothing more is stored', async () => {
      await service.create(REPORTS, createInput({ configName: 'Sales-Warehouse' }), AUDIT);
      const error = await refusal(
        service.create(
          { ...REPORTS, productName: 'billing' },
          createInput({ configName: 'sales-WAREHOUSE' }),
          AUDIT,
        ),
      );
      expect(error.code).toBe(FetErrorCode.Conflict);
      expect(error.fields).toEqual({ configName: expect.any(String) });
      expect(await store.countAll()).toBe(1);
    });

    it('the same configName is free in another organization, and again once its holder is deleted', async () => {
      const first = await service.create(REPORTS, createInput({ configName: 'sales' }), AUDIT);
      await service.create(
        { organizationId: 'globex', productName: 'reports' },
        createInput({ configName: 'sales' }),
        AUDIT,
      );
      await service.remove(REPORTS, first.id, AUDIT);
      const again = await service.create(REPORTS, createInput({ configName: 'SALES' }), AUDIT);
      expect(again.id).not.toBe(first.id);
    });

    it('checks the engine rules: a MongoDB directConnection other than "true"/"false" → FET-0001 naming it', async () => {
      const error = await refusal(
        service.create(
          REPORTS,
          createInput({ type: 'MONGODB', metadata: { directConnection: 'yes' } }),
          AUDIT,
        ),
      );
      expect(error.code).toBe(FetErrorCode.BadRequest);
      expect(error.fields).toEqual({ 'metadata.directConnection': expect.any(String) });
      expect(await store.countAll()).toBe(0);
    });
  });

  describe('get, update and remove see only the connections of the caller’s organization (and product, when asked)', () => {
    const byId: Array<[string, (scope: Scope, id: string) => Promise<unknown>]> = [
      ['get', (scope, id) => service.get(scope, id)],
      ['update', (scope, id) => service.update(scope, id, { port: 1 }, AUDIT)],
      ['remove', (scope, id) => service.remove(scope, id, AUDIT)],
    ];

    it.each(byId)(
      '%s: another organization’s connection → FET-1001, and it is left as it was',
      async (_name, call) => {
        const ours = await service.create(REPORTS, createInput(), AUDIT);
        expect((await refusal(call({ organizationId: 'globex' }, ours.id))).code).toBe(
          FetErrorCode.EntityNotFound,
        );
        expect(
          (await refusal(call({ organizationId: 'globex', productName: 'reports' }, ours.id))).code,
        ).toBe(FetErrorCode.EntityNotFound);
        expect(store.stored(ours.id)).toEqual({ connection: ours, deletedAt: null });
      },
    );

    it.each(byId)(
      '%s: another product’s connection → FET-1001, and it is left as it was',
      async (_name, call) => {
        const created = await service.create(REPORTS, createInput(), AUDIT);
        expect((await refusal(call({ ...REPORTS, productName: 'billing' }, created.id))).code).toBe(
          FetErrorCode.EntityNotFound,
        );
        expect(store.stored(created.id)).toEqual({ connection: created, deletedAt: null });
      },
    );

    it.each(byId)('%s: a deleted or unknown connection → FET-1001', async (_name, call) => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      await service.remove(REPORTS, created.id, AUDIT);
      expect((await refusal(call(REPORTS, created.id))).code).toBe(FetErrorCode.EntityNotFound);
      expect((await refusal(call(REPORTS, uuidv7()))).code).toBe(FetErrorCode.EntityNotFound);
    });

    it('without a product in the request, every connection of the organization is in reach', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      expect(await service.get({ organizationId: ORG }, created.id)).toEqual(created);
    });
  });

  describe('remove', () => {
    it('is a soft delete: the row stays, marked deleted, and no read finds it', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      await service.remove(REPORTS, created.id, AUDIT);
      expect(store.stored(created.id)?.deletedAt).toEqual(expect.any(Date));
      expect(await service.findByConfigNames(REPORTS, [created.configName])).toEqual([]);
      expect((await service.list(REPORTS, PAGE)).total).toBe(0);
    });
  });

  describe('update: a PATCH merges into the stored connection', () => {
    it('an empty change → FET-0001 naming the body', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const error = await refusal(service.update(REPORTS, created.id, { port: undefined }, AUDIT));
      expect(error.code).toBe(FetErrorCode.BadRequest);
      expect(error.fields).toEqual({ body: expect.any(String) });
    });

    it('absent fields stay as they are; createdAt is kept and updatedAt moves forward', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ schema: 'sales', metadata: { team: 'data' }, ssl: { mode: 'require' } }),
        AUDIT,
      );
      const updated = await service.update(
        REPORTS,
        created.id,
        {
          databaseName: 'warehouse',
          userName: 'analyst',
        },
        AUDIT,
      );
      expect(updated).toEqual({
        ...created,
        databaseName: 'warehouse',
        userName: 'analyst',
        updatedAt: updated.updatedAt,
      });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
      expect(stored(created.id)).toEqual(updated);
    });

    it('without a password the sealed one is kept as it was; a new one is sealed under the same context', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      await service.update(REPORTS, created.id, { userName: 'someone-else' }, AUDIT);
      expect(stored(created.id).sealedPassword).toBe(created.sealedPassword);
      await service.update(REPORTS, created.id, { password: 'N3w-pa55word' }, AUDIT);
      const { sealedPassword } = stored(created.id);
      expect(cipher.open(sealedPassword, passwordContext(created.id))).toBe('N3w-pa55word');
      expect(JSON.stringify(store.stored(created.id))).not.toContain('N3w-pa55word');
    });

    it('ssl given replaces the whole block (a key not given again is gone); ssl: null removes SSL', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ ssl: { mode: 'verify-ca', ca: PEM_CERT, key: PEM_KEY } }),
        AUDIT,
      );
      await service.update(REPORTS, created.id, { ssl: { mode: 'verify-full' } }, AUDIT);
      expect(stored(created.id).ssl).toEqual({ mode: 'verify-full' });
      await service.update(
        REPORTS,
        created.id,
        { ssl: { mode: 'verify-full', key: PEM_KEY } },
        AUDIT,
      );
      expect(cipher.open(stored(created.id).ssl!.sealedKey!, sslKeyContext(created.id))).toBe(
        PEM_KEY,
      );
      await service.update(REPORTS, created.id, { ssl: null, password: PASSWORD }, AUDIT);
      expect(stored(created.id).ssl).toBeNull();
    });

    it('metadata given replaces the whole map; {} and null clear it', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ metadata: { team: 'data', env: 'prod' } }),
        AUDIT,
      );
      await service.update(REPORTS, created.id, { metadata: { env: 'dev' } }, AUDIT);
      expect(stored(created.id).metadata).toEqual({ env: 'dev' });
      await service.update(REPORTS, created.id, { metadata: {} }, AUDIT);
      expect(stored(created.id).metadata).toEqual({});
      await service.update(REPORTS, created.id, { metadata: { env: 'dev' } }, AUDIT);
      await service.update(REPORTS, created.id, { metadata: null }, AUDIT);
      expect(stored(created.id).metadata).toEqual({});
    });

    it('schema: null clears the schema', async () => {
      const created = await service.create(REPORTS, createInput({ schema: 'sales' }), AUDIT);
      await service.update(REPORTS, created.id, { schema: null }, AUDIT);
      expect(stored(created.id).schema).toBeNull();
    });

    it.each<[string, Record<string, string>, UpdateConnectionDto, string]>([
      [
        'MongoDB directConnection',
        { directConnection: 'maybe' },
        { type: 'MONGODB', password: PASSWORD },
        'metadata.directConnection',
      ],
      [
        'Oracle serviceName',
        { serviceName: 'not a service' },
        { type: 'ORACLE', password: PASSWORD },
        'metadata.serviceName',
      ],
    ])(
      'a type change re-validates what is stored against the new engine (%s) → FET-0001, nothing written',
      async (_rule, metadata, change, field) => {
        const created = await service.create(REPORTS, createInput({ metadata }), AUDIT);
        const error = await refusal(service.update(REPORTS, created.id, change, AUDIT));
        expect(error.code).toBe(FetErrorCode.BadRequest);
        expect(error.fields).toEqual({ [field]: expect.any(String) });
        expect(stored(created.id)).toEqual(created);
      },
    );

    it('renaming to a configName the organization uses (any case) → FET-1002; its own name in another case is fine', async () => {
      await service.create(REPORTS, createInput({ configName: 'Taken-Name' }), AUDIT);
      const other = await service.create(REPORTS, createInput({ configName: 'own-name' }), AUDIT);
      expect(
        (await refusal(service.update(REPORTS, other.id, { configName: 'taken-NAME' }, AUDIT)))
          .code,
      ).toBe(FetErrorCode.Conflict);
      expect(stored(other.id).configName).toBe('own-name');
      expect(
        (await service.update(REPORTS, other.id, { configName: 'OWN-NAME' }, AUDIT)).configName,
      ).toBe('OWN-NAME');
    });

    it('every version has an ETag of its own, even for two changes within one millisecond', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      jest.spyOn(Date, 'now').mockReturnValue(created.updatedAt.getTime());
      try {
        const first = await service.update(REPORTS, created.id, { databaseName: 'first' }, AUDIT);
        const second = await service.update(REPORTS, created.id, { databaseName: 'second' }, AUDIT);
        expect(new Set([created, first, second].map(connectionETag)).size).toBe(3);
      } finally {
        jest.restoreAllMocks();
      }
    });
  });

  describe('update: the credential guard (spec §3.4)', () => {
    const guardRefusal = async (work: Promise<unknown>) => {
      const error = await refusal(work);
      return { code: error.code, fields: error.fields };
    };
    const PASSWORD_REQUIRED = {
      code: FetErrorCode.MissingFields,
      fields: { password: 'required when the destination changes' },
    };

    it.each<[string, UpdateConnectionDto]>([
      ['type', { type: 'MYSQL' }],
      ['host', { host: 'attacker.example.net' }],
      ['port', { port: 6543 }],
      ['ssl.mode lowered', { ssl: { mode: 'require' } }],
      ['ssl removed', { ssl: null }],
    ])(
      '%s changed without a password → FET-0402 naming password, nothing written; with one → written',
      async (_field, change) => {
        const created = await service.create(
          REPORTS,
          createInput({ ssl: { mode: 'verify-full' } }),
          AUDIT,
        );
        expect(await guardRefusal(service.update(REPORTS, created.id, change, AUDIT))).toEqual(
          PASSWORD_REQUIRED,
        );
        expect(stored(created.id)).toEqual(created);
        await service.update(REPORTS, created.id, { ...change, password: 'N3w-pa55word' }, AUDIT);
        expect(stored(created.id)).toMatchObject(change);
        expect(cipher.open(stored(created.id).sealedPassword, passwordContext(created.id))).toBe(
          'N3w-pa55word',
        );
      },
    );

    it('the stored values sent again (the host in another case) move nothing: no password needed', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ ssl: { mode: 'require' } }),
        AUDIT,
      );
      const updated = await service.update(
        REPORTS,
        created.id,
        {
          type: 'POSTGRESQL',
          host: 'DB.Example.com',
          port: 5432,
          ssl: { mode: 'verify-full' },
        },
        AUDIT,
      );
      expect(updated).toMatchObject({ host: 'DB.Example.com', ssl: { mode: 'verify-full' } });
      expect(updated.sealedPassword).toBe(created.sealedPassword);
    });

    it('comes after 404 and after a stale If-Match, before the engine rules', async () => {
      expect(
        (await refusal(service.update(REPORTS, uuidv7(), { host: 'x.example.net' }, AUDIT))).code,
      ).toBe(FetErrorCode.EntityNotFound);
      const created = await service.create(
        REPORTS,
        createInput({ metadata: { directConnection: 'yes' } }),
        AUDIT,
      );
      const stale = connectionETag(created);
      await service.update(REPORTS, created.id, { databaseName: 'newer' }, AUDIT);
      expect(
        (
          await refusal(
            service.update(REPORTS, created.id, { host: 'x.example.net' }, AUDIT, stale),
          )
        ).code,
      ).toBe(FetErrorCode.PreconditionFailed);
      expect(
        await guardRefusal(service.update(REPORTS, created.id, { type: 'MONGODB' }, AUDIT)),
      ).toEqual(PASSWORD_REQUIRED);
    });

    it('judges against the version it replaces: a port moved meanwhile makes "the old port" a move', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const write = store.update.bind(store);
      jest.spyOn(store, 'update').mockImplementationOnce(async (next, expected, events) => {
        await service.update(REPORTS, created.id, { port: 6000, password: 'N3w-pa55word' }, AUDIT);
        return write(next, expected, events);
      });
      expect(
        await guardRefusal(
          service.update(REPORTS, created.id, { port: 5432, databaseName: 'x' }, AUDIT),
        ),
      ).toEqual(PASSWORD_REQUIRED);
      expect(stored(created.id)).toMatchObject({ port: 6000, databaseName: 'app' });
    });
  });

  describe('If-Match (optimistic concurrency)', () => {
    it('an ETag of an older version → FET-0416, and nothing is written', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const stale = connectionETag(created);
      const current = await service.update(REPORTS, created.id, { databaseName: 'first' }, AUDIT);
      expect(
        (
          await refusal(
            service.update(REPORTS, created.id, { databaseName: 'second' }, AUDIT, stale),
          )
        ).code,
      ).toBe(FetErrorCode.PreconditionFailed);
      expect(stored(created.id)).toEqual(current);
    });

    it.each<[string, (etag: string) => string]>([
      ['its weak form', (etag) => `W/${etag}`],
      ['it without its quotes', (etag) => etag.slice(1, -1)],
      ['a list holding only its weak form', (etag) => `"other", W/${etag}`],
    ])('%s does not match (strong comparison): FET-0416', async (_form, ifMatch) => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const refused = await refusal(
        service.update(
          REPORTS,
          created.id,
          { databaseName: 'next' },
          AUDIT,
          ifMatch(connectionETag(created)),
        ),
      );
      expect(refused.code).toBe(FetErrorCode.PreconditionFailed);
      expect(stored(created.id)).toEqual(created);
    });

    it.each<[string, (etag: string) => string]>([
      ['the current ETag', (etag) => etag],
      ['a list holding it', (etag) => `"other", ${etag}`],
      ['*', () => '*'],
    ])('%s matches', async (_form, ifMatch) => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const updated = await service.update(
        REPORTS,
        created.id,
        { databaseName: 'next' },
        AUDIT,
        ifMatch(connectionETag(created)),
      );
      expect(stored(created.id)).toEqual(updated);
    });

    it('a write that lands between read and write: with If-Match → FET-0416; without, the change applies on top of it', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const write = store.update.bind(store);
      const racedBy = (change: UpdateConnectionDto) =>
        jest.spyOn(store, 'update').mockImplementationOnce(async (next, expected, events) => {
          await service.update(REPORTS, created.id, change, AUDIT);
          return write(next, expected, events);
        });

      racedBy({ userName: 'raced' });
      const current = stored(created.id);
      expect(
        (
          await refusal(
            service.update(
              REPORTS,
              created.id,
              { databaseName: 'mine' },
              AUDIT,
              connectionETag(current),
            ),
          )
        ).code,
      ).toBe(FetErrorCode.PreconditionFailed);
      expect(stored(created.id)).toMatchObject({ userName: 'raced', databaseName: 'app' });

      racedBy({ schema: 'raced' });
      await service.update(REPORTS, created.id, { databaseName: 'mine' }, AUDIT);
      expect(stored(created.id)).toMatchObject({
        userName: 'raced',
        schema: 'raced',
        databaseName: 'mine',
      });
    });

    it('a connection deleted between read and write → FET-1001', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const write = store.update.bind(store);
      jest.spyOn(store, 'update').mockImplementationOnce(async (next, expected, events) => {
        await service.remove(REPORTS, created.id, AUDIT);
        return write(next, expected, events);
      });
      expect(
        (await refusal(service.update(REPORTS, created.id, { databaseName: 'x' }, AUDIT))).code,
      ).toBe(FetErrorCode.EntityNotFound);
    });
  });

  describe('assign', () => {
    it('gives an unassigned connection the product once; a second assign → FET-1015', async () => {
      const unassigned = await storeUnassigned();
      const assigned = await service.assign(
        { ...REPORTS, productName: 'billing' },
        unassigned.id,
        AUDIT,
      );
      expect(assigned).toMatchObject({ id: unassigned.id, productName: 'billing' });
      expect(assigned.updatedAt.getTime()).toBeGreaterThan(unassigned.updatedAt.getTime());
      expect(stored(unassigned.id)).toEqual(assigned);
      for (const productName of ['billing', 'reports']) {
        expect(
          (await refusal(service.assign({ ...REPORTS, productName }, unassigned.id, AUDIT))).code,
        ).toBe(FetErrorCode.AlreadyAssigned);
      }
      expect(stored(unassigned.id).productName).toBe('billing');
    });

    it('a connection created with a product → FET-1015', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      expect((await refusal(service.assign(REPORTS, created.id, AUDIT))).code).toBe(
        FetErrorCode.AlreadyAssigned,
      );
    });

    it('another organization’s, a deleted or an unknown connection → FET-1001', async () => {
      const theirs = await storeUnassigned('globex');
      expect((await refusal(service.assign(REPORTS, theirs.id, AUDIT))).code).toBe(
        FetErrorCode.EntityNotFound,
      );
      expect(stored(theirs.id).productName).toBeNull();
      const mine = await storeUnassigned();
      await service.remove({ organizationId: ORG }, mine.id, AUDIT);
      expect((await refusal(service.assign(REPORTS, mine.id, AUDIT))).code).toBe(
        FetErrorCode.EntityNotFound,
      );
      expect((await refusal(service.assign(REPORTS, uuidv7(), AUDIT))).code).toBe(
        FetErrorCode.EntityNotFound,
      );
    });

    it('two assigns at once: the one that lands second → FET-1015', async () => {
      const unassigned = await storeUnassigned();
      const assign = store.assignProduct.bind(store);
      jest
        .spyOn(store, 'assignProduct')
        .mockImplementationOnce(async (organizationId, id, productName, at, events) => {
          await service.assign({ ...REPORTS, productName: 'billing' }, unassigned.id, AUDIT);
          return assign(organizationId, id, productName, at, events);
        });
      expect((await refusal(service.assign(REPORTS, unassigned.id, AUDIT))).code).toBe(
        FetErrorCode.AlreadyAssigned,
      );
      expect(stored(unassigned.id).productName).toBe('billing');
    });
  });

  describe('provisioned connections (spec §3.15) are changed through the provisioning file only', () => {
    it('PATCH and DELETE → FET-1017, and the stored connection is untouched', async () => {
      const provisioned = await storeUnassigned(ORG, true);
      const before = stored(provisioned.id);
      expect(
        (
          await refusal(
            service.update(
              { organizationId: ORG },
              provisioned.id,
              {
                port: 1,
              },
              AUDIT,
            ),
          )
        ).code,
      ).toBe(FetErrorCode.ConnectionProvisioned);
      expect(
        (
          await refusal(
            service.update({ organizationId: ORG }, provisioned.id, { port: 1 }, AUDIT, '*'),
          )
        ).code,
      ).toBe(FetErrorCode.ConnectionProvisioned);
      expect(
        (await refusal(service.remove({ organizationId: ORG }, provisioned.id, AUDIT))).code,
      ).toBe(FetErrorCode.ConnectionProvisioned);
      expect(stored(provisioned.id)).toEqual(before);
      expect(store.stored(provisioned.id)?.deletedAt ?? null).toBeNull();
    });

    it('another organization’s provisioned connection is still 404 FET-1001 (no existence leak)', async () => {
      const theirs = await storeUnassigned('globex', true);
      expect((await refusal(service.remove({ organizationId: ORG }, theirs.id, AUDIT))).code).toBe(
        FetErrorCode.EntityNotFound,
      );
    });

    it('assign works on one without a product, once', async () => {
      const provisioned = await storeUnassigned(ORG, true);
      expect(await service.assign(REPORTS, provisioned.id, AUDIT)).toMatchObject({
        productName: 'reports',
        provisioned: true,
      });
      expect((await refusal(service.assign(REPORTS, provisioned.id, AUDIT))).code).toBe(
        FetErrorCode.AlreadyAssigned,
      );
    });
  });

  describe('history: each change is stored with its event, by the audit’s actor', () => {
    const events = () => store.history.all();

    it('create records `created` with the initial settings, secrets and PEMs only as changed', async () => {
      const created = await service.create(
        REPORTS,
        createInput({
          configName: 'sales',
          ssl: { mode: 'verify-ca', ca: PEM_CERT, key: PEM_KEY },
        }),
        AUDIT,
      );
      expect(events()).toEqual([
        {
          id: expect.any(String),
          organizationId: ORG,
          connectionId: created.id,
          at: created.createdAt,
          action: 'created',
          actor: 'alice',
          requestId: 'req-1',
          changes: {
            configName: { from: null, to: 'sales' },
            productName: { from: null, to: 'reports' },
            type: { from: null, to: 'POSTGRESQL' },
            host: { from: null, to: 'db.example.com' },
            port: { from: null, to: 5432 },
            databaseName: { from: null, to: 'app' },
            userName: { from: null, to: 'reporter' },
            password: { changed: true },
            'ssl.mode': { from: null, to: 'verify-ca' },
            'ssl.ca': { changed: true },
            'ssl.key': { changed: true },
          },
        },
      ]);
      expect(JSON.stringify(events())).not.toMatch(/S3cret|BEGIN|v1:/);
    });

    it('update records `updated` with what changed; a PATCH that changes nothing records it without changes', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const updated = await service.update(
        REPORTS,
        created.id,
        { host: 'db2.example.com', password: 'N3w-pa55word' },
        { actor: 'bob' },
      );
      await service.update(REPORTS, created.id, { port: 5432 }, AUDIT);
      const [, changed, unchanged] = events();
      expect(changed).toEqual({
        id: expect.any(String),
        organizationId: ORG,
        connectionId: created.id,
        at: updated.updatedAt,
        action: 'updated',
        actor: 'bob',
        changes: {
          host: { from: 'db.example.com', to: 'db2.example.com' },
          password: { changed: true },
        },
      });
      expect(unchanged).toMatchObject({ action: 'updated', actor: 'alice' });
      expect(unchanged).not.toHaveProperty('changes');
    });

    it('remove records `deleted`; assign records `assigned` with the product', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      await service.remove(REPORTS, created.id, AUDIT);
      const unassigned = await storeUnassigned();
      await service.assign(REPORTS, unassigned.id, AUDIT);
      const [, deleted, assigned] = events();
      expect(deleted).toMatchObject({
        connectionId: created.id,
        action: 'deleted',
        actor: 'alice',
      });
      expect(deleted).not.toHaveProperty('changes');
      expect(deleted.at).toEqual(store.stored(created.id)?.deletedAt);
      expect(assigned).toMatchObject({
        connectionId: unassigned.id,
        action: 'assigned',
        changes: { productName: { from: null, to: 'reports' } },
      });
    });

    it('a refused change records nothing: a taken name, an engine rule, a lost If-Match, a second assign, an unknown id', async () => {
      const taken = await service.create(REPORTS, createInput({ configName: 'taken' }), AUDIT);
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const before = events();
      await refusal(service.create(REPORTS, createInput({ configName: 'TAKEN' }), AUDIT));
      await refusal(service.update(REPORTS, created.id, { configName: 'taken' }, AUDIT));
      await refusal(
        service.update(
          REPORTS,
          created.id,
          { type: 'MONGODB', metadata: { directConnection: 'x' } },
          AUDIT,
        ),
      );
      await refusal(service.update(REPORTS, created.id, { port: 1 }, AUDIT, '"stale"'));
      await refusal(service.assign(REPORTS, taken.id, AUDIT));
      await refusal(service.remove(REPORTS, uuidv7(), AUDIT));
      expect(events()).toEqual(before);
    });

    it('import records `imported` with the initial settings, where create records `created`', async () => {
      const imported = await service.import(
        REPORTS,
        createInput({ configName: 'from-uri' }),
        AUDIT,
      );
      expect(events()).toEqual([
        expect.objectContaining({
          connectionId: imported.id,
          action: 'imported',
          actor: 'alice',
          changes: expect.objectContaining({
            configName: { from: null, to: 'from-uri' },
            password: { changed: true },
          }),
        }),
      ]);
    });

    it('clone records `cloned` (sourceId, its settings) on the new connection and `copied` (targetId) on the source; a refused clone records nothing', async () => {
      const source = await service.create(REPORTS, createInput({ configName: 'source' }), AUDIT);
      const clone = await service.clone(
        REPORTS,
        source.id,
        { configName: 'copy' },
        { actor: 'bob' },
      );
      await refusal(service.clone(REPORTS, source.id, { configName: 'COPY' }, AUDIT));
      const [, cloned, copied, ...rest] = events();
      expect(rest).toEqual([]);
      expect(cloned).toEqual({
        id: expect.any(String),
        organizationId: ORG,
        connectionId: clone.id,
        at: clone.createdAt,
        action: 'cloned',
        actor: 'bob',
        sourceId: source.id,
        changes: expect.objectContaining({
          configName: { from: null, to: 'copy' },
          password: { changed: true },
        }),
      });
      expect(copied).toEqual({
        id: expect.any(String),
        organizationId: ORG,
        connectionId: source.id,
        at: clone.createdAt,
        action: 'copied',
        actor: 'bob',
        targetId: clone.id,
      });
      expect(JSON.stringify(events())).not.toMatch(/S3cret|v1:/);
    });

    it('a write that loses a race records only the change that was stored', async () => {
      const created = await service.create(REPORTS, createInput(), AUDIT);
      const write = store.update.bind(store);
      jest.spyOn(store, 'update').mockImplementationOnce(async (next, expected, written) => {
        await service.update(REPORTS, created.id, { databaseName: 'raced' }, { actor: 'bob' });
        return write(next, expected, written);
      });
      await service.update(REPORTS, created.id, { userName: 'analyst' }, AUDIT);
      expect(
        events().map((event) => [event.action, event.actor, Object.keys(event.changes ?? {})]),
      ).toEqual([
        ['created', 'alice', expect.any(Array)],
        ['updated', 'bob', ['databaseName']],
        ['updated', 'alice', ['userName']],
      ]);
    });
  });

  describe('list and findByConfigNames', () => {
    it('list shows the organization’s live connections, of the product when one is asked', async () => {
      const sales = await service.create(REPORTS, createInput({ configName: 'sales' }), AUDIT);
      const billing = await service.create(
        { ...REPORTS, productName: 'billing' },
        createInput({ configName: 'billing' }),
        AUDIT,
      );
      await service.create(
        { organizationId: 'globex', productName: 'reports' },
        createInput({ configName: 'theirs' }),
        AUDIT,
      );
      const gone = await service.create(REPORTS, createInput({ configName: 'gone' }), AUDIT);
      await service.remove(REPORTS, gone.id, AUDIT);
      const unassigned = await storeUnassigned();
      const names = async (scope: Scope) =>
        (await service.list(scope, PAGE)).items.map((item) => item.id);
      expect(await names(REPORTS)).toEqual([sales.id]);
      expect(await names({ organizationId: ORG })).toEqual([sales.id, billing.id, unassigned.id]);
      expect(
        (await service.listUnassigned({ organizationId: ORG }, PAGE)).items.map((item) => item.id),
      ).toEqual([unassigned.id]);
    });

    it('findByConfigNames compares names case-insensitively, in the organization and the asked product', async () => {
      const sales = await service.create(REPORTS, createInput({ configName: 'Sales' }), AUDIT);
      await service.create(
        { ...REPORTS, productName: 'billing' },
        createInput({ configName: 'billing' }),
        AUDIT,
      );
      await service.create(
        { organizationId: 'globex', productName: 'reports' },
        createInput({ configName: 'theirs' }),
        AUDIT,
      );
      const ids = async (scope: Scope) =>
        (await service.findByConfigNames(scope, ['SALES', 'billing', 'theirs', 'nothing']))
          .map((found) => found.configName)
          .sort();
      expect(await ids({ organizationId: ORG })).toEqual(['Sales', 'billing']);
      expect(await ids(REPORTS)).toEqual([sales.configName]);
    });
  });

  describe('clone', () => {
    const YESTERDAY = new Date(Date.now() - 86_400_000);
    /** A source connection stored a day ago, with every setting and both secrets. */
    const storeSource = async (overrides: Partial<Connection> = {}): Promise<Connection> => {
      const id = uuidv7();
      const source: Connection = {
        id,
        organizationId: ORG,
        productName: 'reports',
        configName: `src-${uuidv7().slice(-12)}`,
        type: 'MYSQL',
        host: '10.1.2.3',
        port: 3307,
        databaseName: 'sales',
        userName: 'report_reader',
        sealedPassword: cipher.seal(PASSWORD, passwordContext(id)),
        schema: 'finance',
        ssl: {
          mode: 'verify-full',
          ca: PEM_CERT,
          cert: PEM_CERT,
          sealedKey: cipher.seal(PEM_KEY, sslKeyContext(id)),
        },
        metadata: { team: 'data', tier: 'gold' },
        sshTunnel: null,
        createdAt: YESTERDAY,
        updatedAt: YESTERDAY,
        provisioned: false,
        ...overrides,
      };
      await store.insert(source, []);
      return source;
    };

    it('stores a new connection under a new id and the given name, with every setting of the source and new timestamps', async () => {
      const source = await storeSource();
      const before = Date.now();
      const clone = await service.clone(
        { organizationId: ORG },
        source.id,
        {
          configName: 'sales-copy',
        },
        AUDIT,
      );
      expect(clone.id).not.toBe(source.id);
      expect(clone.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      // Everything but identity, timestamps and sealed values (those differ, and are checked below).
      const settings = ({ ssl, ...connection }: Connection) => ({
        ...Object.fromEntries(
          Object.entries(connection).filter(
            ([key]) =>
              !['id', 'configName', 'sealedPassword', 'createdAt', 'updatedAt'].includes(key),
          ),
        ),
        ssl: ssl && { ...ssl, sealedKey: ssl.sealedKey !== undefined },
      });
      expect(settings(clone)).toEqual(settings(source));
      expect(clone.configName).toBe('sales-copy');
      expect(clone.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(clone.updatedAt).toEqual(clone.createdAt);
      expect(stored(clone.id)).toEqual(clone);
    });

    it('re-seals the password and ssl.key under the new id: other ciphertexts, which open only as the clone’s, to the source’s secrets', async () => {
      const source = await storeSource();
      const clone = await service.clone(
        { organizationId: ORG },
        source.id,
        {
          configName: 'sales-copy',
        },
        AUDIT,
      );
      const row = stored(clone.id);
      expect(row.sealedPassword).not.toBe(source.sealedPassword);
      expect(row.ssl?.sealedKey).not.toBe(source.ssl?.sealedKey);
      expect(cipher.open(row.sealedPassword, passwordContext(clone.id))).toBe(PASSWORD);
      expect(cipher.open(row.ssl!.sealedKey!, sslKeyContext(clone.id))).toBe(PEM_KEY);
      // Under the source's contexts they do not open, nor do the source's values under the clone's.
      expect(() => cipher.open(row.sealedPassword, passwordContext(source.id))).toThrow();
      expect(() => cipher.open(row.ssl!.sealedKey!, sslKeyContext(source.id))).toThrow();
      expect(() => cipher.open(source.sealedPassword, passwordContext(clone.id))).toThrow();
      expect(() => cipher.open(source.ssl!.sealedKey!, sslKeyContext(clone.id))).toThrow();
      // What a driver gets is the source's, but for the id.
      expect(service.credentialsOf(row)).toEqual({
        ...service.credentialsOf(source),
        id: clone.id,
      });
      expect(JSON.stringify(store.stored(clone.id))).not.toContain(PASSWORD);
      expect(JSON.stringify(store.stored(clone.id))).not.toContain(KEY_BODY);
    });

    it('leaves the source as it was', async () => {
      const source = await storeSource();
      await service.clone({ organizationId: ORG }, source.id, { configName: 'sales-copy' }, AUDIT);
      expect(store.stored(source.id)).toEqual({ connection: source, deletedAt: null });
    });

    it('copies SSL without a key as it is, and a connection without SSL, schema or metadata as it is', async () => {
      const noKey = await storeSource({ ssl: { mode: 'require', ca: PEM_CERT } });
      const clone = await service.clone(REPORTS, noKey.id, { configName: 'no-key-copy' }, AUDIT);
      expect(stored(clone.id).ssl).toEqual({ mode: 'require', ca: PEM_CERT });
      const bare = await storeSource({ ssl: null, schema: null, metadata: {} });
      const bareClone = await service.clone(REPORTS, bare.id, { configName: 'bare-copy' }, AUDIT);
      expect(stored(bareClone.id)).toMatchObject({ ssl: null, schema: null, metadata: {} });
    });

    it('belongs to the source’s product; a product in the request must be the source’s; an unassigned source gives an unassigned clone', async () => {
      const source = await storeSource({ productName: 'billing' });
      expect(
        (await service.clone({ organizationId: ORG }, source.id, { configName: 'a-copy' }, AUDIT))
          .productName,
      ).toBe('billing');
      expect(
        (
          await service.clone(
            { ...REPORTS, productName: 'billing' },
            source.id,
            {
              configName: 'b-copy',
            },
            AUDIT,
          )
        ).productName,
      ).toBe('billing');
      const refused = await refusal(
        service.clone(REPORTS, source.id, { configName: 'c-copy' }, AUDIT),
      );
      expect(refused.code).toBe(FetErrorCode.EntityNotFound);
      const unassigned = await storeUnassigned();
      expect(
        (
          await service.clone(
            { organizationId: ORG },
            unassigned.id,
            { configName: 'd-copy' },
            AUDIT,
          )
        ).productName,
      ).toBeNull();
      expect(
        (await refusal(service.clone(REPORTS, unassigned.id, { configName: 'e-copy' }, AUDIT)))
          .code,
      ).toBe(FetErrorCode.EntityNotFound);
      expect(await store.countAll()).toBe(5);
    });

    it('another organization’s, a deleted or an unknown source → FET-1001, and nothing is stored', async () => {
      const theirs = await storeSource({ organizationId: 'globex' });
      const deleted = await storeSource();
      await service.remove(REPORTS, deleted.id, AUDIT);
      for (const id of [theirs.id, deleted.id, uuidv7()]) {
        const error = await refusal(
          service.clone({ organizationId: ORG }, id, { configName: 'copy' }, AUDIT),
        );
        expect(error.code).toBe(FetErrorCode.EntityNotFound);
      }
      expect(await store.countAll()).toBe(2);
    });

    it('the clone of a provisioned connection is an ordinary one: it can be changed and deleted', async () => {
      const source = await storeSource({ provisioned: true, productName: null });
      const clone = await service.clone(
        { organizationId: ORG },
        source.id,
        {
          configName: 'provisioned-copy',
        },
        AUDIT,
      );
      expect(stored(clone.id)).toMatchObject({ provisioned: false, productName: null });
      await service.update({ organizationId: ORG }, clone.id, { metadata: { team: 'ops' } }, AUDIT);
      await service.remove({ organizationId: ORG }, clone.id, AUDIT);
      expect(store.stored(source.id)).toEqual({ connection: source, deletedAt: null });
    });

    it('a configName the organization already uses, in any case (the source’s own too) → FET-1002, and nothing is stored', async () => {
      const source = await storeSource({ configName: 'Sales-Warehouse' });
      for (const configName of ['sales-WAREHOUSE', 'SALES-warehouse']) {
        const error = await refusal(
          service.clone({ organizationId: ORG }, source.id, { configName }, AUDIT),
        );
        expect(error.code).toBe(FetErrorCode.Conflict);
        expect(error.fields).toEqual({ configName: expect.any(String) });
      }
      expect(await store.countAll()).toBe(1);
    });
  });

  describe('credentialsOf', () => {
    it('opens the password and ssl.key for a driver, with ca and cert as stored', async () => {
      const created = await service.create(
        REPORTS,
        createInput({ schema: 'sales', ssl: { mode: 'verify-ca', ca: PEM_CERT, key: PEM_KEY } }),
        AUDIT,
      );
      expect(service.credentialsOf(stored(created.id))).toEqual({
        id: created.id,
        type: 'POSTGRESQL',
        host: 'db.example.com',
        port: 5432,
        databaseName: 'app',
        userName: 'reporter',
        password: PASSWORD,
        schema: 'sales',
        ssl: { mode: 'verify-ca', ca: PEM_CERT, cert: undefined, key: PEM_KEY },
        metadata: {},
        sshTunnel: null,
      });
    });

    it('a connection without SSL has ssl null; SSL without a key has no key', async () => {
      const plain = await service.create(REPORTS, createInput(), AUDIT);
      expect(service.credentialsOf(plain).ssl).toBeNull();
      const noKey = await service.create(REPORTS, createInput({ ssl: { mode: 'require' } }), AUDIT);
      expect(service.credentialsOf(noKey).ssl).toEqual({
        mode: 'require',
        ca: undefined,
        cert: undefined,
        key: undefined,
      });
    });

    it('a sealed password copied from another connection does not open', async () => {
      const first = await service.create(REPORTS, createInput(), AUDIT);
      const second = await service.create(REPORTS, createInput(), AUDIT);
      expect(() =>
        service.credentialsOf({ ...second, sealedPassword: first.sealedPassword }),
      ).toThrow();
    });
  });
});
