import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FetException } from '../../common/errors/fet.exception';
import { MemoryRateLimiter } from '../../common/rate-limit/memory-rate-limiter';
import { Settings } from '../../config/settings';
import {
  DatabaseDriver,
  DriverError,
  DriverTarget,
  ProbeResult,
} from '../../drivers/database-driver';
import { DriverRegistry } from '../../drivers/driver-registry';
import { ConnectionCredentials } from '../../engines/engine';
import { HostPolicy } from '../../host-policy/host-policy';
import { PendingCloses } from '../../shutdown/pending-closes';
import { ShutdownSignal } from '../../shutdown/shutdown-signal';
import { SshTunnels } from '../../ssh-tunnel/ssh-tunnels';
import { ConnectionsService } from '../connections.service';
import { MemoryConnectionRepository } from '../../../test/support/memory-connection-repository';
import { ConnectionDialing } from '../dialing/connection-dialing';
import { Connection } from '../domain/connection';
import { TestConnectionDto } from '../dto/test-connection.dto';
import { AuditContext } from '../history/audit-context';
import { ConnectionHistoryService } from '../history/connection-history.service';
import { ConnectionTester } from './connection-tester';

const ID = '0190a000-0000-7000-8000-000000000001';
const credentials: ConnectionCredentials = {
  id: ID,
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  password: 'unit-secret',
  schema: null,
  ssl: null,
  metadata: {},
};

/**
 * Fakes around the tester: these tests are about its deadline, its report and its history event,
 * not about dialing. The history is the in-memory store's.
 */
function setup(
  probe: DatabaseDriver['probe'],
  options: { timeoutMs?: number; ssl?: boolean; limiter?: MemoryRateLimiter } = {},
) {
  const connections = {
    get: () =>
      Promise.resolve({
        id: ID,
        organizationId: 'default',
        type: 'POSTGRESQL',
        ssl: options.ssl ? { mode: 'require' } : null,
        updatedAt: new Date(0),
      } as Connection),
    credentialsOf: () => ({
      ...credentials,
      ssl: options.ssl ? { mode: 'require' as const } : null,
    }),
  } as unknown as ConnectionsService;
  const policy = {
    resolve: (host: string) => Promise.resolve({ host, address: '192.0.2.1', family: 4 }),
  } as unknown as HostPolicy;
  const registry = {
    get: () => ({ type: 'POSTGRESQL', probe, discover: () => Promise.resolve([]) }),
  } as unknown as DriverRegistry;
  const drivers = {
    testTimeoutMs: options.timeoutMs ?? 10_000,
    testRateLimit: 2,
    unsavedTestRateLimit: 2,
  };
  const config = { get: () => drivers } as unknown as ConfigService<Settings, true>;
  const limiter = options.limiter ?? new MemoryRateLimiter();
  const store = new MemoryConnectionRepository();
  const history = new ConnectionHistoryService(store, store.history);
  const tunnels = {} as SshTunnels;
  const closes = new PendingCloses();
  const dialing = new ConnectionDialing(
    connections,
    limiter,
    policy,
    registry,
    config,
    new ShutdownSignal(),
    tunnels,
    closes,
  );
  return {
    tester: new ConnectionTester(dialing, history),
    events: () => store.history.all(),
    closes,
  };
}

const tester = (
  probe: DatabaseDriver['probe'],
  options: { timeoutMs?: number; ssl?: boolean; limiter?: MemoryRateLimiter } = {},
) => setup(probe, options).tester;

/** A test-before-saving body, as the validation pipe hands it over. */
const unsaved = (overrides: Partial<TestConnectionDto> = {}): TestConnectionDto => ({
  type: 'MYSQL',
  host: 'unsaved-db.example.com',
  port: 3306,
  databaseName: 'unsaved_app',
  userName: 'unsaved_reader',
  password: 'unsaved-secret',
  ...overrides,
});

