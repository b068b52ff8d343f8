/** One response as the service put it on the wire, with the request line it answered (when known). */
export interface CapturedResponse {
  /** Undefined for a parser error answered before a request line could be read. */
  method?: string;
  url?: string;
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** Answered by the server's `clientError` handler (Node's parser refused the request). */
  refusedByParser?: boolean;
  /** The request's body as the framework parsed it (`request.body`), when it had one. */
  requestBody?: unknown;
}

/** Parses a raw header block (`HTTP/1.1 200 OK\r\nName: value\r\n…`) into status and headers. */
export function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(statusLine.split(' ')[1]), headers };
}

/** Splits a whole raw HTTP response (as written on a socket) into head and body. */
export function parseRawResponse(raw: Buffer): { status: number; headers: Record<string, string>; body: Buffer } | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0 || !raw.subarray(0, 5).equals(Buffer.from('HTTP/'))) return undefined;
  return { ...parseHead(raw.subarray(0, end).toString('latin1')), body: raw.subarray(end + 4) };
}

/** The request line at the start of what the parser had read (`GET /path HTTP/1.1`), when complete. */
export function requestLineOf(rawPacket: unknown): { method: string; url: string } | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  const line = /^([A-Z]+) (\S+) HTTP\/\d\.\d\r?\n/.exec(rawPacket.subarray(0, 70_000).toString('latin1'));
  return line ? { method: line[1], url: line[2] } : undefined;
}
