import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server that relays both ways until the client sends a
 * chunk containing `marker` (the text of the statement to hold up), then drops that chunk and
 * everything after it: the server never sees the statement and the client waits for an answer
 * that never comes. That is a deadline expiring mid-query, made deterministic, on any protocol
 * that sends its statement text in clear (PostgreSQL, MySQL, TDS in UTF-16, BSON command names).
 */
export interface QueryStallingProxy {
  port: number;
  /** How many times the marker was seen (one per held-up statement). */
  readonly stalled: number;
  close(): Promise<void>;
}

export async function startQueryStallingProxy(
  upstream: { host: string; port: number },
  marker: Buffer,
  /** Called when a statement is held up (e.g. to let the caller's deadline pass right then). */
  onStall: () => void = () => undefined,
): Promise<QueryStallingProxy> {
  const sockets = new Set<Socket>();
  const state = { stalled: 0 };
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const proxy: Server = createServer((client) => {
    track(client);
    const server = connect(upstream);
    track(server);
    let holding = false;
    // The tail of the previous chunk, so a marker split across two chunks is still seen.
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (holding) return;
      const window = Buffer.concat([tail, chunk]);
      if (window.includes(marker)) {
        holding = true;
        state.stalled += 1;
        onStall();
        return;
      }
      tail = window.subarray(Math.max(0, window.length - marker.length));
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (!holding) client.write(chunk);
    });
    client.on('close', () => server.destroy());
    server.on('close', () => {
      if (!holding) client.destroy();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    get stalled() {
      return state.stalled;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
