import { Readable } from 'node:stream';
import { DiscoveredTable } from '../../drivers/database-driver';
import { DiscoveredCatalog } from '../discovery/discovered-catalog';
import { Connection } from '../domain/connection';
import { SchemaResponseDto } from './schema-response.dto';

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

const connection = {
  id: '019abcde-f012-7345-8678-9abcdef01234',
  configName: 'big "erp"',
  databaseName: 'erp',
  type: 'POSTGRESQL',
  password: 'never-sent',
} as unknown as Connection;
const discoveredAt = new Date('2026-12-01T12:00:00.000Z');

/** Odd names on purpose: quotes, backslashes, unicode, line separators, a lone surrogate, `__proto__`. */
const ODD = ['sales."Ümlaut"\u2028', '__proto__', 'constructor', 'a\\"b', '\ud800x', '😀 \u0000\n'];

/** `count` tables in name order, each with a few columns (also oddly named). */
function tables(count: number): DiscoveredTable[] {
  const list: DiscoveredTable[] = Array.from({ length: count }, (_, index) => ({
    name: index < ODD.length ? ODD[index] : `t${String(index).padStart(5, '0')}`,
    kind: index === 2 ? 'view' : 'table',
    columns: [
      { name: '__proto__', type: 'text', nullable: true, primaryKey: false },
      { name: `c\\${index}`, type: 'character varying(20)', nullable: true, primaryKey: false },
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
      ...(index % 7 === 3
        ? [{ name: 'Ω"\u2029', type: '"Quoted"', nullable: false, primaryKey: false }]
        : []),
    ],
  }));
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The response object as the service built it before the body was serialised from kept JSON. */
function responseObject(list: DiscoveredTable[]) {
  return {
    id: connection.id,
    configName: connection.configName,
    databaseName: connection.databaseName,
    type: connection.type,
    discoveredAt: discoveredAt.toISOString(),
    tables: list.map((table) => ({
      name: table.name,
      kind: table.kind,
      fields: table.columns.map((column) => column.name),
      columns: table.columns,
    })),
  };
}

/** The catalog as a driver hands it over in batches of `batch` tables. */
function catalogOf(list: DiscoveredTable[], batch: number): DiscoveredCatalog {
  const catalog = new DiscoveredCatalog(SchemaResponseDto.tablesJson);
  for (let start = 0; start < list.length; start += batch)
    catalog.add(list.slice(start, start + batch));
  return catalog;
}

describe('SchemaResponseDto.body', () => {
  it.each([
    [0, 1],
    [1, 1],
    [6, 1],
    [6, 4],
    [1365, 1000],
    [1366, 1366],
    [3000, 1000],
    [3000, 7],
  ])(
    'sends exactly JSON.stringify of the response object, with its byte length (%i tables in batches of %i)',
    async (count, batch) => {
      const list = tables(count);
      const expected = JSON.stringify(responseObject(list));
      const body = SchemaResponseDto.body({
        connection,
        discoveredAt,
        catalog: catalogOf(list, batch),
      });
      expect(await text(body.getStream())).toBe(expected);
      expect(body.getHeaders()).toMatchObject({
        type: 'application/json; charset=utf-8',
        length: Buffer.byteLength(expected),
      });
      expect(expected).not.toContain('never-sent');
    },
  );
});

describe('SchemaResponseDto.tablesJson', () => {
  it('gives the same bytes when tables share column objects (as PostgreSQL discovery hands them) and for MongoDB presence', async () => {
    const id = Object.freeze({ name: 'id', type: 'bigint', nullable: false, primaryKey: true });
    const note = Object.freeze({ name: 'nöte"', type: 'text', nullable: true, primaryKey: false });
    const list: DiscoveredTable[] = Array.from({ length: 2500 }, (_, index) => ({
      name: `t${String(index).padStart(5, '0')}`,
      kind: index % 3 === 0 ? 'collection' : 'table',
      columns:
        index % 3 === 0
          ? [{ name: '_id', type: 'objectId', nullable: false, primaryKey: true, presence: 1 }]
          : [id, note],
    }));
    const expected = JSON.stringify(responseObject(list));
    const body = SchemaResponseDto.body({
      connection,
      discoveredAt,
      catalog: catalogOf(list, 700),
    });
    expect(await text(body.getStream())).toBe(expected);
    expect(body.getHeaders()).toMatchObject({ length: Buffer.byteLength(expected) });
  });
});
