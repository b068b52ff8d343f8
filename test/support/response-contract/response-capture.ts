import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { CapturedResponse, parseHead, parseRawResponse, requestLineOf } from './captured-response';

export type ResponseSink = (response: CapturedResponse) => void;

type Write = (...args: unknown[]) => boolean;
type End = (...args: unknown[]) => unknown;

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return undefined;
}

/** The header block Node wrote (headers given to writeHead included), else what the response holds. */
function sentHeaders(response: ServerResponse): Record<string, string> {
  const head = (response as ServerResponse & { _header?: unknown })._header;
  if (typeof head === 'string') return parseHead(head).headers;
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, [value].flat().join(', ')]));
}

/**
 * Keeps what one response writes (res.write / res.end) and hands status, headers and body to
 * `sink` once the response is finished. A response whose client went away first is not handed on.
 */
export function captureResponse(request: IncomingMessage, response: ServerResponse, sink: ResponseSink): void {
  const method = request.method ?? '';
  const url = request.url ?? '';
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding: unknown) => {
    const buffer = toBuffer(chunk, encoding);
    if (buffer) chunks.push(buffer);
  };
  if (method !== 'HEAD') {
    const target = response as unknown as { write: Write; end: End };
    const write = target.write;
    const end = target.end;
    target.write = function (this: unknown, ...args: unknown[]) {
      keep(args[0], args[1]);
      return write.apply(this, args);
    };
    target.end = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] !== 'function') keep(args[0], args[1]);
      return end.apply(this, args);
    };
  }
  response.once('finish', () => {
    sink({
      method,
      url,
      status: response.statusCode,
      headers: sentHeaders(response),
      body: Buffer.concat(chunks),
      requestBody: (request as IncomingMessage & { body?: unknown }).body,
    });
  });
}

/**
 * Keeps what the server's own `clientError` listeners write on the socket (the FET answer to a
 * request Node's parser refused) and hands it to `sink`, with the request line when the parser had
 * read one. Only for a server that answers parser errors itself: adding a listener to a server
 * without one would switch off Node's default answer.
 */
export function captureParserAnswers(server: Server, sink: ResponseSink): void {
  if (server.listenerCount('clientError') === 0) return;
  const pending = new WeakMap<Socket, { chunks: Buffer[]; restore: () => void }>();
  server.prependListener('clientError', (_error: Error, socket: Socket) => {
    const chunks: Buffer[] = [];
    const target = socket as unknown as Record<'write' | 'end', Write | End | undefined>;
    const own = { write: Object.getOwnPropertyDescriptor(socket, 'write'), end: Object.getOwnPropertyDescriptor(socket, 'end') };
    const write = socket.write as unknown as Write;
    const end = socket.end as unknown as End;
    // socket.end(data) does not go through socket.write: both are wrapped.
    target.write = function (this: unknown, ...args: unknown[]) {
      const buffer = toBuffer(args[0], args[1]);
      if (buffer) chunks.push(buffer);
      return write.apply(this, args);
    };
    target.end = function (this: unknown, ...args: unknown[]) {
      const buffer = typeof args[0] === 'function' ? undefined : toBuffer(args[0], args[1]);
      if (buffer) chunks.push(buffer);
      return end.apply(this, args);
    };
    pending.set(socket, {
      chunks,
      restore: () => {
        for (const name of ['write', 'end'] as const) {
          const descriptor = own[name];
          if (descriptor) Object.defineProperty(socket, name, descriptor);
          else delete target[name];
        }
      },
    });
  });
  server.on('clientError', (error: Error & { rawPacket?: unknown }, socket: Socket) => {
    const entry = pending.get(socket);
    if (!entry) return;
    pending.delete(socket);
    entry.restore();
    if (entry.chunks.length === 0) return;
    const raw = Buffer.concat(entry.chunks);
    const parsed = parseRawResponse(raw) ?? { status: 0, headers: {}, body: raw };
    sink({ ...requestLineOf(error.rawPacket), ...parsed, refusedByParser: true });
  });
}

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/**
 * Calls `onRequest` for every request that any HTTP server of this process receives, before the
 * server's own listeners run (Node's `http.server.request.start` diagnostics channel). Returns the
 * function that stops watching.
 */
export function watchRequests(onRequest: (server: Server, request: IncomingMessage, response: ServerResponse) => void): () => void {
  const listener = (message: unknown) => {
    const { server, request, response } = message as RequestStart;
    onRequest(server, request, response);
  };
  subscribe('http.server.request.start', listener);
  return () => unsubscribe('http.server.request.start', listener);
}
