/**
 * The service's ConnectionTester wired by hand in the bench process, with the real host policy
 * (default mode), SSH tunnels and PostgresDriver, and no store, no history and no quota: what
 * `testSettings` costs without HTTP (the test-endpoint and tunnel suites' in-process rows).
 */
import { ConfigService } from '@nestjs/config';
import { ConnectionDialing } from '../src/connections/dialing/connection-dialing';
import { ConnectionTester } from '../src/connections/testing/connection-tester';
import { ConnectionsService } from '../src/connections/connections.service';
import { ConnectionHistoryService } from '../src/connections/history/connection-history.service';
import { RateLimiter } from '../src/common/rate-limit/rate-limiter';
import { Settings } from '../src/config/settings';
import { DriverRegistry } from '../src/drivers/driver-registry';
import { PostgresDriver } from '../src/drivers/postgres/postgres.driver';
import { DnsHostPolicy } from '../src/host-policy/host-policy.service';
import { PendingCloses } from '../src/shutdown/pending-closes';
import { ShutdownSignal } from '../src/shutdown/shutdown-signal';
import { SshTunnels } from '../src/ssh-tunnel/ssh-tunnels';

export function inProcessTester(): ConnectionTester {
  const config = new ConfigService<Settings, true>({
    drivers: {
      testTimeoutMs: 10_000,
      discoveryTimeoutMs: 30_000,
      testRateLimit: 1e9,
      discoveryRateLimit: 1e9,
      unsavedTestRateLimit: 1e9,
    },
    hostPolicy: { mode: 'default', allowCidrs: [], denyCidrs: [] },
  });
  const policy = new DnsHostPolicy(config);
  const driver = new PostgresDriver();
  const registry = { get: () => driver } as unknown as DriverRegistry;
  const dialing = new ConnectionDialing(
    {} as ConnectionsService,
    {} as RateLimiter,
    policy,
    registry,
    config,
    new ShutdownSignal(),
    new SshTunnels(policy),
    new PendingCloses(),
  );
  return new ConnectionTester(dialing, {} as ConnectionHistoryService);
}
