/**
 * A connection test through an SSH tunnel (spec §5.1), sequentially (latency, not throughput),
 * against a throwaway Debian sshd (test/support/temp-sshd.ts: run as root) in front of this
 * machine's PostgreSQL, next to the floor measured in the same run with the same count: a bare
 * `ssh2` session (host key pinned, ed25519 key) + `forwardOut` + a `pg` Client on that channel +
 * `SELECT 1` + end. The service row is the built service (`node dist/main.js`, auth off, on a
 * throwaway PostgreSQL store) answering `POST /{id}/test` for a saved connection with an
 * `sshTunnel`, over HTTP from this process (one keep-alive connection, as the test-endpoint suite
 * does). Two rows split that cost: the service's own tester in this process
 * (`ConnectionTester.testSettings`: host policy, tunnel with its loopback forward, PostgresDriver
 * probe, report, no HTTP and no store), and the same tester without a tunnel (what the tunnel adds).
 * `BENCH_TUNNEL_COUNT` (default 100) calls per row, after a tenth of that discarded as warm-up.
 */
import { Client as PgClient } from 'pg';
import { Client as SshClient, ClientChannel } from 'ssh2';
import { ConnectionCredentials } from '../../src/engines/engine';
import { matchesPinnedHostKey } from '../../src/ssh-tunnel/host-key-fingerprint';
import { TempSshd, startTempSshd } from '../../test/support/temp-sshd';
import { inProcessTester } from '../in-process-tester';
import { BenchContext, BenchRow, BenchSuite, SETTINGS, selected } from '../harness';
import { noteLatencyRatios, sequential } from '../sequential';

const COUNT = Math.max(10, Number(process.env.BENCH_TUNNEL_COUNT) || 100);
const WARMUP = Math.max(1, Math.floor(COUNT / 10));
const SCENARIO = 'test through an SSH tunnel (sequential)';
const RUN = { scenario: SCENARIO, count: COUNT, warmup: WARMUP };

/** The machine's PostgreSQL (the bench server URL), as the database behind the bastion. */
function database() {
  const url = new URL(SETTINGS.serverUrl);
  return {
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || 'unused-with-trust-auth',
    database: url.pathname.slice(1) || 'postgres',
  };
}

/** The floor: what any client must do at least — one SSH session, one channel, one pg login and query. */
async function bareSsh2Pg(sshd: TempSshd): Promise<boolean> {
  const db = database();
  const ssh = new SshClient();
  try {
    await new Promise<void>((resolve, reject) => {
      ssh.once('ready', () => resolve()).once('error', reject);
      ssh.connect({
        host: '127.0.0.1',
        port: sshd.port,
        username: sshd.userName,
        privateKey: sshd.keys.ed25519,
        hostVerifier: (key: Buffer) => matchesPinnedHostKey(key, sshd.hostKeyFingerprint),
      });
      // As the service does: no Nagle delay on the session's small packets.
      ssh.setNoDelay(true);
    });
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      ssh.forwardOut('127.0.0.1', 0, '127.0.0.1', db.port, (error, stream) =>
        error ? reject(error) : resolve(stream),
      ),
    );
    // pg drives its stream like a net.Socket: the channel is already open, so `connect` just says so.
    const socketLike = Object.assign(channel, {
      setNoDelay: () => channel,
      connect: () => {
        process.nextTick(() => channel.emit('connect'));
        return channel;
      },
    });
    const pg = new PgClient({
      user: db.user,
      password: db.password,
      database: db.database,
      stream: () => socketLike,
    });
    await pg.connect();
    try {
      await pg.query('SELECT 1');
    } finally {
      await pg.end();
    }
    return true;
  } finally {
    ssh.end();
  }
}

/** The built service over HTTP: one saved connection with the tunnel, `POST /{id}/test` in sequence. */
async function serviceRow(ctx: BenchContext, settings: ConnectionCredentials): Promise<BenchRow> {
  const store = await ctx.createDatabase();
  const service = await ctx.startService({
    DATABASE_URL: store.url,
    CONNECTION_TEST_RATE_LIMIT: '1000000',
  });
  try {
    const created = await fetch(`${service.url}/v1/management/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-product-name': 'bench-product' },
      body: JSON.stringify({
        configName: 'bench-tunnel',
        type: settings.type,
        host: settings.host,
        port: settings.port,
        databaseName: settings.databaseName,
        userName: settings.userName,
        password: settings.password,
        sshTunnel: settings.sshTunnel,
      }),
    });
    if (created.status !== 201) {
      throw new Error(`create answered ${created.status}: ${await created.text()}`);
    }
    const { id } = (await created.json()) as { id: string };
    let non2xx = 0;
    const row = await sequential(
      RUN,
      { target: 'service POST /{id}/test through the tunnel (HTTP)' },
      async () => {
        const response = await fetch(`${service.url}/v1/management/connections/${id}/test`, {
          method: 'POST',
        });
        if (response.status !== 200) {
          non2xx += 1;
          await response.arrayBuffer();
          return false;
        }
        return ((await response.json()) as { status?: string }).status === 'success';
      },
    );
    return { ...row, non2xx };
  } finally {
    await service.stop();
    await store.drop();
  }
}

const suite: BenchSuite = {
  name: 'tunnel',
  async run(ctx) {
    if (!selected(SETTINGS.scenarios, SCENARIO)) return [];
    const sshd = await startTempSshd();
    try {
      const db = database();
      const settings: ConnectionCredentials = {
        type: 'POSTGRESQL',
        host: '127.0.0.1',
        port: db.port,
        databaseName: db.database,
        userName: db.user,
        password: db.password,
        schema: null,
        ssl: null,
        metadata: {},
        sshTunnel: {
          host: '127.0.0.1',
          port: sshd.port,
          userName: sshd.userName,
          privateKey: sshd.keys.ed25519,
          hostKeyFingerprint: sshd.hostKeyFingerprint,
        },
      };
      const tester = inProcessTester();
      const succeeded = async (run: Promise<{ status: string }>) =>
        (await run).status === 'success';
      const rows: BenchRow[] = [];
      if (selected(SETTINGS.targets, 'floor')) {
        rows.push(
          await sequential(
            RUN,
            {
              target: 'floor: ssh2 session + forwardOut + pg connect + SELECT 1 + end',
              baseline: true,
            },
            () => bareSsh2Pg(sshd),
          ),
        );
      }
      if (selected(SETTINGS.targets, 'service')) rows.push(await serviceRow(ctx, settings));
      if (selected(SETTINGS.targets, 'tester')) {
        rows.push(
          await sequential(
            RUN,
            {
              target: 'service tester through the tunnel (in-process)',
              note: 'ConnectionTester.testSettings: no HTTP, no store',
            },
            () => succeeded(tester.testSettings(settings)),
          ),
        );
      }
      if (selected(SETTINGS.targets, 'plain')) {
        const plain: ConnectionCredentials = { ...settings, sshTunnel: null };
        rows.push(
          await sequential(RUN, { target: 'service tester without a tunnel (in-process)' }, () =>
            succeeded(tester.testSettings(plain)),
          ),
        );
      }
      // The goal is about latency (≤ 1.2× the floor): the table's ratio column is req/s, so say it here.
      noteLatencyRatios(rows);
      return rows;
    } finally {
      await sshd.dispose();
    }
  },
};

export default suite;
