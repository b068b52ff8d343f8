/**
 * What discovery must list for the conformance fixture (docker/fixtures/*), per engine, as the
 * fixture account sees it: `orders` (three column types), `order_lines` (composite primary key),
 * the view `order_totals`, `MixedCase` (mixed-case and quoted names, one with a space), and
 * `regions` in the second schema; never `secret_stuff`, which the account cannot read. The
 * second schema's name is a parameter (qualified names carry it).
 */
import { DiscoveredColumn, DiscoveredTable } from '../../src/drivers/database-driver';
import { EngineType } from '../../src/engines/engine';

const column = (
  name: string,
  type: string,
  nullable: boolean,
  primaryKey = false,
): DiscoveredColumn => ({ name, type, nullable, primaryKey });
const pk = (name: string, type: string) => column(name, type, false, true);
const table = (name: string, columns: DiscoveredColumn[]): DiscoveredTable => ({
  name,
  kind: 'table',
  columns,
});
const view = (name: string, columns: DiscoveredColumn[]): DiscoveredTable => ({
  name,
  kind: 'view',
  columns,
});
/** MongoDB columns also carry presence (the share of sampled documents with the field). */
const field = (
  name: string,
  type: string,
  presence: number,
  nullable = presence < 1,
): DiscoveredColumn => ({ name, type, nullable, primaryKey: name === '_id', presence });
const collection = (name: string, columns: DiscoveredColumn[]): DiscoveredTable => ({
  name,
  kind: 'collection',
  columns,
});

export const FIXTURE_TABLES: Record<EngineType, (secondSchema: string) => DiscoveredTable[]> = {
  POSTGRESQL: (sales) => [
    table('MixedCase', [pk('CamelColumn', 'integer'), column('with space', 'text', true)]),
    table('order_lines', [
      pk('line_no', 'integer'),
      pk('order_id', 'bigint'),
      column('sku', 'character varying(40)', false),
    ]),
    // PostgreSQL reports every view column nullable.
    view('order_totals', [
      column('line_count', 'bigint', true),
      column('order_id', 'bigint', true),
    ]),
    table('orders', [
      column('amount', 'numeric(12,2)', false),
      pk('id', 'bigint'),
      column('note', 'text', true),
    ]),
    table(`${sales}.regions`, [
      pk('id', 'integer'),
      column('name', 'character varying(100)', false),
    ]),
  ],
  MYSQL: (sales) => [
    table('MixedCase', [pk('CamelColumn', 'int(11)'), column('with space', 'text', true)]),
    table('order_lines', [
      pk('line_no', 'int(11)'),
      pk('order_id', 'bigint(20)'),
      column('sku', 'varchar(40)', false),
    ]),
    view('order_totals', [
      column('line_count', 'bigint(21)', false),
      column('order_id', 'bigint(20)', false),
    ]),
    table('orders', [
      column('amount', 'decimal(12,2)', false),
      pk('id', 'bigint(20)'),
      column('note', 'text', true),
    ]),
    table(`${sales}.regions`, [pk('id', 'int(11)'), column('name', 'varchar(100)', false)]),
  ],
  SQL_SERVER: (sales) => [
    table('MixedCase', [pk('CamelColumn', 'int'), column('with space', 'nvarchar(max)', true)]),
    table('order_lines', [
      pk('line_no', 'int'),
      pk('order_id', 'bigint'),
      column('sku', 'varchar(40)', false),
    ]),
    view('order_totals', [column('line_count', 'int', true), column('order_id', 'bigint', false)]),
    table('orders', [
      column('amount', 'decimal(12,2)', false),
      pk('id', 'bigint'),
      column('note', 'nvarchar(max)', true),
    ]),
    table(`${sales}.regions`, [pk('id', 'int'), column('name', 'nvarchar(100)', false)]),
  ],
  ORACLE: (sales) => [
    table('MixedCase', [
      pk('CamelColumn', 'NUMBER(10)'),
      column('with space', 'VARCHAR2(100)', true),
    ]),
    table('ORDERS', [
      column('AMOUNT', 'NUMBER(12,2)', false),
      pk('ID', 'NUMBER(19)'),
      column('NOTE', 'VARCHAR2(4000)', true),
    ]),
    table('ORDER_LINES', [
      pk('LINE_NO', 'NUMBER(10)'),
      pk('ORDER_ID', 'NUMBER(19)'),
      column('SKU', 'VARCHAR2(40)', false),
    ]),
    view('ORDER_TOTALS', [
      column('LINE_COUNT', 'NUMBER', true),
      column('ORDER_ID', 'NUMBER(19)', false),
    ]),
    table(`${sales}.REGIONS`, [pk('ID', 'NUMBER(10)'), column('NAME', 'VARCHAR2(100)', false)]),
  ],
  // Documents of docker/fixtures/mongodb.js (the wire fake serves the same ones).
  MONGODB: () => [
    collection('MixedCase', [
      field('CamelColumn', 'int', 1),
      field('_id', 'int', 1),
      field('with space', 'string', 1),
    ]),
    collection('order_lines', [
      field('_id', 'object', 1),
      field('_id.line_no', 'int', 1),
      field('_id.order_id', 'int', 1),
      field('sku', 'string', 1),
    ]),
    {
      ...collection('order_totals', [field('_id', 'int', 1), field('line_count', 'int', 1)]),
      kind: 'view',
    },
    collection('orders', [
      field('_id', 'int', 1),
      field('amount', 'decimal', 1),
      field('note', 'string|null', 1, true),
      field('placed_at', 'date', 1),
    ]),
  ],
};
