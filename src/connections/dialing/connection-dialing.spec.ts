import { getEventListeners } from 'node:events';
import { ConfigService } from '@nestjs/config';
import { FetException } from '../../common/errors/fet.exception';
import { MemoryRateLimiter } from '../../common/rate-limit/memory-rate-limiter';
import { Settings } from '../../config/settings';
import { DriverRegistry } from '../../drivers/driver-registry';
import { HostPolicy } from '../../host-policy/host-policy';
import { PendingCloses } from '../../shutdown/pending-closes';
import { ShutdownSignal } from '../../shutdown/shutdown-signal';
import { SshTunnel } from '../../ssh-tunnel/ssh-tunnel';
import { SshTunnels } from '../../ssh-tunnel/ssh-tunnels';
import { DriverError, DriverTarget } from '../../drivers/database-driver';
import { ConnectionsService } from '../connections.service';
import { Connection } from '../domain/connection';
import { ConnectionDialing } from './connection-dialing';

const ID = '0190a000-0000-7000-8000-000000000001';
const connection = { id: ID, type: 'POSTGRESQL', host: 'db.example.com' } as Connection;
const scope = { organizationId: 'default' };

/** A tunnel that records what was asked of it; `forwardFailure` as the bastion would report it. */
function fakeTunnels(forwardFailure?: DriverError) {
  const opened: { settings: unknown; destination: unknown }[] = [];
  let closed = 0;
  const tunnels = {
    open: (settings: unknown, destination: unknown) => {
      opened.push({ settings, destination });
      const tunnel: SshTunnel = {
        local: { address: '127.0.0.1', family: 4, port: 40_000 },
        forwardFailure,
        close: () => {
          closed += 1;
          return Promise.resolve();
        },
      };
      return Promise.resolve(tunnel);
    },
  } as unknown as SshTunnels;
  return { tunnels, opened, closed: () => closed };
}

const TUNNEL = {
  host: 'bastion.example.com',
  port: 22,
  userName: 'jump',
  privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nunit-key\n-----END OPENSSH PRIVATE KEY-----',
  hostKeyFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
};

