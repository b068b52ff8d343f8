import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { ConfigService } from '@nestjs/config';
import { MongoClient } from 'mongodb';
import { Settings } from '../src/config/settings';
import { callContext } from '../src/drivers/call-context';
import { DriverTarget } from '../src/drivers/database-driver';
import { MongoDbDriver } from '../src/drivers/mongodb/mongodb.driver';
import { DnsHostPolicy } from '../src/host-policy/host-policy.service';
import { MongoWireFake, startMongoWireFake } from './fakes/mongo-wire-fake';
import { driverFailure, loopbackTarget } from './support/driver-target';

/** The announced member: a listener the test host policy forbids, which counts who dials it. */
const BLOCKED_ADDRESS = '127.0.0.2';

interface Trap {
  port: number;
  dials: number;
  dialled: Promise<void>;
  close(): Promise<void>;
}

async function startTrap(): Promise<Trap> {
  const sockets = new Set<Socket>();
  let dialled = (): void => undefined;
  const trap = {
    port: 0,
    dials: 0,
    dialled: new Promise<void>((resolve) => (dialled = resolve)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((socket) => {
    trap.dials += 1;
    dialled();
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, BLOCKED_ADDRESS, resolve));
  trap.port = (server.address() as AddressInfo).port;
  return trap;
}

/**
 * A replica set member (the wire fake, a secondary) that names as primary a member at an address
 * the host policy forbids. A client that discovers the topology would dial it; the driver dials
 * only the approved address, whatever `replicaSet` / `directConnection` say.
 */
describe('MongoDbDriver and replica set topologies under the host policy (wire-protocol fake, not a real server)', () => {
  const driver = new MongoDbDriver();
  const policy = new DnsHostPolicy({
    get: () => ({ mode: 'default', allowCidrs: [], denyCidrs: [`${BLOCKED_ADDRESS}/32`] }),
  } as unknown as ConfigService<Settings, true>);
  let fake: MongoWireFake;
  let trap: Trap;

  beforeAll(async () => {
    trap = await startTrap();
    fake = await startMongoWireFake({
      users: { reporter: 's3cret-pw' },
      databases: { app: {} },
      replicaSet: {
        name: 'rs0',
        members: [`${BLOCKED_ADDRESS}:${trap.port}`],
        primary: `${BLOCKED_ADDRESS}:${trap.port}`,
      },
    });
  });
  afterAll(async () => Promise.all([fake.close(), trap.close()]));

  const target = (metadata: Record<string, string>): DriverTarget =>
    loopbackTarget('MONGODB', fake.port, { databaseName: 'app', metadata });

  it('the announced member is one the test policy forbids', async () => {
    const error = await driverFailure(
      policy.resolve(BLOCKED_ADDRESS, new AbortController().signal),
    );
    expect(error.reason).toBe('FORBIDDEN_HOST');
  });

  it.each([
    [{ replicaSet: 'rs0' }],
    [{ replicaSet: 'rs0', directConnection: 'false' }],
    [{ directConnection: 'false' }],
  ])('metadata %p: the probe reads the approved member only', async (metadata) => {
    const approved = await policy.resolve('127.0.0.1', new AbortController().signal);
    const result = await driver.probe({ ...target(metadata), approved }, callContext(15_000));
    expect(result.serverVersion).toBe('MongoDB 7.0.0');
    expect(trap.dials).toBe(0);
  });

  it('a discovery too', async () => {
    await driver.discover(target({ replicaSet: 'rs0' }), {}, callContext(15_000));
    expect(trap.dials).toBe(0);
  });

  it('the fake is a real lure: a client left to discover the topology dials the forbidden member', async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${fake.port}`, {
      replicaSet: 'rs0',
      directConnection: false,
      serverSelectionTimeoutMS: 15_000,
      auth: { username: 'reporter', password: 's3cret-pw' },
    });
    const connecting = client.connect().catch(() => undefined);
    await trap.dialled;
    await client.close();
    await connecting;
    expect(trap.dials).toBeGreaterThan(0);
  });
});
