/**
 * The floor: node:http + a pg Pool doing exactly the service's SQL, no framework. Spawned by the
 * harness with PORT and DATABASE_URL; same routes as the service so one autocannon setup fits all.
 */
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { CreateInput, floorPool, getById, insert, isUniqueViolation, listFirstPage } from './floor-sql';

const pool = floorPool(process.env.DATABASE_URL ?? '');
const BASE = '/v1/management/connections';

function send(response: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<CreateInput> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as CreateInput;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://floor');
  if (request.method === 'GET' && url.pathname === '/health/ready') {
    await pool.query('SELECT 1');
    return send(response, 200, { status: 'ok' });
  }
  if (request.method === 'GET' && url.pathname === BASE) {
    return send(response, 200, await listFirstPage(pool, Number(url.searchParams.get('limit') ?? 10)));
  }
  if (request.method === 'GET' && url.pathname.startsWith(`${BASE}/`)) {
    const found = await getById(pool, url.pathname.slice(BASE.length + 1));
    return found ? send(response, 200, found) : send(response, 404, { code: 'FET-0101' });
  }
  if (request.method === 'POST' && url.pathname === BASE) {
    const product = String(request.headers['x-product-name'] ?? '').toLowerCase();
    try {
      return send(response, 201, await insert(pool, await readJson(request), product));
    } catch (error) {
      if (isUniqueViolation(error)) return send(response, 409, { code: 'FET-0409' });
      throw error;
    }
  }
  send(response, 404, { code: 'FET-0001' });
}

createServer((request, response) => {
  handle(request, response).catch(() => send(response, 500, { code: 'FET-0002' }));
}).listen(Number(process.env.PORT), '127.0.0.1');
