/**
 * A POSTGRESQL WIRE-PROTOCOL FAKE for tests — not a PostgreSQL server: the server an attacker
 * would point a connection at to read its password off the wire. It answers an SSLRequest (and a
 * GSSENCRequest) with 'N' (no TLS), a StartupMessage with AuthenticationCleartextPassword
 * ('R', length 8, code 3), and the client's PasswordMessage with a FATAL 28P01; and it records
 * every byte any client sent it.
 */
import { AddressInfo, Server, Socket, createServer } from 'node:net';

export interface CleartextPasswordListener {
  host: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Every byte received so far, from every connection, in arrival order. */
  received(): Buffer;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
/** 'R', int32 length 8, int32 3: "send me your password in clear". */
const AUTHENTICATION_CLEARTEXT_PASSWORD = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

/** An ErrorResponse: severity FATAL, SQLSTATE 28P01 (invalid_password). */
function invalidPassword(): Buffer {
  const fields = Buffer.concat([
    ...[
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', '28P01'],
      ['M', 'password authentication failed'],
    ].map(([tag, text]) => Buffer.from(`${tag}${text}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

/** One client: untagged start-up packets first, then tagged messages. */
function converse(socket: Socket, record: (chunk: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  let started = false;
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    record(chunk);
    pending = Buffer.concat([pending, chunk]);
    while (!started && pending.length >= 8 && pending.length >= pending.readInt32BE(0)) {
      const code = pending.readInt32BE(4);
      pending = pending.subarray(pending.readInt32BE(0));
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        socket.write('N');
      } else {
        started = true;
        socket.write(AUTHENTICATION_CLEARTEXT_PASSWORD);
      }
    }
    if (started && pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
      socket.end(invalidPassword());
    }
  });
}

/** Listens on `host`:`port` (loopback) until closed. */
export async function startCleartextPasswordListener(
  host: string,
  port: number,
): Promise<CleartextPasswordListener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    converse(socket, (chunk) => chunks.push(Buffer.from(chunk)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    received: () => Buffer.concat(chunks),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
