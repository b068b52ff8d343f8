/**
 * A TNS LISTENER FAKE for tests — not an Oracle listener. No Oracle can run on this machine, so
 * the real oracledb thin driver is pointed at this net server, which reads the client's CONNECT
 * packet and answers with one canned reply: a REFUSE packet carrying an ORA error number, a
 * hang-up, (`zero-length`) a TNS header whose length field is 0 — the reply that makes oracledb
 * 6.10 thin loop until out of memory — or a REDIRECT packet naming another address (what a
 * listener in front of RAC or shared servers sends). With `tls` it is a TCPS listener: it asks
 * for a client certificate (and records its subject CN) before reading the CONNECT packet; with
 * `tls.ca` it requires one signed by that CA, as an Oracle listener with
 * SSL_CLIENT_AUTHENTICATION=TRUE does. It listens on 127.0.0.1 unless `host` names another
 * loopback address (e.g. 127.0.0.2); `accepts` counts the TCP connections it took, `connects` the
 * CONNECT packets it read.
 */
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { SecureVersion, createServer as createTlsServer } from 'node:tls';

export type TnsReply =
  | { refuse: number }
  /** An address descriptor, e.g. `(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.2)(PORT=1521))`. */
  | { redirect: string }
  | 'close'
  | 'zero-length';

/** Where the listener listens (127.0.0.1 by default). */
export interface TnsListen {
  host?: string;
}

export interface TnsRefuser {
  port: number;
  /** TCP connections accepted (TCPS: handshakes completed). */
  accepts: number;
  connects: number;
  /** TCPS: the CN of each client certificate presented (`null` when none was). */
  clientCertificates: (string | null)[];
  close(): Promise<void>;
}

/** A TCPS listener's certificate and key (PEM). */
export interface TnsTls {
  cert: string;
  key: string;
  /** Require a client certificate signed by this CA (PEM); without it one is asked for, not required. */
  ca?: string;
  /** The highest TLS version offered (Node's default: TLSv1.3). */
  maxVersion?: SecureVersion;
}

function refusePacket(oraError: number): Buffer {
  const data = Buffer.from(
    `(DESCRIPTION=(TMP=)(VSNNUM=0)(ERR=${oraError})(ERROR_STACK=(ERROR=(CODE=${oraError})(EMFI=4))))`,
    'ascii',
  );
  const packet = Buffer.alloc(12 + data.length);
  packet.writeUInt16BE(packet.length, 0);
  packet.writeUInt8(4, 4); // REFUSE
  packet.writeUInt8(1, 8); // user reason
  packet.writeUInt8(0, 9); // system reason
  packet.writeUInt16BE(data.length, 10);
  data.copy(packet, 12);
  return packet;
}

/** REDIRECT (type 5) without the "separate connect data" flag: the data is the address alone. */
function redirectPacket(address: string): Buffer {
  const data = Buffer.from(address, 'ascii');
  const packet = Buffer.alloc(10 + data.length);
  packet.writeUInt16BE(packet.length, 0);
  packet.writeUInt8(5, 4); // REDIRECT
  packet.writeUInt16BE(data.length, 8);
  data.copy(packet, 10);
  return packet;
}

export async function startTnsRefuser(
  reply: TnsReply,
  tls?: TnsTls,
  listen: TnsListen = {},
): Promise<TnsRefuser> {
  const sockets = new Set<Socket>();
  const state = { accepts: 0, connects: 0 };
  const clientCertificates: (string | null)[] = [];
  const onSocket = (socket: Socket): void => {
    state.accepts += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', () => {
      state.connects += 1;
      if (reply === 'close') socket.destroy();
      else if (reply === 'zero-length')
        socket.write(Buffer.from([0, 0, 0, 0, 2, 0, 0, 0, 1, 2, 3, 4]));
      else if ('redirect' in reply) socket.end(redirectPacket(reply.redirect));
      else socket.end(refusePacket(reply.refuse));
    });
  };
  const server: Server = tls
    ? createTlsServer({ ...tls, requestCert: true, rejectUnauthorized: !!tls.ca }, (socket) => {
        const { subject } = socket.getPeerCertificate() as { subject?: { CN?: string } };
        clientCertificates.push(subject?.CN ?? null);
        onSocket(socket);
      })
    : createServer(onSocket);
  if (tls) server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, listen.host ?? '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get accepts() {
      return state.accepts;
    },
    get connects() {
      return state.connects;
    },
    clientCertificates,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
