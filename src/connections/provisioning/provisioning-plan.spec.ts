import { randomBytes } from 'node:crypto';
import { AesGcmSecretCipher } from '../../crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../../crypto/keyring';
import { Connection } from '../domain/connection';
import { ProvisioningChange } from '../domain/provisioning-change';
import {
  passwordContext,
  sshPassphraseContext,
  sshPasswordContext,
  sshPrivateKeyContext,
  sslKeyContext,
} from '../domain/secret-contexts';
import { CreateConnectionDto } from '../dto/create-connection.dto';
import { ProvisioningState } from '../persistence/provisioning-store';
import { ProvisioningEntry } from './provisioning-entry';
import { ProvisioningPlanner } from './provisioning-plan';
import { provisionedId } from './provisioned-id';

const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;
const cipher = new AesGcmSecretCipher(parseKeyring(`${K1},${K2}`, 'k2'));
const planner = new ProvisioningPlanner(cipher);
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByq\n-----END PRIVATE KEY-----\n';
const FIRST_BOOT = new Date('2026-01-01T00:00:00.000Z');
const NEXT_BOOT = new Date('2026-02-01T00:00:00.000Z');

function entry(
  overrides: Partial<CreateConnectionDto> = {},
  more: Partial<ProvisioningEntry> = {},
): ProvisioningEntry {
  const organizationId = more.organizationId ?? 'default';
  const input = {
    configName: 'sales-db',
    type: 'POSTGRESQL',
    host: 'db.example.com',
    port: 5432,
    databaseName: 'sales',
    userName: 'reader',
    password: 'pw-1',
    ssl: { mode: 'require', key: PEM_KEY },
    metadata: { team: 'finance', tier: 'gold' },
    ...overrides,
  } as CreateConnectionDto;
  return {
    index: 0,
    id: provisionedId(organizationId, input.configName),
    organizationId,
    productName: null,
    input,
    ...more,
  };
}

const nothingStored: ProvisioningState = { provisioned: [], holders: [] };

/** What the first boot stores for `entries`. */
function stored(...entries: ProvisioningEntry[]): Connection[] {
  return planner
    .plan(entries, nothingStored, FIRST_BOOT)
    .changes.map((change) =>
      change.kind === 'provisioned' ? change.connection : (undefined as never),
    );
}

const kinds = (changes: ProvisioningChange[]) => changes.map((change) => change.kind);

