import { ConfigService } from '@nestjs/config';
import { FetException } from '../../common/errors/fet.exception';
import { MemoryRateLimiter } from '../../common/rate-limit/memory-rate-limiter';
import { Settings } from '../../config/settings';
import { DriverRegistry } from '../../drivers/driver-registry';
import { HostPolicy } from '../../host-policy/host-policy';
import { ShutdownSignal } from '../../shutdown/shutdown-signal';
import { ConnectionsService } from '../connections.service';
import { Connection } from '../domain/connection';
import { ConnectionDialing } from './connection-dialing';

const ID = '0190a000-0000-7000-8000-000000000001';
const connection = { id: ID, type: 'POSTGRESQL', host: 'db.example.com' } as Connection;
const scope = { organizationId: 'default' };

function dialing(options: { known?: boolean; testTimeoutMs?: number } = {}) {
  const connections = {
    get: () => (options.known === false ? Promise.reject(new Error('unknown')) : Promise.resolve(connection)),
    credentialsOf: () => ({ id: ID, type: 'POSTGRESQL', host: 'db.example.com', password: 'pw' }),
  } as unknown as ConnectionsService;
  const resolved: string[] = [];
  const policy = {
    resolve: (host: string) => {
      resolved.push(host);
      return Promise.resolve({ host, address: '192.0.2.7', family: 4 });
    },
  } as unknown as HostPolicy;
  const registry = { get: (type: string) => ({ type }) } as unknown as DriverRegistry;
  const drivers = {
    testTimeoutMs: options.testTimeoutMs ?? 10_000,
    discoveryTimeoutMs: 30_000,
    testRateLimit: 2,
    discoveryRateLimit: 1,
    unsavedTestRateLimit: 2,
  };
  const config = { get: () => drivers } as unknown as ConfigService<Settings, true>;
  const limiter = new MemoryRateLimiter();
  return { service: new ConnectionDialing(connections, limiter, policy, registry, config, new ShutdownSignal()), resolved, limiter };
}

const status = (error: unknown) => (error instanceof FetException ? `${error.status} ${error.code}` : String(error));

describe('ConnectionDialing', () => {
  it('looks the connection up before it counts anything against a quota', async () => {
    const { service, limiter } = dialing({ known: false });
    const consume = jest.spyOn(limiter, 'consume');
    await expect(service.admit(scope, ID, 'test')).rejects.toThrow('unknown');
    expect(consume).not.toHaveBeenCalled();
  });

  it('keeps a quota per purpose: tests and discoveries of one connection count apart', async () => {
    const { service } = dialing();
    await service.admit(scope, ID, 'test');
    await service.admit(scope, ID, 'test');
    await service.admit(scope, ID, 'discovery');
    const refused = await service.admit(scope, ID, 'test').catch((error: unknown) => error);
    expect(status(refused)).toBe('429 FET-0429');
    expect((refused as FetException).headers).toEqual({ 'Retry-After': expect.stringMatching(/^\d+$/) });
    expect(status(await service.admit(scope, ID, 'discovery').catch((error: unknown) => error))).toBe('429 FET-0429');
  });

  it('counts validate-schema per organization', async () => {
    const { service } = dialing();
    await service.admitValidation(scope);
    expect(status(await service.admitValidation(scope).catch((error: unknown) => error))).toBe('429 FET-0429');
    await service.admitValidation({ organizationId: 'other' });
  });

  it('counts tests before saving per organization, under a key of their own', async () => {
    const { service, limiter } = dialing();
    const consume = jest.spyOn(limiter, 'consume');
    await service.admitUnsaved('default');
    await service.admitUnsaved('default');
    const refused = await service.admitUnsaved('default').catch((error: unknown) => error);
    expect(status(refused)).toBe('429 FET-0429');
    expect((refused as FetException).headers).toEqual({
      'Retry-After': expect.stringMatching(/^\d+$/),
    });
    expect(consume).toHaveBeenCalledWith('unsaved-test:default', 2, 60_000);
    // Another organization, and the stored connections' quotas, are not touched by it.
    await service.admitUnsaved('other');
    await service.admitValidation(scope);
    await service.admit(scope, ID, 'test');
  });

  it('hands the driver the address the host policy approved, with the secrets opened', async () => {
    const { service, resolved } = dialing();
    const dial = service.start(connection, 'test');
    expect(resolved).toEqual([]);
    const target = await dial.target();
    expect(resolved).toEqual(['db.example.com']);
    expect(target).toMatchObject({ host: 'db.example.com', password: 'pw', approved: { address: '192.0.2.7' } });
    expect(dial.driver).toEqual({ type: 'POSTGRESQL' });
  });

  it('dials settings that were never stored the same way: through the policy, with what it was given', async () => {
    const { service, resolved } = dialing();
    const settings = {
      type: 'MYSQL' as const,
      host: 'unsaved.example.com',
      port: 3306,
      databaseName: 'app',
      userName: 'reader',
      password: 'unsaved-pw',
      schema: null,
      ssl: { mode: 'require' as const },
      metadata: {},
    };
    const dial = service.open(settings, 'test');
    expect([dial.engine, dial.tls, dial.driver]).toEqual(['MYSQL', true, { type: 'MYSQL' }]);
    const target = await dial.target();
    expect(resolved).toEqual(['unsaved.example.com']);
    expect(target).toEqual({
      ...settings,
      approved: { host: 'unsaved.example.com', address: '192.0.2.7', family: 4 },
    });
  });

  it('ends a dial whose work outlives the deadline with onTimeout', async () => {
    const { service } = dialing({ testTimeoutMs: 50 });
    const dial = service.start(connection, 'test');
    const never = new Promise<string>(() => undefined);
    await expect(dial.withinDeadline(never, () => 'timed out')).resolves.toBe('timed out');
    await expect(dial.withinDeadline(Promise.resolve('done'), () => 'timed out')).resolves.toBe('done');
  });
});
