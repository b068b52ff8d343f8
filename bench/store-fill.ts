/**
 * Fills a migrated PostgreSQL store with generated connections, fast (one `INSERT … SELECT
 * generate_series` for the connections and one for their `created` history events), shaped exactly
 * like the rows the service writes: UUID v7 ids carrying createdAt, lower-cased configName keys,
 * the crud suite's mix of engines, hosts, schemas, ssl and metadata, soft-deleted rows, and a
 * password sealed by the service's own cipher. Then VACUUM ANALYZE, as a store that has lived has
 * its statistics and visibility map.
 */
import { Client } from 'pg';

/** Live and soft-deleted connections of one organization in one product (null: unassigned). */
export interface StoreBlock {
  organization: string;
  product: string | null;
  live: number;
  deleted: number;
}

const DAY_MS = 86_400_000;

/**
 * `blocks` into the store at `url`. `sealedPassword` is one value of the service's cipher (the
 * stored form and length of a real one; it opens only for the id it was sealed for, which get and
 * list never do).
 */
export async function fillStore(url: string, blocks: readonly StoreBlock[], sealedPassword: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const now = Date.now();
    const params = [
      blocks.map((block) => block.organization),
      blocks.map((block) => block.product),
      blocks.map((block) => block.live),
      blocks.map((block) => block.deleted),
      sealedPassword,
      now,
      2 * 365 * DAY_MS,
    ];
    const result = await client.query(
      `WITH b AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) WITH ORDINALITY AS b(org, product, live, deleted, block)
       ), r AS (
         SELECT b.org, b.product, b.block, g, g > b.live AS gone,
                $6::bigint - (random() * $7::bigint)::bigint AS created,
                md5(random()::text) AS h
           FROM b, generate_series(1, b.live + b.deleted) AS g
       ), t AS (
         SELECT r.*, lpad(to_hex(created), 12, '0') AS ts, created + (random() * 30 * ${DAY_MS})::bigint AS changed,
                (ARRAY['POSTGRESQL','MYSQL','SQL_SERVER','ORACLE','MONGODB'])[g % 5 + 1] AS engine
           FROM r
       )
       INSERT INTO connections (id, organization_id, product_name, config_name, config_name_key, type, host, port,
                                database_name, user_name, password_sealed, schema_name, ssl_mode, metadata,
                                created_at, updated_at, deleted_at, provisioned)
       SELECT substr(ts, 1, 8) || '-' || substr(ts, 9, 4) || '-7' || substr(h, 1, 3) || '-' ||
                substr('89ab', 1 + g % 4, 1) || substr(h, 4, 3) || '-' || substr(h, 7, 12),
              org, product, 'Conn_' || block || '-' || g, 'conn_' || block || '-' || g, engine,
              'db-' || g % 97 || '.eu-west-1.internal.example.com',
              CASE engine WHEN 'POSTGRESQL' THEN 5432 WHEN 'MYSQL' THEN 3306 WHEN 'SQL_SERVER' THEN 1433 WHEN 'ORACLE' THEN 1521 ELSE 27017 END,
              CASE engine WHEN 'ORACLE' THEN 'ORCLPDB1' ELSE 'reporting_' || g % 13 END,
              'report_reader_' || g % 7, $5,
              CASE WHEN engine IN ('POSTGRESQL', 'SQL_SERVER') THEN CASE WHEN g % 2 = 0 THEN 'public' ELSE 'sales' END END,
              CASE WHEN g % 3 = 0 AND engine <> 'MONGODB' THEN 'require' END,
              CASE WHEN g % 2 = 0 THEN '{"environment":"' || CASE WHEN g % 4 = 0 THEN 'production' ELSE 'staging' END ||
                '","team":"team-' || g % 5 || '"}' ELSE '{}' END,
              created, changed, CASE WHEN gone THEN changed END, false
         FROM t`,
      params,
    );
    // One `created` event per connection, as the service writes with every create.
    await client.query(
      `INSERT INTO connection_events (id, organization_id, connection_id, at, action, actor, changes)
       SELECT substr(id, 1, 15) || substr(md5(id), 1, 3) || substr(id, 19), organization_id, id, created_at, 'created', 'bench',
              '{"configName":{"to":"' || config_name || '"},"host":{"to":"' || host || '"},"password":{"changed":true}}'
         FROM connections`,
    );
    await client.query('VACUUM ANALYZE connections');
    await client.query('VACUUM ANALYZE connection_events');
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