describe('planning the provisioning file against the store', () => {
  it('provisions a new entry under its id, sealed under its own contexts, unassigned when the file names no product', () => {
    const [connection] = stored(entry());
    expect(connection).toEqual(
      expect.objectContaining({
        id: provisionedId('default', 'sales-db'),
        organizationId: 'default',
        productName: null,
        provisioned: true,
        schema: null,
        createdAt: FIRST_BOOT,
        updatedAt: FIRST_BOOT,
      }),
    );
    expect(cipher.open(connection.sealedPassword, passwordContext(connection.id))).toBe('pw-1');
    expect(cipher.open(connection.ssl?.sealedKey as string, sslKeyContext(connection.id))).toBe(
      PEM_KEY,
    );
  });

  it('writes nothing for an unchanged entry, whatever the order of its metadata keys', () => {
    const [connection] = stored(entry());
    const plan = planner.plan(
      [entry({ metadata: { tier: 'gold', team: 'finance' } })],
      { provisioned: [connection], holders: [connection] },
      NEXT_BOOT,
    );
    expect(plan).toEqual({ changes: [], problems: [], unchanged: 1 });
  });

  describe('an entry with an sshTunnel', () => {
    const tunnel = (overrides: Record<string, unknown> = {}) =>
      entry({
        host: '10.0.0.5',
        sshTunnel: {
          host: 'bastion.example.com',
          userName: 'tunnel',
          hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
          privateKey: 'ssh-key-1',
          passphrase: 'ssh-pp-1',
          ...overrides,
        },
      });

    it('is provisioned with port 22 and each secret sealed under its own context', () => {
      const [connection] = stored(tunnel());
      const sealed = connection.sshTunnel;
      expect(sealed).toMatchObject({ host: 'bastion.example.com', port: 22, userName: 'tunnel' });
      expect(cipher.open(sealed?.sealedPrivateKey as string, sshPrivateKeyContext(connection.id))).toBe('ssh-key-1');
      expect(cipher.open(sealed?.sealedPassphrase as string, sshPassphraseContext(connection.id))).toBe('ssh-pp-1');
      expect(sealed?.sealedPassword).toBeUndefined();
    });

    it('unchanged → nothing written; a changed tunnel secret → updated, only that secret sealed again; removed → null', () => {
      const [connection] = stored(tunnel());
      const state = { provisioned: [connection], holders: [connection] };
      expect(planner.plan([tunnel()], state, NEXT_BOOT)).toEqual({ changes: [], problems: [], unchanged: 1 });
      const [change] = planner.plan([tunnel({ password: 'ssh-pw-2' })], state, NEXT_BOOT).changes;
      if (change?.kind !== 'updated') throw new Error('expected an update');
      expect(change.after.sshTunnel?.sealedPrivateKey).toBe(connection.sshTunnel?.sealedPrivateKey);
      expect(change.after.sshTunnel?.sealedPassphrase).toBe(connection.sshTunnel?.sealedPassphrase);
      expect(cipher.open(change.after.sshTunnel?.sealedPassword as string, sshPasswordContext(connection.id))).toBe('ssh-pw-2');
      const [removed] = planner.plan([entry({ host: '10.0.0.5' })], state, NEXT_BOOT).changes;
      if (removed?.kind !== 'updated') throw new Error('expected an update');
      expect(removed.after.sshTunnel).toBeNull();
    });
  });

  it('updates a changed entry, sealing again only the secret that changed', () => {
    const [connection] = stored(entry());
    const plan = planner.plan(
      [entry({ port: 6432, password: 'pw-2' })],
      { provisioned: [connection], holders: [connection] },
      NEXT_BOOT,
    );
    expect(kinds(plan.changes)).toEqual(['updated']);
    const [change] = plan.changes;
    if (change.kind !== 'updated') throw new Error('expected an update');
    expect(change.before).toBe(connection);
    expect(change.after).toEqual({
      ...connection,
      port: 6432,
      sealedPassword: expect.any(String),
      updatedAt: NEXT_BOOT,
    });
    expect(cipher.open(change.after.sealedPassword, passwordContext(connection.id))).toBe('pw-2');
    expect(change.after.ssl?.sealedKey).toBe(connection.ssl?.sealedKey);
  });

  it('a changed SSL key alone is an update that seals the key again and keeps the sealed password', () => {
    const [connection] = stored(entry());
    const otherKey = PEM_KEY.replace('MIGH', 'ZZZZ');
    const { changes } = planner.plan(
      [entry({ ssl: { mode: 'require', key: otherKey } })],
      { provisioned: [connection], holders: [connection] },
      NEXT_BOOT,
    );
    const [change] = changes;
    if (change.kind !== 'updated') throw new Error('expected an update');
    expect(change.after.sealedPassword).toBe(connection.sealedPassword);
    expect(cipher.open(change.after.ssl?.sealedKey as string, sslKeyContext(connection.id))).toBe(
      otherKey,
    );
  });

  it('a secret sealed with an older key still compares equal (no write after a key rotation)', () => {
    const onK1 = new AesGcmSecretCipher(parseKeyring(K1, 'k1'));
    const [connection] = new ProvisioningPlanner(onK1)
      .plan([entry()], nothingStored, FIRST_BOOT)
      .changes.map((change) =>
        change.kind === 'provisioned' ? change.connection : (undefined as never),
      );
    const plan = planner.plan([entry()], { provisioned: [connection], holders: [] }, NEXT_BOOT);
    expect(plan.changes).toEqual([]);
  });

  it('keeps the product an assign gave, unless the file names one', () => {
    const [connection] = stored(entry());
    const assigned = { ...connection, productName: 'reports' };
    const state = { provisioned: [assigned], holders: [assigned] };
    expect(planner.plan([entry()], state, NEXT_BOOT).changes).toEqual([]);
    const { changes } = planner.plan([entry({}, { productName: 'billing' })], state, NEXT_BOOT);
    expect(changes).toEqual([
      {
        kind: 'updated',
        before: assigned,
        after: expect.objectContaining({ productName: 'billing' }),
      },
    ]);
  });

  it('never moves updatedAt backwards (a clock behind the stored version still gives a newer version)', () => {
    const [connection] = stored(entry());
    const { changes } = planner.plan(
      [entry({ port: 1 })],
      { provisioned: [connection], holders: [] },
      new Date(0),
    );
    expect(changes[0].kind === 'updated' && changes[0].after.updatedAt.getTime()).toBe(
      FIRST_BOOT.getTime() + 1,
    );
  });

  it('deletes, first, every provisioned connection without an entry; an empty file deletes them all', () => {
    const [sales, other] = stored(entry(), entry({ configName: 'other-db' }));
    const state = { provisioned: [sales, other], holders: [] };
    expect(
      planner
        .plan([entry({ configName: 'new-db' }), entry()], state, NEXT_BOOT)
        .changes.map((c) => [c.kind, c.kind === 'updated' ? c.after.id : c.connection.id]),
    ).toEqual([
      ['deleted', other.id],
      ['provisioned', provisionedId('default', 'new-db')],
    ]);
    expect(planner.plan([], state, NEXT_BOOT).changes).toEqual([
      { kind: 'deleted', connection: sales, at: NEXT_BOOT },
      { kind: 'deleted', connection: other, at: NEXT_BOOT },
    ]);
  });

  it('an entry whose configName a connection that is not provisioned holds is a problem naming the entry', () => {
    const [ordinary] = stored(entry({ configName: 'SALES-DB' }, { organizationId: 'default' })).map(
      (c) => ({
        ...c,
        id: '0190a000-0000-7000-8000-000000000001',
        provisioned: false,
      }),
    );
    const plan = planner.plan(
      [{ ...entry(), index: 4 }],
      { provisioned: [], holders: [ordinary] },
      NEXT_BOOT,
    );
    expect(plan).toEqual({
      changes: [],
      problems: [
        'connections[4].configName: is held by a connection that is not provisioned (rename the entry, or delete or rename that connection)',
      ],
      unchanged: 0,
    });
  });

  it('a configName whose case changed is a new connection (its id is its name’s): the old one is deleted first', () => {
    const [old] = stored(entry({ configName: 'Sales-DB' }));
    const { changes, problems } = planner.plan(
      [entry()],
      { provisioned: [old], holders: [old] },
      NEXT_BOOT,
    );
    expect(problems).toEqual([]);
    expect(kinds(changes)).toEqual(['deleted', 'provisioned']);
    expect(changes[1].kind === 'provisioned' && changes[1].connection.id).toBe(
      provisionedId('default', 'sales-db'),
    );
    expect(old.id).not.toBe(provisionedId('default', 'sales-db'));
  });
});
