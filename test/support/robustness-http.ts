import { request } from 'node:http';
import { connect } from 'node:net';

/** What came back: status, lower-cased headers, and the body as text (parsed when it is JSON). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json?: unknown;
}

export interface Outgoing {
  method: string;
  /** Path and query, already encoded as it goes on the wire. */
  path: string;
  /** Header lines in order; a name given twice is sent twice. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Text goes out as UTF-8; a Buffer byte for byte. */
  body?: string | Buffer;
}

function withJson(answer: Omit<Answer, 'json'>): Answer {
  const type = answer.headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('application/json')) return answer;
  try {
    return { ...answer, json: JSON.parse(answer.text) as unknown };
  } catch {
    return answer;
  }
}

function deadline<T>(
  ms: number,
  what: string,
  start: (settle: (outcome: T | Error) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let stop: () => void = () => undefined;
    const timer = setTimeout(() => settle(new Error(`no answer within ${ms} ms: ${what}`)), ms);
    function settle(outcome: T | Error): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stop();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    }
    stop = start(settle);
  });
}

/** One request on a fresh connection to 127.0.0.1:port; rejects when no full answer comes within `ms`. */
export function send(port: number, out: Outgoing, ms: number): Promise<Answer> {
  return deadline<Answer>(ms, `${out.method} ${out.path.slice(0, 200)}`, (settle) => {
    // A name given twice goes out as two header lines (Node sends an array value that way).
    const headers: Record<string, string[]> = {};
    for (const [name, value] of out.headers) (headers[name.toLowerCase()] ??= []).push(value);
    if (out.body !== undefined) headers['content-length'] = [String(Buffer.byteLength(out.body))];
    const req = request(
      { host: '127.0.0.1', port, method: out.method, path: out.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => settle(error));
        res.on('end', () =>
          settle(
            withJson({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          ),
        );
      },
    );
    req.on('error', (error) =>
      settle(new Error(`${out.method} ${out.path.slice(0, 200)}: ${error.message}`)),
    );
    req.end(out.body);
    return () => req.destroy();
  });
}

/** Decodes a chunked body (the server may stream its error body). */
function unchunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Writes `text` as-is on a raw TCP connection and reads until the server closes it (the requests
 * say `Connection: close`): for what the HTTP parser refuses before any route runs.
 */
export function sendRaw(port: number, text: string, ms: number): Promise<Answer> {
  return deadline<Answer>(ms, `raw ${JSON.stringify(text.slice(0, 120))}`, (settle) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; no answer is judged on close
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        settle(
          new Error(
            `connection closed without an HTTP answer (${raw.length} bytes): ${JSON.stringify(text.slice(0, 120))}`,
          ),
        );
        return;
      }
      const [statusLine, ...lines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0)
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = raw.subarray(headEnd + 4);
      const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? unchunk(rest) : rest;
      settle(
        withJson({
          status: Number(statusLine.split(' ')[1]),
          headers,
          text: body.toString('utf8'),
        }),
      );
    });
    socket.write(text, 'latin1');
    return () => socket.destroy();
  });
}
