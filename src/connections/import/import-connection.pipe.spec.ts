import { FetException } from '../../common/errors/fet.exception';
import { CreateConnectionDto } from '../dto/create-connection.dto';
import { ImportConnectionPipe } from './import-connection.pipe';
import { ForbiddenLiterals, METADATA_ADDRESS, useHostRuleContainer } from '../../../test/support/host-rule-container';

useHostRuleContainer(new ForbiddenLiterals([METADATA_ADDRESS, '::ffff:169.254.169.254']));

const pipe = new ImportConnectionPipe();
const URI = 'postgresql://reader:s3cret%40pw@db.example.com/sales';

async function refusal(body: Record<string, unknown>): Promise<FetException> {
  const error = await pipe.transform(body).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof FetException))
    throw new Error(`expected a FetException, got ${String(error)}`);
  return error;
}

describe('ImportConnectionPipe: the import body → the create input, checked as one request', () => {
  it('gives the create input the URI and the body make together', async () => {
    const input = await pipe.transform({
      configName: ' imported ',
      uri: ` ${URI}?sslmode=verify-full&currentSchema=reporting `,
      metadata: { team: 'finance' },
    });
    expect(input).toBeInstanceOf(CreateConnectionDto);
    expect({ ...input, ssl: { ...input.ssl } }).toEqual({
      configName: 'imported',
      type: 'POSTGRESQL',
      host: 'db.example.com',
      port: 5432,
      databaseName: 'sales',
      userName: 'reader',
      password: 's3cret@pw',
      schema: 'reporting',
      ssl: { mode: 'verify-full' },
      metadata: { team: 'finance' },
    });
  });

  it('keeps the PEMs of the body’s ssl when its mode agrees with the URI’s', async () => {
    const ca = '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----\n';
    const input = await pipe.transform({
      configName: 'pems',
      uri: `${URI}?sslmode=verify-ca`,
      ssl: { mode: 'verify-ca', ca },
    });
    expect(input.ssl).toMatchObject({ mode: 'verify-ca', ca });
  });

  it('fills a MongoDB authSource from the path unless the body names one', async () => {
    const implied = await pipe.transform({
      configName: 'mongo-a',
      uri: 'mongodb://u:pw@h.example.com/app',
    });
    expect(implied.metadata).toEqual({ authSource: 'app' });
    const given = await pipe.transform({
      configName: 'mongo-b',
      uri: 'mongodb://u:pw@h.example.com/app',
      metadata: { authSource: 'admin' },
    });
    expect(given.metadata).toEqual({ authSource: 'admin' });
  });

  it.each<[string, Record<string, unknown>, string, string[]]>([
    [
      'a refused option outranks a missing configName (0400 before 0402)',
      { uri: `${URI}?hostaddr=10.0.0.1` },
      'FET-0400',
      ['hostaddr'],
    ],
    [
      'an unexpected body field and a refused option are listed together',
      { configName: 'x-db', uri: `${URI}?passfile=/p`, host: 'h', sshTunnel: { pin: 1 } },
      'FET-0400',
      ['host', 'passfile', 'sshTunnel.pin'],
    ],
    [
      'an unexpected field inside ssl',
      { configName: 'x-db', uri: URI, ssl: { mode: 'require', extra: 1 } },
      'FET-0400',
      ['ssl.extra'],
    ],
    [
      'a missing password outranks a bad configName (0402 before 0001)',
      { configName: '!', uri: 'postgres://u@h.example.com/d' },
      'FET-0402',
      ['password'],
    ],
    [
      'missing configName and password, both named',
      { uri: 'postgres://u@h.example.com/d' },
      'FET-0402',
      ['configName', 'password'],
    ],
    [
      'no database in the URI → FET-0402 databaseName',
      { configName: 'x-db', uri: 'postgres://u:pw@h.example.com' },
      'FET-0402',
      ['databaseName'],
    ],
    ['uri absent → FET-0402 uri', { configName: 'x-db' }, 'FET-0402', ['uri']],
    ['uri blank → FET-0402 uri', { configName: 'x-db', uri: '   ' }, 'FET-0402', ['uri']],
    ['uri not a string → FET-0001 uri', { configName: 'x-db', uri: 42 }, 'FET-0001', ['uri']],
    [
      'metadata too long outranks an unreadable URI (0411 before 0001)',
      { configName: 'x-db', uri: 'redis://h', metadata: { a: 'v'.repeat(2001) } },
      'FET-0411',
      ['metadata.a'],
    ],
    [
      'sslmode=prefer → FET-0413',
      { configName: 'x-db', uri: `${URI}?sslmode=prefer` },
      'FET-0413',
      ['sslmode'],
    ],
    [
      'sslmode and ssl.mode disagreeing → FET-0413 ssl.mode',
      { configName: 'x-db', uri: `${URI}?sslmode=require`, ssl: { mode: 'verify-full' } },
      'FET-0413',
      ['ssl.mode'],
    ],
    [
      'a forbidden host from the URI → FET-0414 host',
      { configName: 'x-db', uri: 'postgres://u:pw@169.254.169.254/d' },
      'FET-0414',
      ['host'],
    ],
    [
      'a forbidden IPv6 spelling, as written → FET-0414 host',
      { configName: 'x-db', uri: 'postgres://u:pw@[::ffff:169.254.169.254]/d' },
      'FET-0414',
      ['host'],
    ],
    [
      'a forbidden IPv4-in-brackets spelling is just unreadable',
      { configName: 'x-db', uri: 'postgres://u:pw@[169.254.169.254]/d' },
      'FET-0001',
      ['uri'],
    ],
    [
      'a forbidden host outranks a bad configName (0414 before 0001)',
      { configName: 'a', uri: 'postgres://u:pw@169.254.169.254/d' },
      'FET-0414',
      ['host'],
    ],
    [
      'a host the create rules refuse → FET-0001 host',
      { configName: 'x-db', uri: 'postgres://u:pw@bad_host/d' },
      'FET-0001',
      ['host'],
    ],
    [
      'port 0 → FET-0001 port',
      { configName: 'x-db', uri: 'postgres://u:pw@h.example.com:0/d' },
      'FET-0001',
      ['port'],
    ],
    [
      'a database name over 128 characters → FET-0001 databaseName',
      { configName: 'x-db', uri: `postgres://u:pw@h.example.com/${'d'.repeat(129)}` },
      'FET-0001',
      ['databaseName'],
    ],
    [
      'a schema from the URI over 128 characters → FET-0001 schema',
      { configName: 'x-db', uri: `${URI}?currentSchema=${'s'.repeat(129)}` },
      'FET-0001',
      ['schema'],
    ],
    [
      'schema in body and URI disagreeing → FET-0001 schema',
      { configName: 'x-db', uri: `${URI}?currentSchema=a`, schema: 'b' },
      'FET-0001',
      ['schema'],
    ],
    [
      'metadata in body and URI disagreeing → FET-0001',
      {
        configName: 'x-db',
        uri: 'mongodb://u:pw@h.example.com/d?replicaSet=rs0',
        metadata: { replicaSet: 'rs1' },
      },
      'FET-0001',
      ['metadata.replicaSet'],
    ],
    [
      'an unreadable URI and a bad configName, both named',
      { configName: 'a', uri: 'mongodb+srv://u:pw@h.example.com/d' },
      'FET-0001',
      ['configName', 'uri'],
    ],
  ])('%s', async (_name, body, code, fields) => {
    const error = await refusal(body);
    expect({ code: error.code, fields: Object.keys(error.fields ?? {}).sort() }).toEqual({
      code,
      fields: [...fields].sort(),
    });
  });

  it('says when a refused value came from the URI, and never quotes it', async () => {
    const host = await refusal({ configName: 'x-db', uri: 'postgres://u:pw@mark_host_7f/d' });
    expect(host.fields).toEqual({
      host: 'must be a host name (RFC 1123), an IPv4 or an IPv6 address (as the uri gives it)',
    });
    const password = await refusal({
      configName: 'x-db',
      uri: 'postgres://mark_user_7f@h.example.com/mark_db_7f',
    });
    expect(password.fields).toEqual({ password: 'is required: the uri gives none' });
  });
});
