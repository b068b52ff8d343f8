import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that relays both ways, but keeps its side of
 * each client's connection open after the client has finished sending (a polite close: PostgreSQL's
 * Terminate, then the client's FIN) until the test calls `release()`: a database that is slow to
 * hang up, made deterministic. `openSessions()` counts the client connections not closed yet, by
 * whichever side.
 */
export interface CloseHoldingProxy {
  port: number;
  /** Client connections accepted and not closed yet. */
  openSessions(): number;
  /** Client connections accepted so far. */
  accepted(): number;
  /** Hangs up every client that has finished sending, and from now on each one as soon as it has. */
  release(): void;
  close(): Promise<void>;
}

export async function startCloseHoldingProxy(upstream: {
  host: string;
  port: number;
}): Promise<CloseHoldingProxy> {
  const open = new Set<Socket>();
  const finished = new Set<Socket>();
  const state = { accepted: 0, released: false };
  const proxy: Server = createServer({ allowHalfOpen: true }, (client) => {
    state.accepted += 1;
    open.add(client);
    const server = connect(upstream);
    client.on('error', () => client.destroy());
    server.on('error', () => server.destroy());
    client.on('data', (chunk: Buffer) => server.write(chunk));
    server.on('data', (chunk: Buffer) => {
      if (client.writable) client.write(chunk);
    });
    client.on('end', () => {
      server.end();
      if (state.released) client.end();
      else finished.add(client);
    });
    client.on('close', () => {
      open.delete(client);
      finished.delete(client);
      server.destroy();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    openSessions: () => open.size,
    accepted: () => state.accepted,
    release: () => {
      state.released = true;
      for (const client of finished) client.end();
    },
    close: async () => {
      for (const client of open) client.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
