import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { checkEntries, checkEntry } from './provisioning-entry';
import { parseProvisioningFile } from './provisioning-file';
import { useHostRuleContainer } from '../../../test/support/host-rule-container';

useHostRuleContainer();

const SECRET = 'Entry-Secret-77aa';
const valid = {
  configName: ' sales-db ',
  type: 'POSTGRESQL',
  host: '[::1]',
  port: 5432,
  databaseName: 'sales',
  userName: 'reader',
  password: SECRET,
};
const problemsOf = async (fields: Record<string, unknown>, index = 0) => {
  const checked = await checkEntry({ index, fields });
  return 'problems' in checked ? checked.problems : [];
};

describe('a provisioning entry is checked like a create', () => {
  it('gives the create body as the pipe leaves it, the default organization, no product and the UUIDv5 id', async () => {
    const checked = await checkEntry({ index: 0, fields: valid });
    expect(checked).toEqual({
      entry: {
        index: 0,
        id: uuidv5('default/sales-db', '6ba7b811-9dad-11d1-80b4-00c04fd430c8'),
        organizationId: 'default',
        productName: null,
        input: expect.objectContaining({ configName: 'sales-db', host: '::1', password: SECRET }),
      },
    });
  });

  it('takes the organization as written and the product name as the X-Product-Name header (trimmed, lower-cased)', async () => {
    const checked = await checkEntry({
      index: 3,
      fields: { ...valid, organization: 'Acme Corp', productName: ' Reports ' },
    });
    expect(checked).toEqual({
      entry: expect.objectContaining({
        index: 3,
        id: uuidv5('Acme Corp/sales-db', uuidv5.URL),
        organizationId: 'Acme Corp',
        productName: 'reports',
      }),
    });
  });

  it('refuses a bad organization or product name, naming the entry and the field', async () => {
    expect(await problemsOf({ ...valid, organization: ' ', productName: 'no spaces' }, 2)).toEqual([
      'connections[2].organization: must not be blank',
      'connections[2].productName: must be 1 to 100 letters, digits, underscores or hyphens',
    ]);
    expect(await problemsOf({ ...valid, organization: 'x'.repeat(201), productName: 5 })).toEqual([
      'connections[0].organization: must be at most 200 characters',
      'connections[0].productName: must be a string',
    ]);
    expect(await problemsOf({ ...valid, organization: 'acme\u0000' })).toEqual([
      'connections[0].organization: must not contain the NUL character (U+0000)',
    ]);
  });

  it('checks sshTunnel with the create rules: a tunnel secret, the fingerprint, and MongoDB as a direct connection', async () => {
    const tunnel = {
      host: 'bastion.example.com',
      userName: 'tunnel',
      hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      password: 'ssh-secret',
    };
    expect(await problemsOf({ ...valid, sshTunnel: tunnel })).toEqual([]);
    expect(await problemsOf({ ...valid, sshTunnel: { ...tunnel, password: undefined, hostKeyFingerprint: 'MD5:aa' } })).toEqual([
      'connections[0].sshTunnel.password: is required when sshTunnel.privateKey is not given',
      'connections[0].sshTunnel.privateKey: is required when sshTunnel.password is not given',
    ]);
    expect(await problemsOf({ ...valid, type: 'MONGODB', metadata: { replicaSet: 'rs0' }, sshTunnel: tunnel })).toEqual([
      'connections[0].metadata.replicaSet: cannot be used with sshTunnel: through a tunnel MongoDB is dialled as a direct connection to its one host',
    ]);
  });

  it('refuses a field the contract does not name, inside ssl and sshTunnel too, as FET-0400 does', async () => {
    expect(
      await problemsOf({
        ...valid,
        sshTunnel: { host: 'bastion', jump: 'x' },
        ssl: { mode: 'require', pin: 'x' },
      }),
    ).toEqual([
      'connections[0].sshTunnel.jump: is not an allowed field',
      'connections[0].ssl.pin: is not an allowed field',
    ]);
  });

  it('names the missing fields first, then the codes in the create order, with the create field names', async () => {
    expect(await problemsOf({ configName: 'x', type: 'POSTGRESQL', port: 5432 })).toEqual([
      'connections[0].databaseName: is required',
      'connections[0].host: is required',
      'connections[0].password: is required',
      'connections[0].userName: is required',
    ]);
    expect(await problemsOf({ ...valid, metadata: { team: { nested: 'x' } } })).toEqual([
      'connections[0].metadata.team: must not be an object or an array',
    ]);
    expect(await problemsOf({ ...valid, ssl: { mode: 'prefer' } })).toEqual([
      'connections[0].ssl.mode: must be disable, require, verify-ca or verify-full',
    ]);
    expect(await problemsOf({ ...valid, host: '169.254.169.254' })).toEqual([
      'connections[0].host: is not allowed by the host policy',
    ]);
    expect(await problemsOf({ ...valid, port: 70000, configName: 'a' })).toEqual([
      'connections[0].configName: must be longer than or equal to 3 characters',
      'connections[0].port: must not be greater than 65535',
    ]);
  });

  it('applies the engine rules after the body rules', async () => {
    expect(
      await problemsOf({ ...valid, type: 'MONGODB', metadata: { directConnection: 'yes' } }),
    ).toEqual(['connections[0].metadata.directConnection: must be "true" or "false"']);
  });

  it('never puts a value in a problem', async () => {
    const problems = await problemsOf({
      ...valid,
      password: SECRET.repeat(100),
      host: 'bad host!',
    });
    expect(problems).toEqual([
      'connections[0].host: must be a host name (RFC 1123), an IPv4 or an IPv6 address',
      'connections[0].password: must be shorter than or equal to 1024 characters',
    ]);
    expect(problems.join()).not.toContain(SECRET);
  });

  it('one connection per organization and configName (case-insensitive): a later entry naming it again is refused', async () => {
    const { entries, problems } = await checkEntries([
      { index: 0, fields: valid },
      { index: 1, fields: { ...valid, configName: 'SALES-DB' } },
      { index: 2, fields: { ...valid, organization: 'acme' } },
    ]);
    expect(entries.map((entry) => entry.index)).toEqual([0, 2]);
    expect(problems).toEqual([
      'connections[1].configName: names the same connection as connections[0] (organization and configName, case-insensitive)',
    ]);
  });

  it('accepts the example file of the README (an entry per engine)', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const example = /^## Provisioned connections$[\s\S]*?^```yaml\n([\s\S]*?)^```$/m.exec(
      readme,
    )?.[1];
    const pem = (kind: string) => `-----BEGIN ${kind}-----\nMIIB\n-----END ${kind}-----\n`;
    const variables = (name: string) =>
      name.endsWith('_PEM') || name.endsWith('_CERT')
        ? pem('CERTIFICATE')
        : name.endsWith('_KEY')
          ? pem('PRIVATE KEY')
          : `value-of-${name}`;
    const parsed = parseProvisioningFile(example ?? '', variables);
    const { entries, problems } = await checkEntries(parsed.entries);
    expect([...parsed.problems, ...problems]).toEqual([]);
    expect(entries.map((entry) => entry.input.type).sort()).toEqual([
      'MONGODB',
      'MYSQL',
      'ORACLE',
      'POSTGRESQL',
      'SQL_SERVER',
    ]);
  });
});
