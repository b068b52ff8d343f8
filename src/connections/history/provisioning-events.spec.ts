import { Connection } from '../domain/connection';
import { provisioningEvent } from './provisioning-events';

const connection: Connection = {
  id: '0190a000-0000-7000-8000-000000000001',
  organizationId: 'default',
  productName: null,
  configName: 'sales-pg',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'sales',
  userName: 'reader',
  sealedPassword: 'v1:k:nonce:sealed',
  schema: null,
  ssl: null,
  metadata: {},
  sshTunnel: null,
  createdAt: new Date('2025-01-01T00:00:00.000Z'),
  updatedAt: new Date('2025-01-01T00:00:00.000Z'),
  provisioned: true,
};

describe('provisioningEvent', () => {
  it('provisioned: actor provisioning, no request id, the initial settings, dated by the write', () => {
    expect(provisioningEvent({ kind: 'provisioned', connection })).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      organizationId: 'default',
      connectionId: connection.id,
      at: connection.updatedAt,
      action: 'provisioned',
      actor: 'provisioning',
      changes: {
        configName: { from: null, to: 'sales-pg' },
        type: { from: null, to: 'POSTGRESQL' },
        host: { from: null, to: 'db.example.com' },
        port: { from: null, to: 5432 },
        databaseName: { from: null, to: 'sales' },
        userName: { from: null, to: 'reader' },
        password: { changed: true },
      },
    });
  });

  it('updated: what the file changed, at the new version; deleted: at the removal', () => {
    const after = { ...connection, port: 6432, updatedAt: new Date('2025-02-01T00:00:00.000Z') };
    expect(provisioningEvent({ kind: 'updated', before: connection, after })).toMatchObject({
      action: 'updated',
      actor: 'provisioning',
      at: after.updatedAt,
      changes: { port: { from: 5432, to: 6432 } },
    });
    const at = new Date('2025-03-01T00:00:00.000Z');
    const deleted = provisioningEvent({ kind: 'deleted', connection, at });
    expect(deleted).toMatchObject({ action: 'deleted', actor: 'provisioning', at });
    expect(deleted).not.toHaveProperty('changes');
    expect(deleted).not.toHaveProperty('requestId');
  });
});
