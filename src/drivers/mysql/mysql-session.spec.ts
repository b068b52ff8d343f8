import { silentListener } from '../testing/silent-listener.fixture';
import { driverTarget } from '../testing/test-target.fixture';
import { MysqlDriver } from './mysql.driver';

describe('MysqlDriver dialling (silent TCP listener, not a real server)', () => {
  it('dials the approved address, not the host name, whatever the user name says', async () => {
    const listener = await silentListener();
    const controller = new AbortController();
    try {
      const target = driverTarget({
        type: 'MYSQL',
        host: 'evil.example',
        port: listener.port,
        userName: 'a@evil:1/x',
        approved: { host: 'evil.example', address: '127.0.0.1', family: 4 },
      });
      const probe = new MysqlDriver().probe(target, {
        signal: controller.signal,
        deadline: Date.now() + 30_000,
      });
      await listener.accepted;
      controller.abort();
      await expect(probe).rejects.toMatchObject({ reason: 'TIMEOUT' });
      await listener.clientClosed;
    } finally {
      await listener.close();
    }
  });

  it('stops at the deadline with TIMEOUT and closes its socket', async () => {
    const listener = await silentListener();
    try {
      const target = driverTarget({ type: 'MYSQL', port: listener.port });
      await expect(
        new MysqlDriver().probe(target, {
          signal: AbortSignal.timeout(300),
          deadline: Date.now() + 300,
        }),
      ).rejects.toMatchObject({ reason: 'TIMEOUT', stage: 'authenticate' });
      await listener.clientClosed; // hangs (and the test fails) if the driver left the socket open
    } finally {
      await listener.close();
    }
  });
});
