/**
 * Generated PostgreSQL catalogs for the schema benchmarks: `tables` tables named t00001… in `public`,
 * each with `columns` columns (an `id bigint` primary key, then integer / text / numeric / timestamptz
 * in turn). Created in committed batches: one transaction creating 20,000 tables takes more locks
 * than PostgreSQL's lock table holds ("out of shared memory").
 */
import { Client } from 'pg';

export interface CatalogShape {
  tables: number;
  columns: number;
}

const BATCH = 500;

const batchSql = (shape: CatalogShape, from: number, to: number) => `
DO $$
DECLARE cols text;
BEGIN
  SELECT string_agg(format('c%s %s', g, CASE g % 4 WHEN 0 THEN 'integer' WHEN 1 THEN 'text'
         WHEN 2 THEN 'numeric(12,2)' ELSE 'timestamptz' END), ', ') INTO cols FROM generate_series(2, ${shape.columns}) g;
  FOR i IN ${from}..${to} LOOP
    EXECUTE format('CREATE TABLE t%s (id bigint PRIMARY KEY, %s)', lpad(i::text, 5, '0'), cols);
  END LOOP;
END $$;`;

/** The name the service shows for table `index` (1-based) of a generated catalog. */
export const generatedTableName = (index: number) => `t${String(index).padStart(5, '0')}`;

/** The name of column `index` (1-based; 1 is `id`) of every generated table. */
export const generatedColumnName = (index: number) => (index === 1 ? 'id' : `c${index}`);

/** Creates the catalog in the (empty) database at `url`; returns the milliseconds it took. */
export async function generateCatalog(url: string, shape: CatalogShape): Promise<number> {
  const started = performance.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let from = 1; from <= shape.tables; from += BATCH) {
      await client.query(batchSql(shape, from, Math.min(shape.tables, from + BATCH - 1)));
    }
  } finally {
    await client.end();
  }
  return performance.now() - started;
}
