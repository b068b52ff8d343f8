import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { sqlServerDialer } from './sqlserver-dialer';
import { RerouteRefused, TlsDowngradeRefused } from './sqlserver-errors';

const PRELOGIN = Buffer.from([0x12, 0x01, 0x00, 0x09, 0, 0, 1, 0, 0xff]);
const LOGIN7 = Buffer.from([0x10, 0x01, 0x00, 0x09, 0, 0, 1, 0, 0xaa]);

describe('sqlServerDialer', () => {
  let server: Server;
  let port: number;
  const received: Buffer[] = [];
  const accepted: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => {
      accepted.push(socket);
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    received.length = 0;
  });

  const arrived = (): Promise<Buffer> =>
    new Promise((resolve) => {
      const poll = (): void => {
        if (received.length > 0) resolve(Buffer.concat(received));
        else setImmediate(poll);
      };
      poll();
    });

  it('dials only the approved address and port: a routing target is refused', async () => {
    const dialer = sqlServerDialer('127.0.0.1', port, false, () => undefined);
    await expect(dialer.connector({ host: '10.0.0.9', port })).rejects.toBeInstanceOf(
      RerouteRefused,
    );
    await expect(dialer.connector({ host: '127.0.0.1', port: port + 1 })).rejects.toBeInstanceOf(
      RerouteRefused,
    );
    dialer.close();
  });

  it('with TLS asked, lets PRELOGIN out and refuses a LOGIN7 in clear before a byte of it leaves', async () => {
    let connected = false;
    const dialer = sqlServerDialer('127.0.0.1', port, true, () => (connected = true));
    const socket = await dialer.connector({ host: '127.0.0.1', port });
    expect(connected).toBe(true);
    const closed = new Promise<unknown>((resolve) => socket.once('close', resolve));
    const errors: unknown[] = [];
    socket.on('error', (error) => errors.push(error));
    socket.write(PRELOGIN);
    expect((await arrived()).equals(PRELOGIN)).toBe(true);
    expect(socket.write(LOGIN7)).toBe(false);
    await closed;
    expect(errors[0]).toBeInstanceOf(TlsDowngradeRefused);
    expect(Buffer.concat(received).equals(PRELOGIN)).toBe(true);
    dialer.close();
  });

  it('once tedious reports TLS up, every write goes out (they are TLS records then)', async () => {
    const dialer = sqlServerDialer('127.0.0.1', port, true, () => undefined);
    const socket = await dialer.connector({ host: '127.0.0.1', port });
    dialer.tlsUp();
    socket.write(LOGIN7);
    expect((await arrived()).equals(LOGIN7)).toBe(true);
    dialer.close();
    expect(socket.destroyed).toBe(true);
  });

  it('without TLS asked, nothing is guarded', async () => {
    const dialer = sqlServerDialer('127.0.0.1', port, false, () => undefined);
    const socket = await dialer.connector({ host: '127.0.0.1', port });
    socket.write(LOGIN7);
    expect((await arrived()).equals(LOGIN7)).toBe(true);
    dialer.close();
  });

  it('after close, no further dial', async () => {
    const dialer = sqlServerDialer('127.0.0.1', port, false, () => undefined);
    dialer.close();
    await expect(dialer.connector({ host: '127.0.0.1', port })).rejects.toThrow();
  });
});
