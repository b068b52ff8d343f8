import { AddressInfo, createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that nothing listens on: bound by the system, then released. Use it as
 * a closed port (a dial is refused) or as the port of a server the caller starts (tests, bench).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
