import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { once } from 'node:events';
import { ConnectionDialing } from '../../src/connections/dialing/connection-dialing';
import { ConnectionTestReport } from '../../src/connections/testing/connection-test-report';
import { ConnectionTester } from '../../src/connections/testing/connection-tester';
import { DiscoveredTable } from '../../src/drivers/database-driver';
import { ConnectionCredentials, SshTunnelCredentials } from '../../src/engines/engine';
import { TempSshd } from './temp-sshd';
import { TestApp } from './test-app';

/** The tunnel settings of the throwaway sshd: its user, the ed25519 key, its pinned host key. */
export function tunnelTo(
  sshd: TempSshd,
  overrides: Partial<SshTunnelCredentials> = {},
): SshTunnelCredentials {
  return {
    host: sshd.address,
    port: sshd.port,
    userName: sshd.userName,
    privateKey: sshd.keys.ed25519,
    hostKeyFingerprint: sshd.hostKeyFingerprint,
    ...overrides,
  };
}

/** `stage:status` of every check, in order. */
export const checksOf = (report: ConnectionTestReport): string[] =>
  report.checks.map((check) => `${check.stage}:${check.status}`);

/** TCP sockets and servers this process holds (what a leaked tunnel, forward or driver leaves). */
export const tcpHandles = (): number =>
  process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;

/** Retries `check` until it passes or `withinMs` has passed (then fails with its last error). */
export async function eventually(check: () => void, withinMs = 5000): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The TCP handle count once what an earlier step closed has finished closing (three equal readings). */
async function settledTcpHandles(): Promise<number> {
  const readings = [tcpHandles()];
  while (readings.length < 3 || new Set(readings.slice(-3)).size > 1) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    readings.push(tcpHandles());
  }
  return readings[readings.length - 1];
}

/**
 * Runs `work` and proves it left nothing behind: as many TCP handles in this process as before
 * (the loopback listener, the forwarded sockets, the SSH socket, the driver's socket are gone) and
 * no session of the throwaway user still running on the bastion (its channels closed with it).
 * Closing handles finish on a later tick, so both are awaited (bounded), never assumed.
 */
export async function withoutLeaks<T>(sshd: TempSshd, work: () => Promise<T>): Promise<T> {
  const before = await settledTcpHandles();
  const result = await work();
  await eventually(() => expect(tcpHandles()).toBe(before));
  await eventually(() => expect(sshd.userProcesses()).toEqual([]));
  return result;
}

/** The service's own tester and dialing of a test app (service-level tests, no HTTP). */
export function serviceOf(t: TestApp) {
  const tester = t.app.get(ConnectionTester);
  const dialing = t.app.get(ConnectionDialing);
  return {
    test: (credentials: ConnectionCredentials) => tester.testSettings(credentials),
    /** A live discovery through the same dial path as GET /schema (what the stored route runs). */
    discover: (credentials: ConnectionCredentials): Promise<DiscoveredTable[]> => {
      const dial = dialing.open(credentials, 'discovery');
      return dial.withinDeadline(
        dial.withTarget((target) => dial.driver.discover(target, {}, dial.context)),
        () => {
          throw new Error('discovery outlived its deadline');
        },
      );
    },
  };
}

/** A listener that accepts and never answers (a silent bastion), or greets like SSH and then stalls. */
export async function stallingListener(greeting?: string): Promise<{
  port: number;
  accepted(): number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    // Reads (and drops) what arrives, so the client's close is seen and this side closes too.
    socket.resume();
    if (greeting !== undefined) socket.write(greeting);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
