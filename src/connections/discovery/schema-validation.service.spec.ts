import { Test } from '@nestjs/testing';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { CatalogReadError } from '../../drivers/catalog-read-error';
import { DriverError } from '../../drivers/database-driver';
import { EngineType } from '../../engines/engine';
import { PackedSchema } from '../../schema/cache/packed-schema';
import { ConnectionsService, Scope } from '../connections.service';
import { ConnectionDialing } from '../dialing/connection-dialing';
import { Connection } from '../domain/connection';
import { SchemaDiscoveryService } from './schema-discovery.service';
import { SchemaProblem, SchemaValidationService } from './schema-validation.service';
import { parseValidateSchemaRequest } from './validate-schema.request';

const ORG = 'acme';
const SCOPE: Scope = { organizationId: ORG };

/** The connections the organization holds, found as the real service finds them (case-insensitive, scoped). */
class FakeConnections implements Pick<ConnectionsService, 'findByConfigNames'> {
  readonly held: Connection[] = [];

  findByConfigNames(scope: Scope, configNames: string[]): Promise<Connection[]> {
    const keys = new Set(configNames.map((name) => name.toLowerCase()));
    return Promise.resolve(
      this.held.filter(
        (connection) =>
          connection.organizationId === scope.organizationId &&
          (scope.productName === undefined || connection.productName === scope.productName) &&
          keys.has(connection.configName.toLowerCase()),
      ),
    );
  }
}

/** Cached snapshots and live catalogs by connection id; records every live discovery. */
class FakeDiscovery implements Pick<SchemaDiscoveryService, 'cached' | 'refresh'> {
  readonly cache = new Map<string, PackedSchema>();
  readonly live = new Map<string, PackedSchema | Error>();
  readonly refreshed: string[] = [];

  cached(connection: Connection): Promise<PackedSchema | undefined> {
    return Promise.resolve(this.cache.get(connection.id));
  }

  refresh(connection: Connection): Promise<PackedSchema> {
    this.refreshed.push(connection.configName);
    const outcome = this.live.get(connection.id);
    if (outcome === undefined)
      return Promise.reject(new Error(`no live catalog for ${connection.configName}`));
    return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
  }
}

/** The organization's quota of live discoveries: counts admissions, refuses once `refusing` is set. */
class FakeDialing implements Pick<ConnectionDialing, 'admitValidation'> {
  admitted = 0;
  refusing = false;

  admitValidation(): Promise<void> {
    if (this.refusing)
      return Promise.reject(
        new FetException(FetErrorCode.RateLimitExceeded, { headers: { 'Retry-After': '42' } }),
      );
    this.admitted += 1;
    return Promise.resolve();
  }
}

const snapshot = (tables: Record<string, string[]>): PackedSchema =>
  PackedSchema.of({ discoveredAt: '2025-01-01T00:00:00.000Z', tables });

/** The request as validate-schema parses it from a JSON body text (so `__proto__` is an own key). */
const request = (mappedFields: string) =>
  parseValidateSchemaRequest(JSON.parse(`{"mappedFields":${mappedFields}}`));

