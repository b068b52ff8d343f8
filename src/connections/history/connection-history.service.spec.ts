import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { MemoryConnectionRepository } from '../../../test/support/memory-connection-repository';
import { hostPolicyOf } from '../../../test/support/default-host-policy';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { AesGcmSecretCipher } from '../../crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../../crypto/keyring';
import { ConnectionsService, Scope } from '../connections.service';
import { CreateConnectionDto } from '../dto/create-connection.dto';
import { AuditContext } from './audit-context';
import { ConnectionHistoryService } from './connection-history.service';

const REPORTS: Required<Scope> = { organizationId: 'acme', productName: 'reports' };
const AUDIT: AuditContext = { actor: 'alice', requestId: 'req-1' };
const input = (): CreateConnectionDto => ({
  configName: `db-${uuidv7().slice(-12)}`,
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  password: 'S3cret-pa55word!',
});

async function refusal(work: Promise<unknown>): Promise<FetException> {
  const outcome: unknown = await work.then(
    () => new Error('expected a refusal'),
    (error: unknown) => error,
  );
  if (outcome instanceof FetException) return outcome;
  throw outcome;
}

describe('ConnectionHistoryService (in-memory store)', () => {
  const cipher = new AesGcmSecretCipher(
    parseKeyring(`unit:${randomBytes(32).toString('base64')}`, 'unit'),
  );
  let store: MemoryConnectionRepository;
  let connections: ConnectionsService;
  let history: ConnectionHistoryService;

  beforeEach(() => {
    store = new MemoryConnectionRepository();
    connections = new ConnectionsService(store, cipher, hostPolicyOf());
    history = new ConnectionHistoryService(store, store.history);
  });

  it('pages the trail newest first, with the total on every page', async () => {
    const created = await connections.create(REPORTS, input(), AUDIT);
    for (const userName of ['u1', 'u2', 'u3'])
      await connections.update(REPORTS, created.id, { userName }, AUDIT);
    const current = await connections.get(REPORTS, created.id);
    await history.recordRun(AUDIT, current, 'tested', { status: 'failure', reason: 'TIMEOUT' });
    const first = await history.trail(REPORTS, created.id, 1, 2);
    const second = await history.trail(REPORTS, created.id, 2, 2);
    const third = await history.trail(REPORTS, created.id, 3, 2);
    expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
    expect(
      [...first.items, ...second.items, ...third.items].map((event) => [
        event.action,
        event.changes?.userName,
      ]),
    ).toEqual([
      ['tested', undefined],
      ['updated', { from: 'u2', to: 'u3' }],
      ['updated', { from: 'u1', to: 'u2' }],
      ['updated', { from: 'reporter', to: 'u1' }],
      ['created', { from: null, to: 'reporter' }],
    ]);
    expect(first.items[0].outcome).toEqual({ status: 'failure', reason: 'TIMEOUT' });
  });

  it('reads the trail of a deleted connection, its `deleted` event first', async () => {
    const created = await connections.create(REPORTS, input(), AUDIT);
    await connections.remove(REPORTS, created.id, { actor: 'bob' });
    const page = await history.trail({ organizationId: 'acme' }, created.id, 1, 10);
    expect(page.items.map((event) => [event.action, event.actor])).toEqual([
      ['deleted', 'bob'],
      ['created', 'alice'],
    ]);
  });

  it('an id that never existed in the organization, another organization’s, or another product’s → FET-1001', async () => {
    const created = await connections.create(REPORTS, input(), AUDIT);
    for (const [scope, id] of [
      [REPORTS, uuidv7()],
      [{ organizationId: 'globex' }, created.id],
      [{ organizationId: 'acme', productName: 'billing' }, created.id],
    ] as const) {
      expect((await refusal(history.trail(scope, id, 1, 10))).code).toBe(
        FetErrorCode.EntityNotFound,
      );
    }
    expect(
      (await history.trail({ organizationId: 'acme', productName: 'reports' }, created.id, 1, 10))
        .total,
    ).toBe(1);
  });

  it('a connection without events (stored before the history existed) has an empty trail', async () => {
    const created = await connections.create(REPORTS, input(), AUDIT);
    const bare = { ...created, id: uuidv7(), configName: 'older' };
    await store.insert(bare, []);
    expect(await history.trail(REPORTS, bare.id, 1, 10)).toEqual({
      items: [],
      page: 1,
      limit: 10,
      total: 0,
    });
  });
});
