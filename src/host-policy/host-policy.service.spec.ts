import { LookupAddress } from 'node:dns';
import { ConfigService } from '@nestjs/config';
import { HostPolicyMode, Settings } from '../config/settings';
import { DriverError } from '../engines/dial-failure';
import { DnsHostPolicy } from './host-policy.service';

function config(mode: HostPolicyMode = 'default'): ConfigService<Settings, true> {
  const hostPolicy = { mode, allowCidrs: [], denyCidrs: [] };
  return { get: () => hostPolicy } as unknown as ConfigService<Settings, true>;
}

/** The policy with a resolver that answers from a table (or fails like getaddrinfo does). */
class TablePolicy extends DnsHostPolicy {
  readonly asked: string[] = [];
  constructor(
    /** Answers, an error code to fail with, or 'hang' for a lookup that never answers. */
    private readonly table: Record<string, LookupAddress[] | string>,
    mode: HostPolicyMode = 'default',
  ) {
    super(config(mode));
  }
  protected override lookup(name: string): Promise<LookupAddress[]> {
    this.asked.push(name);
    const answer = this.table[name];
    if (answer === 'hang') return new Promise(() => undefined);
    if (typeof answer === 'string')
      return Promise.reject(Object.assign(new Error('getaddrinfo failed'), { code: answer }));
    return Promise.resolve(answer ?? []);
  }
}

const live = () => new AbortController().signal;

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DriverError);
  expect((error as DriverError).stage).toBe('resolve');
  return (error as DriverError).reason;
}

describe('DnsHostPolicy.resolve', () => {
  it('approves an IP literal in its canonical form without asking DNS', async () => {
    const policy = new TablePolicy({});
    await expect(policy.resolve('0x7f.1', live())).resolves.toEqual({
      host: '0x7f.1',
      address: '127.0.0.1',
      family: 4,
    });
    await expect(policy.resolve('[::1]', live())).resolves.toEqual({
      host: '[::1]',
      address: '::1',
      family: 6,
    });
    expect(policy.asked).toEqual([]);
  });

  it('refuses a forbidden literal in any spelling', async () => {
    const policy = new TablePolicy({});
    expect(await reasonOf(policy.resolve('::ffff:a9fe:a9fe', live()))).toBe('FORBIDDEN_HOST');
    expect(await reasonOf(policy.resolve('metadata.google.internal', live()))).toBe(
      'FORBIDDEN_HOST',
    );
    expect(policy.asked).toEqual([]);
  });

  it('returns the first answer, normalised, when every answer is allowed', async () => {
    const policy = new TablePolicy({
      'db.example.com': [
        { address: '::ffff:10.0.0.5', family: 6 },
        { address: '10.0.0.6', family: 4 },
      ],
    });
    await expect(policy.resolve('DB.example.com.', live())).resolves.toEqual({
      host: 'DB.example.com.',
      address: '10.0.0.5',
      family: 4,
    });
    expect(policy.asked).toEqual(['db.example.com']);
  });

  it('refuses a name when any one of its answers is forbidden (DNS rebinding)', async () => {
    const policy = new TablePolicy({
      'rebind.example.com': [
        { address: '93.184.216.34', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ],
    });
    expect(await reasonOf(policy.resolve('rebind.example.com', live()))).toBe('FORBIDDEN_HOST');
  });

  it('refuses in strict mode a name that resolves to a private address', async () => {
    const policy = new TablePolicy(
      { 'internal.example.com': [{ address: '10.1.2.3', family: 4 }] },
      'strict',
    );
    expect(await reasonOf(policy.resolve('internal.example.com', live()))).toBe('FORBIDDEN_HOST');
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('reports %s as HOST_NOT_FOUND', async (code) => {
    const policy = new TablePolicy({ 'gone.example.com': code });
    expect(await reasonOf(policy.resolve('gone.example.com', live()))).toBe('HOST_NOT_FOUND');
  });

  it('reports an empty answer and an unparseable host as HOST_NOT_FOUND', async () => {
    const policy = new TablePolicy({ 'empty.example.com': [] });
    expect(await reasonOf(policy.resolve('empty.example.com', live()))).toBe('HOST_NOT_FOUND');
    expect(await reasonOf(policy.resolve('a/b', live()))).toBe('HOST_NOT_FOUND');
  });

  it('gives up with TIMEOUT when the signal aborts during a lookup that never answers', async () => {
    const policy = new TablePolicy({ 'slow.example.com': 'hang' });
    const controller = new AbortController();
    const pending = policy.resolve('slow.example.com', controller.signal);
    controller.abort();
    expect(await reasonOf(pending)).toBe('TIMEOUT');
    expect(await reasonOf(policy.resolve('slow.example.com', controller.signal))).toBe('TIMEOUT');
  });

  it('answers `.invalid` names (RFC 6761) as HOST_NOT_FOUND without asking DNS', async () => {
    const policy = new TablePolicy({ 'db.invalid': [{ address: '10.0.0.1', family: 4 }] });
    expect(await reasonOf(policy.resolve('db.invalid', live()))).toBe('HOST_NOT_FOUND');
    expect(policy.asked).toEqual([]);
  });

  it('resolves localhost through the real system resolver (hosts file, no network)', async () => {
    const policy = new DnsHostPolicy(config());
    await expect(policy.resolve('localhost', live())).resolves.toMatchObject({
      host: 'localhost',
      address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
    });
    expect(await reasonOf(new DnsHostPolicy(config('strict')).resolve('localhost', live()))).toBe(
      'FORBIDDEN_HOST',
    );
  });
});

describe('DnsHostPolicy.isLiteralForbidden', () => {
  it('judges literals and metadata names, never other names', () => {
    const strict = new DnsHostPolicy(config('strict'));
    expect(strict.isLiteralForbidden('017700000001')).toBe(true);
    expect(strict.isLiteralForbidden('localhost')).toBe(false);
    expect(strict.isLiteralForbidden('db.example.com')).toBe(false);
    expect(strict.isLiteralForbidden('not a host')).toBe(false);
    const normal = new DnsHostPolicy(config());
    expect(normal.isLiteralForbidden('127.0.0.1')).toBe(false);
    expect(normal.isLiteralForbidden('0xa9.0xfe.0xa9.0xfe')).toBe(true);
  });
});