/** What the tester logs while `run` runs, as the objects it hands the logger. */
async function logsOf(run: () => Promise<unknown>): Promise<unknown[]> {
  const lines: unknown[] = [];
  const record = (message: unknown, ...rest: unknown[]) => void lines.push([message, ...rest]);
  Logger.overrideLogger({
    log: record,
    warn: record,
    error: record,
    debug: record,
    verbose: record,
    fatal: record,
  });
  try {
    await run();
  } finally {
    Logger.overrideLogger(false);
  }
  return lines;
}

const scope = { organizationId: 'default' };
const audit: AuditContext = { actor: 'alice', requestId: 'req-7' };

describe('ConnectionTester (fake driver)', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('answers TIMEOUT at the deadline even when the driver never settles', async () => {
    const report = await tester(() => new Promise<ProbeResult>(() => undefined), {
      timeoutMs: 100,
    }).test(scope, ID, audit);
    expect(report).toMatchObject({
      status: 'failure',
      error: { reason: 'TIMEOUT', stage: 'connect' },
    });
    expect(report.checks.map((check) => check.status)).toEqual([
      'ok',
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('keeps the stage of a TIMEOUT the driver reports itself when it honours the abort', async () => {
    const probe = (_target: DriverTarget, context: { signal: AbortSignal }) =>
      new Promise<ProbeResult>((_resolve, reject) =>
        context.signal.addEventListener('abort', () => reject(new DriverError('TIMEOUT', 'query'))),
      );
    const report = await tester(probe, { timeoutMs: 100 }).test(scope, ID, audit);
    expect(report.error).toEqual({ reason: 'TIMEOUT', stage: 'query' });
    expect(report.checks.map((check) => check.status)).toEqual([
      'ok',
      'ok',
      'skipped',
      'ok',
      'failed',
    ]);
  });

  it('reports a driver bug (not a DriverError) as UNKNOWN with a fixed message, never its text', async () => {
    const report = await tester(() =>
      Promise.reject(new TypeError('boom at db.example.com with unit-secret')),
    ).test(scope, ID, audit);
    expect(report).toMatchObject({
      status: 'failure',
      message: 'The connection test failed.',
      error: { reason: 'UNKNOWN' },
    });
    expect(JSON.stringify(report)).not.toMatch(/boom|db\.example\.com|unit-secret/);
  });

  it('reports the stage durations the driver measured, and tls as ok when TLS is on', async () => {
    const probe = () =>
      Promise.resolve({
        serverVersion: 'PostgreSQL 15.2',
        stages: { connect: 3, tls: 4, authenticate: 5, query: 6 },
      });
    const report = await tester(probe, { ssl: true }).test(scope, ID, audit);
    expect(report).toMatchObject({
      status: 'success',
      message: 'Connection successful',
      serverVersion: 'PostgreSQL 15.2',
    });
    expect(report.checks.slice(1)).toEqual([
      { stage: 'connect', status: 'ok', durationMs: 3 },
      { stage: 'tls', status: 'ok', durationMs: 4 },
      { stage: 'authenticate', status: 'ok', durationMs: 5 },
      { stage: 'query', status: 'ok', durationMs: 6 },
    ]);
  });

  it('answers once the history event is committed, while the session it handed over is still closing (tracked until it ends)', async () => {
    let close: () => void = () => undefined;
    const probe: DatabaseDriver['probe'] = (_target, context) => {
      context.deferClose?.(() => new Promise<void>((resolve) => (close = resolve)));
      return Promise.resolve({ stages: {} });
    };
    const { tester: subject, events, closes } = setup(probe);
    const report = await subject.test(scope, ID, audit);
    expect(report).toMatchObject({ status: 'success' });
    expect(events().map((event) => event.outcome)).toEqual([{ status: 'success' }]);
    expect(closes.size).toBe(1);
    close();
    await expect(closes.settled(10_000)).resolves.toBe(true);
  });

  it('starts the close it was handed only once the history event is committed, or its write has failed', async () => {
    for (const write of ['committed', 'failed'] as const) {
      let started = false;
      const probe: DatabaseDriver['probe'] = (_target, context) => {
        context.deferClose?.(() => {
          started = true;
          return Promise.resolve();
        });
        return Promise.resolve({ stages: {} });
      };
      const { tester: subject } = setup(probe);
      const history = (subject as unknown as { history: ConnectionHistoryService }).history;
      let settle: () => void = () => undefined;
      jest.spyOn(history, 'recordRun').mockReturnValue(
        new Promise<void>((resolve, reject) => {
          settle = write === 'committed' ? resolve : () => reject(new Error('store down'));
        }),
      );
      const answer = subject.test(scope, ID, audit).catch((error: unknown) => error);
      for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(started).toBe(false);
      settle();
      await answer;
      expect(started).toBe(true);
    }
  });

  it('does not answer before the history event is committed', async () => {
    const { tester: subject } = setup(() => Promise.resolve({ stages: {} }));
    const history = (subject as unknown as { history: ConnectionHistoryService }).history;
    let commit: () => void = () => undefined;
    jest
      .spyOn(history, 'recordRun')
      .mockReturnValue(new Promise<void>((resolve) => (commit = resolve)));
    let answered = false;
    const answer = subject.test(scope, ID, audit).then((report) => {
      answered = true;
      return report;
    });
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    commit();
    await expect(answer).resolves.toMatchObject({ status: 'success' });
  });

  it("counts latencyMs from the start of the dial to the query's answer: not the close handed over after it", async () => {
    const probe: DatabaseDriver['probe'] = async (_target, context) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      // A close that would take the whole test deadline (10 s): the answer must not wait for it.
      context.deferClose?.(
        () => new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref()),
      );
      return { stages: { connect: 20, authenticate: 20, query: 20 } };
    };
    const { tester: subject, closes } = setup(probe);
    const report = await subject.test(scope, ID, audit);
    expect(report.latencyMs).toBeGreaterThanOrEqual(50);
    expect(report.latencyMs).toBeLessThan(10_000);
    expect(closes.size).toBe(1);
  });

  it('answers a failed history write as the error it is', async () => {
    const { tester: subject } = setup(() => Promise.resolve({ stages: {} }));
    const history = (subject as unknown as { history: ConnectionHistoryService }).history;
    jest.spyOn(history, 'recordRun').mockRejectedValue(new Error('store down'));
    await expect(subject.test(scope, ID, audit)).rejects.toThrow('store down');
  });

  it('refuses beyond the per-connection limit with FET-0429 and Retry-After, and records no event for it', async () => {
    const { tester: subject, events } = setup(() => Promise.resolve({ stages: {} }));
    await subject.test(scope, ID, audit);
    await subject.test(scope, ID, audit);
    const refused = await subject.test(scope, ID, audit).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FetException);
    expect(refused).toMatchObject({ code: 'FET-0429', headers: { 'Retry-After': '60' } });
    expect(events().map((event) => event.action)).toEqual(['tested', 'tested']);
  });

  it('records every test that ran in the history, success or failure, with its outcome, actor and request id', async () => {
    const passing = setup(() => Promise.resolve({ stages: {} }));
    await passing.tester.test(scope, ID, audit);
    const failing = setup(() => Promise.reject(new DriverError('AUTH_FAILED', 'authenticate')));
    await failing.tester.test(scope, ID, { actor: 'bob' });
    const [success] = passing.events();
    const [failure] = failing.events();
    expect(success).toEqual({
      id: expect.any(String),
      organizationId: 'default',
      connectionId: ID,
      at: expect.any(Date),
      action: 'tested',
      actor: 'alice',
      requestId: 'req-7',
      outcome: { status: 'success' },
    });
    expect(failure).toMatchObject({
      action: 'tested',
      actor: 'bob',
      outcome: { status: 'failure', reason: 'AUTH_FAILED' },
    });
    expect(failure).not.toHaveProperty('requestId');
  });
});