/** The FetException a validation was refused with (fails the test otherwise). */
async function refusal(work: Promise<unknown>): Promise<FetException> {
  const outcome: unknown = await work.then(
    () => new Error('expected a refusal, but the validation succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof FetException) return outcome;
  throw outcome;
}

describe('SchemaValidationService (fake connections, discovery and dialing)', () => {
  let connections: FakeConnections;
  let discovery: FakeDiscovery;
  let dialing: FakeDialing;
  let service: SchemaValidationService;
  let sequence = 0;

  beforeEach(async () => {
    connections = new FakeConnections();
    discovery = new FakeDiscovery();
    dialing = new FakeDialing();
    const moduleRef = await Test.createTestingModule({
      providers: [
        SchemaValidationService,
        { provide: ConnectionsService, useValue: connections },
        { provide: SchemaDiscoveryService, useValue: discovery },
        { provide: ConnectionDialing, useValue: dialing },
      ],
    }).compile();
    service = moduleRef.get(SchemaValidationService);
  });

  /** A connection of the organization whose catalog is `tables`: cached, or only live. */
  const holds = (
    configName: string,
    tables: Record<string, string[]> | Error,
    options: {
      type?: EngineType;
      schema?: string;
      userName?: string;
      productName?: string;
      cached?: boolean;
    } = {},
  ): Connection => {
    sequence += 1;
    const connection: Connection = {
      id: `0190a000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
      organizationId: ORG,
      productName: options.productName ?? 'reports',
      configName,
      type: options.type ?? 'POSTGRESQL',
      host: 'db.example.com',
      port: 5432,
      databaseName: 'app',
      userName: options.userName ?? 'reporter',
      sealedPassword: 'v1:unit:never:opened',
      schema: options.schema ?? null,
      ssl: null,
      metadata: {},
      sshTunnel: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      provisioned: false,
    };
    connections.held.push(connection);
    if (tables instanceof Error) discovery.live.set(connection.id, tables);
    else if (options.cached) discovery.cache.set(connection.id, snapshot(tables));
    else discovery.live.set(connection.id, snapshot(tables));
    return connection;
  };

  /** The `errors` of a 422 FET-1060. */
  const problemsOf = async (
    mappedFields: string,
    scope: Scope = SCOPE,
  ): Promise<SchemaProblem[]> => {
    const error = await refusal(service.validate(scope, request(mappedFields)));
    expect(error.code).toBe(FetErrorCode.SchemaValidationFailed);
    expect(Object.keys(error.extra ?? {})).toEqual(['errors']);
    return error.extra?.errors as SchemaProblem[];
  };

  describe('which connections are checked', () => {
    it('when none of the named connections exists → FET-1062 naming mappedFields, and nothing is dialled', async () => {
      holds('sales', { orders: ['id'] });
      const error = await refusal(
        service.validate(SCOPE, request('{"nope":{"t":["f"]},"other":{"t":["f"]}}')),
      );
      expect(error.code).toBe(FetErrorCode.NoConnectionsFound);
      expect(error.fields).toEqual({ mappedFields: expect.any(String) });
      expect(discovery.refreshed).toEqual([]);
      expect(dialing.admitted).toBe(0);
    });

    it('an unknown name beside found ones is DATA_SOURCE_NOT_FOUND, and the found ones are still checked', async () => {
      holds('sales', { orders: ['id'] });
      expect(await problemsOf('{"sales":{"orders":["id","total"]},"nope":{"t":["f"]}}')).toEqual([
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: 'nope' },
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'sales', table: 'orders', field: 'total' },
      ]);
    });

    it('finds a connection in any case and reports it as the request spells it', async () => {
      holds('Sales', { orders: ['id'] });
      expect(await problemsOf('{"SALES":{"orders":["total"]}}')).toEqual([
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'SALES', table: 'orders', field: 'total' },
      ]);
    });

    it('with X-Product-Name, only that product’s connections resolve', async () => {
      holds('sales', { orders: ['id'] }, { productName: 'billing' });
      holds('hr', { people: ['id'] });
      expect(
        await problemsOf('{"sales":{"orders":["id"]},"hr":{"people":["id","age"]}}', {
          ...SCOPE,
          productName: 'reports',
        }),
      ).toEqual([
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'hr', table: 'people', field: 'age' },
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: 'sales' },
      ]);
    });
  });

  describe('cache and live discovery', () => {
    it('uses a cached snapshot without dialling and without counting against the rate limit', async () => {
      holds('sales', { orders: ['id', 'amount'] }, { cached: true });
      await expect(
        service.validate(SCOPE, request('{"sales":{"orders":["id","amount"]}}')),
      ).resolves.toEqual({
        status: 'success',
        message: 'All mapped tables and fields exist in their data sources.',
      });
      expect(discovery.refreshed).toEqual([]);
      expect(dialing.admitted).toBe(0);
    });

    it('discovers live what is not cached, counting once for all of them', async () => {
      holds('sales', { orders: ['id'] });
      holds('hr', { people: ['id'] });
      holds('cached', { t: ['f'] }, { cached: true });
      await service.validate(
        SCOPE,
        request('{"sales":{"orders":["id"]},"hr":{"people":["id"]},"cached":{"t":["f"]}}'),
      );
      expect(discovery.refreshed.sort()).toEqual(['hr', 'sales']);
      expect(dialing.admitted).toBe(1);
    });

    it('past the rate limit → the limiter’s FET-0429 (with Retry-After), before any dial', async () => {
      holds('sales', { orders: ['id'] });
      dialing.refusing = true;
      const error = await refusal(service.validate(SCOPE, request('{"sales":{"orders":["id"]}}')));
      expect(error.code).toBe(FetErrorCode.RateLimitExceeded);
      expect(error.headers).toEqual({ 'Retry-After': '42' });
      expect(discovery.refreshed).toEqual([]);
    });

    it.each([
      ['cannot be reached (DriverError)', new DriverError('CONNECTION_REFUSED', 'connect')],
      ['has an unreadable catalog (CatalogReadError)', new CatalogReadError()],
    ])(
      'a data source that %s is DATA_SOURCE_DOWN; the others are still checked',
      async (_why, failure) => {
        holds('down', failure);
        holds('sales', { orders: ['id'] });
        expect(await problemsOf('{"down":{"t":["f"]},"sales":{"orders":["id","amonut"]}}')).toEqual(
          [
            { type: 'DATA_SOURCE_DOWN', dataSourceId: 'down' },
            { type: 'FIELD_NOT_FOUND', dataSourceId: 'sales', table: 'orders', field: 'amonut' },
          ],
        );
      },
    );

    it('a host the policy forbids → FET-0414 naming host (not DATA_SOURCE_DOWN)', async () => {
      holds('blocked', new DriverError('FORBIDDEN_HOST', 'resolve'));
      holds('sales', { orders: ['id'] });
      const error = await refusal(
        service.validate(SCOPE, request('{"blocked":{"t":["f"]},"sales":{"orders":["id"]}}')),
      );
      expect(error.code).toBe(FetErrorCode.ForbiddenHost);
      expect(error.fields).toEqual({ host: expect.any(String) });
    });

    it('any other failure is not the data source’s: it is thrown as it is (a 500), not hidden as DATA_SOURCE_DOWN', async () => {
      const bug = new TypeError('a bug');
      holds('sales', bug);
      await expect(service.validate(SCOPE, request('{"sales":{"t":["f"]}}'))).rejects.toBe(bug);
    });
  });

  describe('names, per engine', () => {
    it('PostgreSQL accepts public.t for t (or <schema>.t when the connection names its schema); other schemas stay qualified', async () => {
      holds('pg', { orders: ['id'], 'sales.regions': ['id'] }, { cached: true });
      holds('pg_sales', { orders: ['id'] }, { schema: 'sales', cached: true });
      expect(
        await problemsOf(
          '{"pg":{"public.orders":["id"],"sales.regions":["id"],"regions":["id"]},"pg_sales":{"sales.orders":["id"],"public.orders":["id"]}}',
        ),
      ).toEqual([
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'pg', table: 'regions' },
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'pg_sales', table: 'public.orders' },
      ]);
    });

    it('SQL Server accepts dbo.t for t', async () => {
      holds('mssql', { orders: ['id'] }, { type: 'SQL_SERVER', cached: true });
      await expect(
        service.validate(SCOPE, request('{"mssql":{"dbo.orders":["id"],"orders":["id"]}}')),
      ).resolves.toMatchObject({ status: 'success' });
    });

    it('Oracle compares upper-cased, tables and fields, and accepts the user’s schema as qualifier', async () => {
      holds(
        'ora',
        { ORDERS: ['ID', 'AMOUNT'] },
        { type: 'ORACLE', userName: 'reporter', cached: true },
      );
      await expect(
        service.validate(
          SCOPE,
          request(
            '{"ora":{"orders":["id","Amount"],"REPORTER.ORDERS":["ID"],"reporter.orders":["amount"]}}',
          ),
        ),
      ).resolves.toMatchObject({
        status: 'success',
      });
    });

    it.each<[EngineType]>([['MYSQL'], ['MONGODB']])(
      '%s compares exactly: a case difference is not found, but suggested',
      async (type) => {
        holds('exact', { Orders: ['Amount'] }, { type, cached: true });
        expect(await problemsOf('{"exact":{"orders":["Amount"],"Orders":["amount"]}}')).toEqual([
          {
            type: 'FIELD_NOT_FOUND',
            dataSourceId: 'exact',
            table: 'Orders',
            field: 'amount',
            suggestion: 'Amount',
          },
          { type: 'TABLE_NOT_FOUND', dataSourceId: 'exact', table: 'orders', suggestion: 'Orders' },
        ]);
      },
    );

    it('a field exists when it is the parent of a dotted field (address when address.city exists)', async () => {
      holds(
        'mongo',
        { people: ['address.city', 'address.geo.lat', 'name'] },
        { type: 'MONGODB', cached: true },
      );
      expect(
        await problemsOf(
          '{"mongo":{"people":["address","address.geo","address.geo.lat","address.zip","addr"]}}',
        ),
      ).toEqual([
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'mongo', table: 'people', field: 'addr' },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'mongo',
          table: 'people',
          field: 'address.zip',
          suggestion: 'address.city',
        },
      ]);
    });

    it('tables and configNames called constructor or __proto__ are ordinary names', async () => {
      const tables = Object.fromEntries([
        ['__proto__', ['id']],
        ['constructor', ['prototype']],
      ]);
      holds('constructor', tables, { cached: true });
      expect(
        await problemsOf(
          '{"__proto__":{"t":["f"]},"constructor":{"__proto__":["id","toString"],"constructor":["prototype"],"toString":["f"],"hasOwnProperty":["f"]}}',
        ),
      ).toEqual([
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: '__proto__' },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'constructor',
          table: '__proto__',
          field: 'toString',
        },
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'constructor', table: 'hasOwnProperty' },
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'constructor', table: 'toString' },
      ]);
    });
  });

  describe('the answer', () => {
    it('suggests the closest existing table or field, and nothing when none is close', async () => {
      holds('sales', { orders: ['amount', 'id'], customers: ['id'] }, { cached: true });
      expect(
        await problemsOf(
          '{"sales":{"ordres":["id"],"orders":["amonut","zzzzzzzz"],"invoices":["id"]}}',
        ),
      ).toEqual([
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'sales', table: 'invoices' },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'sales',
          table: 'orders',
          field: 'amonut',
          suggestion: 'amount',
        },
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'sales', table: 'orders', field: 'zzzzzzzz' },
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'sales', table: 'ordres', suggestion: 'orders' },
      ]);
    });

    it('sorts the errors by dataSourceId, table and field whatever the request’s order, and reports each once', async () => {
      holds('b_src', { t2: ['id'], t1: ['id'] }, { cached: true });
      holds('a_src', { t: ['id'] }, { cached: true });
      expect(
        await problemsOf(
          '{"b_src":{"t2":["zulu","yankee","yankee"],"t1":["whiskey"]},"zz":{"t":["f"]},"a_src":{"t":["quebec"]}}',
        ),
      ).toEqual([
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'a_src', table: 't', field: 'quebec' },
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'b_src', table: 't1', field: 'whiskey' },
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'b_src', table: 't2', field: 'yankee' },
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'b_src', table: 't2', field: 'zulu' },
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: 'zz' },
      ]);
    });

    it('everything found → success with its message', async () => {
      holds('sales', { orders: ['id', 'amount'] });
      expect(
        await service.validate(SCOPE, request('{"sales":{"orders":["amount","id"]}}')),
      ).toEqual({
        status: 'success',
        message: 'All mapped tables and fields exist in their data sources.',
      });
    });
  });
});
