import { once } from 'node:events';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

interface SilentListener {
  server: Server;
  port: number;
  /** Resolves when a client has connected. */
  accepted: Promise<void>;
  /** The first bytes the client sent. */
  received: Promise<Buffer>;
  /** Resolves when the client side has closed the first connection. */
  clientClosed: Promise<void>;
  close(): Promise<void>;
}

/** A TCP listener on 127.0.0.1 that records what it receives and never answers (not a database). */
export async function silentListener(): Promise<SilentListener> {
  const sockets: Socket[] = [];
  let accept: () => void = () => undefined;
  const accepted = new Promise<void>((resolve) => (accept = resolve));
  let closed: () => void = () => undefined;
  const clientClosed = new Promise<void>((resolve) => (closed = resolve));
  let deliver: (data: Buffer) => void = () => undefined;
  const received = new Promise<Buffer>((resolve) => (deliver = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    accept();
    socket.once('data', deliver);
    socket.once('close', () => closed());
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    accepted,
    received,
    clientClosed,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      server.close();
      await once(server, 'close');
    },
  };
}
