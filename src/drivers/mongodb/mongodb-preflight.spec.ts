import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { BSON } from 'mongodb';
import { DriverError, DriverTarget } from '../database-driver';
import {
  PREFLIGHT_MAX_REPLY_BYTES,
  checkReply,
  helloMessage,
  mongoPreflight,
} from './mongodb-preflight';

function opMsgReply(responseTo: number, document: Record<string, unknown>): Buffer {
  const body = Buffer.from(BSON.serialize(document));
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(7, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, body]);
}

function target(port: number): DriverTarget {
  return {
    id: 'c1',
    type: 'MONGODB',
    host: '127.0.0.1',
    port,
    databaseName: 'db',
    userName: 'u',
    password: 'p',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: '127.0.0.1', address: '127.0.0.1', family: 4 },
  };
}

const openSockets: Socket[] = [];

async function listen(onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  server.on('connection', (socket) => openSockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DriverError);
  return `${(error as DriverError).reason}@${(error as DriverError).stage}`;
}

describe('checkReply', () => {
  it('the hello it sends is an OP_MSG isMaster on admin', () => {
    const message = helloMessage(42);
    expect(message.readInt32LE(0)).toBe(message.length);
    expect(message.readInt32LE(12)).toBe(2013);
    expect(BSON.deserialize(message.subarray(21))).toMatchObject({ isMaster: 1, $db: 'admin' });
  });

  it('accepts a well-formed reply to its own request id only', () => {
    expect(checkReply(opMsgReply(42, { ok: 1 }), 42).state).toBe('ok');
    expect(checkReply(opMsgReply(41, { ok: 1 }), 42).state).toBe('not-mongodb');
    expect(checkReply(opMsgReply(42, { hello: 'no ok field' }), 42).state).toBe('not-mongodb');
  });

  it('waits for the rest of a partial reply, refuses an oversized or garbage one', () => {
    const reply = opMsgReply(42, { ok: 1 });
    expect(checkReply(reply.subarray(0, 20), 42)).toEqual({
      state: 'need-more',
      totalBytes: reply.length,
    });
    const huge = Buffer.from(reply);
    huge.writeInt32LE(PREFLIGHT_MAX_REPLY_BYTES + 1, 0);
    expect(checkReply(huge, 42).state).toBe('not-mongodb');
    expect(checkReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), 42).state).toBe(
      'not-mongodb',
    );
    expect(checkReply(Buffer.from('-ERR unknown command\r\n'), 42).state).toBe('not-mongodb');
  });
});

describe('mongoPreflight', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const socket of openSockets.splice(0)) socket.destroy();
    for (const server of servers.splice(0)) server.close();
  });

  it('passes when a MongoDB-shaped reply comes back', async () => {
    const server = await listen((socket) =>
      socket.once('data', (data) =>
        socket.write(opMsgReply(data.readInt32LE(4), { ismaster: true, ok: 1 })),
      ),
    );
    servers.push(server);
    const timings = await mongoPreflight(
      target((server.address() as AddressInfo).port),
      null,
      AbortSignal.timeout(2000),
    );
    expect(timings.connectMs).toBeGreaterThanOrEqual(0);
  });

  it('another protocol answering is UNKNOWN; a hang-up without a byte is CONNECTION_REFUSED', async () => {
    const http = await listen((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const hangUp = await listen((socket) => socket.destroy());
    servers.push(http, hangUp);
    expect(
      await reasonOf(
        mongoPreflight(
          target((http.address() as AddressInfo).port),
          null,
          AbortSignal.timeout(2000),
        ),
      ),
    ).toBe('UNKNOWN@connect');
    expect(
      await reasonOf(
        mongoPreflight(
          target((hangUp.address() as AddressInfo).port),
          null,
          AbortSignal.timeout(2000),
        ),
      ),
    ).toBe('CONNECTION_REFUSED@connect');
  });

  it('a server that declares a 2 GiB reply is refused without reading it', async () => {
    const liar = await listen((socket) =>
      socket.once('data', (data) => {
        const header = Buffer.alloc(16);
        header.writeInt32LE(0x7fffffff, 0);
        header.writeInt32LE(data.readInt32LE(4), 8);
        header.writeInt32LE(2013, 12);
        socket.write(header);
      }),
    );
    servers.push(liar);
    expect(
      await reasonOf(
        mongoPreflight(
          target((liar.address() as AddressInfo).port),
          null,
          AbortSignal.timeout(2000),
        ),
      ),
    ).toBe('UNKNOWN@connect');
  });

  it('a silent port is a TIMEOUT when the signal aborts', async () => {
    const silent = await listen(() => undefined);
    servers.push(silent);
    expect(
      await reasonOf(
        mongoPreflight(
          target((silent.address() as AddressInfo).port),
          null,
          AbortSignal.timeout(300),
        ),
      ),
    ).toBe('TIMEOUT@connect');
  });
});
