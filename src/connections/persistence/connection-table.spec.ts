import { DataSource } from 'typeorm';
import { Connection } from '../domain/connection';
import { MIGRATIONS } from '../../store/migrations';
import { ConnectionTable, RawRow, SqlParams } from './connection-table';
import { ConnectionEntity } from './connection.entity';
import { ConnectionMapper } from './connection.mapper';

const connection: Connection = {
  id: '0190a000-0000-7000-8000-000000000001',
  organizationId: 'default',
  productName: null,
  configName: 'Sales_DB',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'sales',
  userName: 'reader',
  sealedPassword: 'k1.sealed-password',
  schema: 'public',
  ssl: { mode: 'verify-ca', ca: 'CA PEM', sealedKey: 'k1.sealed-key' },
  metadata: { team: 'finance' },
  sshTunnel: null,
  createdAt: new Date('2025-01-02T03:04:05.678Z'),
  updatedAt: new Date('2025-01-02T03:04:06.789Z'),
  provisioned: true,
};

describe('ConnectionTable (embedded SQLite store)', () => {
  let dataSource: DataSource;
  let table: ConnectionTable;

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [ConnectionEntity],
      migrations: MIGRATIONS,
      migrationsRun: true,
    }).initialize();
    table = new ConnectionTable(dataSource);
    await dataSource.getRepository(ConnectionEntity).insert(ConnectionMapper.toEntity(connection));
  });
  afterAll(() => dataSource.destroy());

  it('selects every column of the entity under its property name, quoted, from its metadata', () => {
    const columns = dataSource.getMetadata(ConnectionEntity).columns;
    expect(columns).toHaveLength(28);
    expect(table.selectAll).toMatch(/^SELECT "id", "organization_id" AS "organizationId", .*, "deleted_at" AS "deletedAt" FROM "connections"$/);
    expect(table.selectAll.split(', ')).toHaveLength(columns.length);
    expect(table.column('sslKeySealed')).toBe('"ssl_key_sealed"');
  });

  it('writes the driver placeholders and keeps the values apart from the text', () => {
    const sql = table.params();
    expect(`${sql.add("it's")} ${sql.add(2)}`).toBe('? ?');
    expect(sql.values).toEqual(["it's", 2]);
  });

  it('hydrates a raw row exactly as TypeORM does, and the mapper gives back the connection written', async () => {
    const sql = table.params();
    const [raw] = await dataSource.query<RawRow[]>(`${table.selectAll} WHERE ${table.column('id')} = ${sql.add(connection.id)}`, sql.values);
    const viaTypeOrm = await dataSource.getRepository(ConnectionEntity).findOneByOrFail({ id: connection.id });
    expect(table.toEntity(raw)).toEqual(viaTypeOrm);
    expect(ConnectionMapper.toDomain(table.toEntity(raw))).toEqual(connection);
  });

  it('matches plain substrings and JSON values, with LIKE wildcards taken literally', async () => {
    const count = async (condition: (sql: SqlParams) => string) => {
      const sql = table.params();
      const rows = await dataSource.query<RawRow[]>(`${table.selectAll} WHERE ${condition(sql)}`, sql.values);
      return rows.length;
    };
    expect(await count((sql) => table.contains('configNameKey', 's_d', sql))).toBe(1);
    expect(await count((sql) => table.contains('configNameKey', 's%d', sql))).toBe(0);
    expect(await count((sql) => table.jsonValueEquals('metadata', 'team', 'finance', sql))).toBe(1);
    expect(await count((sql) => table.jsonValueEquals('metadata', 'team', 'fin', sql))).toBe(0);
  });

  it('matches one of several values with one placeholder each (SQLite has no array parameter)', async () => {
    const sql = table.params();
    const condition = table.isAnyOf('configNameKey', ['nothing', 'sales_db', 'other'], sql);
    expect(condition).toBe('"config_name_key" IN (?, ?, ?)');
    expect(sql.values).toEqual(['nothing', 'sales_db', 'other']);
    const rows = await dataSource.query<RawRow[]>(`${table.selectAll} WHERE ${condition}`, sql.values);
    expect(rows.map((row) => row.id)).toEqual([connection.id]);
  });
});
