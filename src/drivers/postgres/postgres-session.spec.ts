import { DriverError } from '../database-driver';
import { PostgresDriver } from './postgres.driver';
import { silentListener } from '../testing/silent-listener.fixture';
import { driverTarget } from '../testing/test-target.fixture';

describe('PostgresDriver dialling (silent TCP listener, not a real server)', () => {
  it('dials the approved address even when the user name looks like a URL authority', async () => {
    const listener = await silentListener();
    const controller = new AbortController();
    try {
      const target = driverTarget({
        host: 'evil.example',
        port: listener.port,
        userName: 'a@evil:1/x',
        approved: { host: 'evil.example', address: '127.0.0.1', family: 4 },
      });
      const probe = new PostgresDriver().probe(target, {
        signal: controller.signal,
        deadline: Date.now() + 30_000,
      });
      const startup = await listener.received;
      expect(startup.toString('latin1')).toContain('a@evil:1/x');
      controller.abort();
      await expect(probe).rejects.toMatchObject({ reason: 'TIMEOUT', stage: 'authenticate' });
    } finally {
      await listener.close();
    }
  });

  it('stops at the deadline with TIMEOUT at the stage in progress and leaves no socket open', async () => {
    const listener = await silentListener();
    try {
      const target = driverTarget({ port: listener.port });
      const error = await new PostgresDriver()
        .probe(target, { signal: AbortSignal.timeout(300), deadline: Date.now() + 300 })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DriverError);
      expect(error).toMatchObject({ reason: 'TIMEOUT', stage: 'authenticate' });
      await listener.clientClosed; // hangs (and the test fails) if the driver left the socket open
    } finally {
      await listener.close();
    }
  });

  it('fails fast with TIMEOUT at connect when the call is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new PostgresDriver().probe(driverTarget(), {
        signal: controller.signal,
        deadline: Date.now(),
      }),
    ).rejects.toMatchObject({ reason: 'TIMEOUT', stage: 'connect' });
  });
});
