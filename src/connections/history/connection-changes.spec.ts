import { Connection } from '../domain/connection';
import { HIDDEN_CHANGE, HIDDEN_FIELDS, connectionChanges } from './connection-changes';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
const base: Connection = {
  id: '0190a000-0000-7000-8000-000000000001',
  organizationId: 'acme',
  productName: 'reports',
  configName: 'sales',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  sealedPassword: 'v1:k:nonce-a:sealed-password-a',
  schema: null,
  ssl: null,
  metadata: {},
  sshTunnel: null,
  createdAt: new Date('2025-01-01T00:00:00.000Z'),
  updatedAt: new Date('2025-01-01T00:00:00.000Z'),
  provisioned: false,
};
const withSsl: Connection = {
  ...base,
  ssl: { mode: 'verify-full', ca: PEM, cert: PEM, sealedKey: 'v1:k:nonce-k:sealed-key' },
};

describe('connectionChanges', () => {
  it('a new connection: every field that has a value, from null; the secrets and PEMs only as changed', () => {
    expect(
      connectionChanges(null, { ...withSsl, schema: 'public', metadata: { team: 'finance' } }),
    ).toEqual({
      configName: { from: null, to: 'sales' },
      productName: { from: null, to: 'reports' },
      type: { from: null, to: 'POSTGRESQL' },
      host: { from: null, to: 'db.example.com' },
      port: { from: null, to: 5432 },
      databaseName: { from: null, to: 'app' },
      userName: { from: null, to: 'reporter' },
      password: { changed: true },
      schema: { from: null, to: 'public' },
      'ssl.mode': { from: null, to: 'verify-full' },
      'ssl.ca': { changed: true },
      'ssl.cert': { changed: true },
      'ssl.key': { changed: true },
      metadata: { from: null, to: { team: 'finance' } },
    });
  });

  it('a new connection without product, schema, SSL or metadata lists none of them', () => {
    expect(Object.keys(connectionChanges(null, { ...base, productName: null }))).toEqual([
      'configName',
      'type',
      'host',
      'port',
      'databaseName',
      'userName',
      'password',
    ]);
  });

  it('an unchanged connection has no changes, even as a copy', () => {
    expect(connectionChanges(withSsl, structuredClone(withSsl))).toEqual({});
  });

  it('each shown field that changed, from its old value to its new one, and only those', () => {
    const after: Connection = {
      ...base,
      host: 'db2.example.com',
      port: 6432,
      schema: 'sales',
      productName: null,
    };
    expect(connectionChanges(base, after)).toEqual({
      productName: { from: 'reports', to: null },
      host: { from: 'db.example.com', to: 'db2.example.com' },
      port: { from: 5432, to: 6432 },
      schema: { from: null, to: 'sales' },
    });
  });

  it('a new sealed password is a change, never shown (a re-seal of the same text counts too)', () => {
    expect(
      connectionChanges(base, { ...base, sealedPassword: 'v1:k:nonce-b:sealed-password-a' }),
    ).toEqual({
      password: { changed: true },
    });
  });

  it('ssl: the mode shown (null without SSL), its ca, cert and key only as changed', () => {
    expect(connectionChanges(base, withSsl)).toEqual({
      'ssl.mode': { from: null, to: 'verify-full' },
      'ssl.ca': { changed: true },
      'ssl.cert': { changed: true },
      'ssl.key': { changed: true },
    });
    expect(connectionChanges(withSsl, { ...withSsl, ssl: { mode: 'require', ca: PEM } })).toEqual({
      'ssl.mode': { from: 'verify-full', to: 'require' },
      'ssl.cert': { changed: true },
      'ssl.key': { changed: true },
    });
    expect(connectionChanges(withSsl, base)).toEqual({
      'ssl.mode': { from: 'verify-full', to: null },
      'ssl.ca': { changed: true },
      'ssl.cert': { changed: true },
      'ssl.key': { changed: true },
    });
  });

  it('metadata as the whole map before and after, whatever changed in it; the same map is no change', () => {
    const before = { ...base, metadata: { team: 'finance', env: 'prod' } };
    expect(
      connectionChanges(before, { ...base, metadata: { team: 'finance', env: 'dev' } }),
    ).toEqual({
      metadata: { from: { team: 'finance', env: 'prod' }, to: { team: 'finance', env: 'dev' } },
    });
    expect(connectionChanges(before, { ...base, metadata: {} })).toEqual({
      metadata: { from: { team: 'finance', env: 'prod' }, to: {} },
    });
    expect(
      connectionChanges(before, { ...base, metadata: { env: 'prod', team: 'finance' } }),
    ).toEqual({});
    expect(
      connectionChanges(before, { ...base, metadata: { team: 'finance', owner: 'prod' } }),
    ).toHaveProperty('metadata');
  });

  it('never copies a secret, a sealed value or a PEM in; the hidden fields are the secrets and PEMs', () => {
    const text = JSON.stringify([
      connectionChanges(null, withSsl),
      connectionChanges(withSsl, base),
    ]);
    expect(text).not.toMatch(/sealed|BEGIN|v1:/);
    expect(HIDDEN_FIELDS).toEqual([
      'password',
      'ssl.ca',
      'ssl.cert',
      'ssl.key',
      'sshTunnel.privateKey',
      'sshTunnel.passphrase',
      'sshTunnel.password',
    ]);
    expect(HIDDEN_CHANGE).toEqual({ changed: true });
  });

  it('leaves both connections as they were', () => {
    const before = structuredClone({ ...withSsl, metadata: { a: '1' } });
    const after = structuredClone({ ...base, metadata: { a: '2' } });
    const changes = connectionChanges(before, after);
    (changes.metadata as { to: Record<string, string> }).to.a = 'changed';
    expect(after.metadata).toEqual({ a: '2' });
    expect(before).toEqual({ ...withSsl, metadata: { a: '1' } });
  });
});
