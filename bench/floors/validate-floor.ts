/**
 * The floor of a cached validate-schema call: node:http + a pg Pool, no framework, doing only what
 * the request itself needs. It reads and parses the JSON body, looks the data sources up with the
 * service's SQL (one query per call, by configName key, as a named prepared statement), checks every
 * table and field against catalogs it holds in memory, and answers 422 with the FET-1060 body. It
 * does no validation of the body's shape, no auth, no logging, no metrics.
 *
 * A catalog is read from the data source's own database on first use (information_schema, the
 * `public` schema) and kept for the floor's lifetime, one per database; that is its "warm cache". Suggestions are
 * computed once per name and remembered, as the service does. Spawned by the harness with PORT and
 * DATABASE_URL (the service's store, holding the suite's connections).
 */
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { Client } from 'pg';
import { ORGANIZATION, READ_COLUMNS, floorPool } from './floor-sql';

const pool = floorPool(process.env.DATABASE_URL ?? '');
const VALIDATE = '/v1/management/connections/validate-schema';
/** `findByConfigNames` (with the X-Product-Name the client sends, as the service's query has). */
const BY_CONFIG_NAMES =
  `SELECT ${READ_COLUMNS} FROM "connections" WHERE "organization_id" = $1 AND "deleted_at" IS NULL ` +
  `AND "config_name_key" = ANY($2) AND "product_name" = $3`;

interface Catalog {
  tables: Map<string, Set<string>>;
  suggestions: Map<string, string | undefined>;
}
interface Problem {
  type: string;
  dataSourceId: string;
  table?: string;
  field?: string;
  suggestion?: string;
}
type Row = { id: string; configName: string; host: string; port: number; databaseName: string; userName: string };

/** By database (`host:port/name`): the suite's ten data sources of a size share one generated catalog. */
const catalogs = new Map<string, Promise<Catalog>>();

async function loadCatalog(row: Row): Promise<Catalog> {
  const client = new Client({ host: row.host, port: row.port, database: row.databaseName, user: row.userName });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const tables = new Map<string, Set<string>>();
    for (const { table_name: table, column_name: column } of rows) {
      let columns = tables.get(table);
      if (!columns) tables.set(table, (columns = new Set()));
      columns.add(column);
    }
    return { tables, suggestions: new Map() };
  } finally {
    await client.end();
  }
}

/** Levenshtein distance, the plain two-row way. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The closest of `names` within a third of the asked name's length, remembered per catalog. */
function suggest(catalog: Catalog, key: string, asked: string, names: Iterable<string>): string | undefined {
  if (catalog.suggestions.has(key)) return catalog.suggestions.get(key);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(asked.length / 3)) + 1;
  for (const name of names) {
    const d = name.toLowerCase() === asked.toLowerCase() ? 0 : distance(name, asked);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  catalog.suggestions.set(key, best);
  return best;
}

function check(dataSourceId: string, mapped: Record<string, string[]>, catalog: Catalog, problems: Problem[]): void {
  for (const asked of Object.keys(mapped)) {
    const table = asked.startsWith('public.') ? asked.slice('public.'.length) : asked;
    const columns = catalog.tables.get(table);
    if (!columns) {
      const suggestion = suggest(catalog, `t:${table}`, table, catalog.tables.keys());
      problems.push({ type: 'TABLE_NOT_FOUND', dataSourceId, table: asked, ...(suggestion ? { suggestion } : {}) });
      continue;
    }
    for (const field of mapped[asked]) {
      if (columns.has(field)) continue;
      const suggestion = suggest(catalog, `f:${table}\0${field}`, field, columns);
      problems.push({ type: 'FIELD_NOT_FOUND', dataSourceId, table: asked, field, ...(suggestion ? { suggestion } : {}) });
    }
  }
}

async function validate(
  body: { mappedFields: Record<string, Record<string, string[]>> },
  product: string,
): Promise<Problem[]> {
  const names = Object.keys(body.mappedFields);
  const { rows } = await pool.query<Row>({
    name: 'floor-by-config-names',
    text: BY_CONFIG_NAMES,
    values: [ORGANIZATION, names.map((name) => name.toLowerCase()), product],
  });
  const byName = new Map(rows.map((row) => [row.configName.toLowerCase(), row]));
  const problems: Problem[] = [];
  for (const name of names) {
    const row = byName.get(name.toLowerCase());
    if (!row) {
      problems.push({ type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: name });
      continue;
    }
    const where = `${row.host}:${row.port}/${row.databaseName}`;
    let catalog = catalogs.get(where);
    if (!catalog) catalogs.set(where, (catalog = loadCatalog(row)));
    check(name, body.mappedFields[name], await catalog, problems);
  }
  const order = (p: Problem) => `${p.dataSourceId}\0${p.table ?? ''}\0${p.field ?? ''}`;
  return problems.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && request.url === '/health/ready') {
    await pool.query('SELECT 1');
    return send(response, 200, { status: 'ok' });
  }
  if (request.method !== 'POST' || request.url !== VALIDATE) return send(response, 404, { code: 'FET-0001' });
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const product = String(request.headers['x-product-name'] ?? '').toLowerCase();
  const problems = await validate(JSON.parse(Buffer.concat(chunks).toString('utf8')), product);
  if (problems.length === 0) return send(response, 200, { status: 'success' });
  send(response, 422, {
    code: 'FET-1060',
    title: 'Schema validation failed',
    message: 'Some mapped tables or fields do not exist in their data sources.',
    errors: problems,
  });
}

createServer((request, response) => {
  handle(request, response).catch(() => send(response, 500, { code: 'FET-0002' }));
}).listen(Number(process.env.PORT), '127.0.0.1');
