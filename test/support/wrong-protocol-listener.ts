import { AddressInfo, Server, Socket, createServer } from 'node:net';

/**
 * A TCP listener on 127.0.0.1 that speaks another protocol: it answers every connection at once
 * with an HTTP error and hangs up, as a web server does with a request it cannot parse (engines
 * whose server speaks first, MySQL, read the answer as a greeting; the others read it as the
 * answer to their first message). Not a database of any kind.
 */
export interface WrongProtocolListener {
  port: number;
  close(): Promise<void>;
}

const ANSWER = Buffer.from(
  'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request',
);

export async function startWrongProtocolListener(): Promise<WrongProtocolListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.end(ANSWER);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