describe('ConnectionTester before saving (fake driver)', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('dials the settings of the body through the same staged run, and reports like a stored test', async () => {
    const seen: DriverTarget[] = [];
    const probe = (target: DriverTarget) => {
      seen.push(target);
      return Promise.resolve({
        serverVersion: 'MariaDB 11.4',
        stages: { connect: 1, authenticate: 2, query: 3 },
      });
    };
    const report = await tester(probe).testUnsaved(
      'default',
      unsaved({ schema: '', metadata: { team: 'x' } }),
    );
    expect(report).toMatchObject({
      status: 'success',
      message: 'Connection successful',
      serverVersion: 'MariaDB 11.4',
    });
    expect(report.checks.map((check) => `${check.stage}:${check.status}`)).toEqual([
      'resolve:ok',
      'connect:ok',
      'tls:skipped',
      'authenticate:ok',
      'query:ok',
    ]);
    expect(seen).toEqual([
      {
        type: 'MYSQL',
        host: 'unsaved-db.example.com',
        port: 3306,
        databaseName: 'unsaved_app',
        userName: 'unsaved_reader',
        password: 'unsaved-secret',
        schema: null,
        ssl: null,
        metadata: { team: 'x' },
        approved: { host: 'unsaved-db.example.com', address: '192.0.2.1', family: 4 },
      },
    ]);
  });

  it('shares the deadline race: a driver that never settles is a TIMEOUT report', async () => {
    const report = await tester(() => new Promise<ProbeResult>(() => undefined), {
      timeoutMs: 100,
    }).testUnsaved('default', unsaved({ ssl: { mode: 'require' } }));
    expect(report.error).toEqual({ reason: 'TIMEOUT', stage: 'connect' });
  });

  it('refuses what the engine rules refuse on create (400 FET-0001) before it counts or dials anything', async () => {
    const limiter = new MemoryRateLimiter();
    const consume = jest.spyOn(limiter, 'consume');
    const probe = jest.fn(() => Promise.resolve({ stages: {} }));
    const refused = await tester(probe, { limiter })
      .testUnsaved('default', unsaved({ type: 'MONGODB', metadata: { directConnection: 'yes' } }))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'FET-0001',
      fields: { 'metadata.directConnection': 'must be "true" or "false"' },
    });
    expect(consume).not.toHaveBeenCalled();
    expect(probe).not.toHaveBeenCalled();
  });

  it('counts per organization: the third test of one organization in a minute is 429, another organization still tests', async () => {
    const subject = tester(() => Promise.resolve({ stages: {} }));
    await subject.testUnsaved('org-a', unsaved());
    await subject.testUnsaved('org-a', unsaved());
    const refused = await subject.testUnsaved('org-a', unsaved()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FetException);
    expect(refused).toMatchObject({ code: 'FET-0429', headers: { 'Retry-After': '60' } });
    await expect(subject.testUnsaved('org-b', unsaved())).resolves.toMatchObject({
      status: 'success',
    });
    // The stored connections' quota is another one.
    await expect(subject.test({ organizationId: 'org-a' }, ID, audit)).resolves.toMatchObject({
      status: 'success',
    });
  });

  it('logs a failure with its reason, stage, engine and request id only: no password, host, user or database', async () => {
    const logs = await logsOf(() =>
      tester(() => Promise.reject(new DriverError('AUTH_FAILED', 'authenticate'))).testUnsaved(
        'default',
        unsaved({
          ssl: {
            mode: 'require',
            key: '-----BEGIN PRIVATE KEY-----\nunsaved-key\n-----END PRIVATE KEY-----',
          },
        }),
        'req-unsaved-1',
      ),
    );
    expect(logs).toEqual([
      [
        {
          requestId: 'req-unsaved-1',
          saved: false,
          engine: 'MYSQL',
          reason: 'AUTH_FAILED',
          stage: 'authenticate',
        },
        'Connection test failed',
        'ConnectionTester',
      ],
    ]);
    expect(JSON.stringify(logs)).not.toMatch(/unsaved[-_](secret|db|app|reader|key)/);
  });
});