function dialing(options: { known?: boolean; testTimeoutMs?: number; tunnels?: SshTunnels } = {}) {
  const connections = {
    get: () =>
      options.known === false ? Promise.reject(new Error('unknown')) : Promise.resolve(connection),
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
  const tunnels = options.tunnels ?? fakeTunnels().tunnels;
  const closes = new PendingCloses();
  const shutdown = new ShutdownSignal();
  return {
    service: new ConnectionDialing(
      connections,
      limiter,
      policy,
      registry,
      config,
      shutdown,
      tunnels,
      closes,
    ),
    resolved,
    limiter,
    closes,
    shutdown,
  };
}

const status = (error: unknown) =>
  error instanceof FetException ? `${error.status} ${error.code}` : String(error);

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
    expect((refused as FetException).headers).toEqual({
      'Retry-After': expect.stringMatching(/^\d+$/),
    });
    expect(
      status(await service.admit(scope, ID, 'discovery').catch((error: unknown) => error)),
    ).toBe('429 FET-0429');
  });

  it('counts validate-schema per organization', async () => {
    const { service } = dialing();
    await service.admitValidation(scope);
    expect(status(await service.admitValidation(scope).catch((error: unknown) => error))).toBe(
      '429 FET-0429',
    );
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
    const target = await dial.withTarget((seen) => Promise.resolve(seen));
    expect(resolved).toEqual(['db.example.com']);
    expect(target).toMatchObject({
      host: 'db.example.com',
      password: 'pw',
      approved: { address: '192.0.2.7' },
    });
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
    const target = await dial.withTarget((seen) => Promise.resolve(seen));
    expect(resolved).toEqual(['unsaved.example.com']);
    expect(target).toEqual({
      ...settings,
      approved: { host: 'unsaved.example.com', address: '192.0.2.7', family: 4 },
    });
  });

  it('tells the stage passed before the driver runs: resolve without a tunnel', async () => {
    const { service } = dialing();
    const passed: string[] = [];
    const dial = service.start(connection, 'test');
    expect(dial.tunnelled).toBe(false);
    await dial.withTarget(
      () => Promise.resolve(passed.push('driver')),
      (stage) => passed.push(stage),
    );
    expect(passed).toEqual(['resolve', 'driver']);
  });

  describe('through an SSH tunnel', () => {
    const settings = {
      type: 'POSTGRESQL' as const,
      host: '10.0.0.5',
      port: 5432,
      databaseName: 'app',
      userName: 'reader',
      password: 'db-pw',
      schema: null,
      ssl: { mode: 'verify-full' as const },
      metadata: {},
      sshTunnel: TUNNEL,
    };

    it("dials the forward's loopback end, keeps the database's name for TLS, hands the driver no tunnel secret, and closes", async () => {
      const fake = fakeTunnels();
      const { service, resolved } = dialing({ tunnels: fake.tunnels });
      const dial = service.open(settings, 'test');
      expect(dial.tunnelled).toBe(true);
      const passed: string[] = [];
      const target = await dial.withTarget(
        (seen: DriverTarget) => Promise.resolve(seen),
        (stage) => passed.push(stage),
      );
      expect(passed).toEqual(['tunnel']);
      expect(resolved).toEqual([]);
      expect(fake.opened).toEqual([
        { settings: TUNNEL, destination: { host: '10.0.0.5', port: 5432 } },
      ]);
      expect(target.approved).toEqual({
        host: '10.0.0.5',
        address: '127.0.0.1',
        family: 4,
        port: 40_000,
      });
      expect(target).not.toHaveProperty('sshTunnel');
      expect(JSON.stringify(target)).not.toContain('unit-key');
      expect(fake.closed()).toBe(1);
    });

    it('reports a forward the bastion refused instead of what the driver made of its closed socket, and still closes', async () => {
      const refused = new DriverError('PERMISSION_DENIED', 'tunnel');
      const fake = fakeTunnels(refused);
      const { service } = dialing({ tunnels: fake.tunnels });
      const dial = service.open(settings, 'test');
      const failure = await dial
        .withTarget(() => Promise.reject(new DriverError('UNKNOWN', 'connect')))
        .catch((error: unknown) => error);
      expect(failure).toBe(refused);
      expect(fake.closed()).toBe(1);
    });

    it('lets no driver hand its close over: the tunnel must outlive the session it carries', () => {
      const { service } = dialing();
      expect(service.open(settings, 'test').context.deferClose).toBeUndefined();
    });

    it("keeps the driver's own failure when every forward opened", async () => {
      const fake = fakeTunnels();
      const { service } = dialing({ tunnels: fake.tunnels });
      const own = new DriverError('AUTH_FAILED', 'authenticate');
      const failure = await service
        .open(settings, 'test')
        .withTarget(() => Promise.reject(own))
        .catch((error: unknown) => error);
      expect(failure).toBe(own);
      expect(fake.closed()).toBe(1);
    });
  });

  it("lets a test's driver hand its session's close over: started on release, then tracked by PendingCloses until it ends; a discovery awaits its own", async () => {
    const { service, closes } = dialing();
    const test = service.start(connection, 'test');
    let started = 0;
    let close: () => void = () => undefined;
    test.context.deferClose?.(() => {
      started += 1;
      return new Promise<void>((resolve) => (close = resolve));
    });
    expect([started, closes.size]).toEqual([0, 0]);
    test.releaseCloses();
    test.releaseCloses();
    expect([started, closes.size]).toEqual([1, 1]);
    const settled = closes.settled(10_000);
    close();
    await expect(settled).resolves.toBe(true);
    expect(closes.size).toBe(0);
    expect(service.start(connection, 'discovery').context.deferClose).toBeUndefined();
  });

  describe("the dial's signal", () => {
    afterEach(() => jest.useRealTimers());

    it('aborts at the deadline while the driver still runs, as a timeout', async () => {
      jest.useFakeTimers();
      const { service } = dialing({ testTimeoutMs: 50 });
      const dial = service.start(connection, 'test');
      const running = dial.withTarget(
        () =>
          new Promise<unknown>((resolve) =>
            dial.context.signal.addEventListener('abort', () => resolve(dial.context.signal.reason)),
          ),
      );
      await Promise.resolve();
      jest.advanceTimersByTime(50);
      expect(await running).toMatchObject({ name: 'TimeoutError' });
    });

    it('aborts when the service shuts down while the driver still runs', async () => {
      const { service, shutdown } = dialing();
      const dial = service.start(connection, 'discovery');
      const running = dial.withTarget(
        () =>
          new Promise<unknown>((resolve) =>
            dial.context.signal.addEventListener('abort', () => resolve(dial.context.signal.reason)),
          ),
      );
      await Promise.resolve();
      shutdown.abort();
      expect(await running).toEqual(new Error('the service is shutting down'));
    });

    it('is disarmed once the dial has settled, failed or not: no deadline left armed, no listener left on the shutdown signal', async () => {
      jest.useFakeTimers();
      const { service, shutdown } = dialing({ testTimeoutMs: 50 });
      const succeeded = service.start(connection, 'test');
      const failed = service.start(connection, 'test');
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(2);
      await succeeded.withTarget(() => Promise.resolve('done'));
      await expect(
        failed.withTarget(() => Promise.reject(new DriverError('AUTH_FAILED', 'authenticate'))),
      ).rejects.toThrow(DriverError);
      expect(jest.getTimerCount()).toBe(0);
      expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
      jest.advanceTimersByTime(60_000);
      shutdown.abort();
      expect([succeeded.context.signal.aborted, failed.context.signal.aborted]).toEqual([
        false,
        false,
      ]);
    });
  });

  it('ends a dial whose work outlives the deadline with onTimeout', async () => {
    const { service } = dialing({ testTimeoutMs: 50 });
    const dial = service.start(connection, 'test');
    const never = new Promise<string>(() => undefined);
    await expect(dial.withinDeadline(never, () => 'timed out')).resolves.toBe('timed out');
    await expect(dial.withinDeadline(Promise.resolve('done'), () => 'timed out')).resolves.toBe(
      'done',
    );
  });
});
