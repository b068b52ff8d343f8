import { checkServerIdentity, PeerCertificate } from 'node:tls';
import { Client } from 'pg';
import { postgresClientConfig, postgresSsl, POSTGRES_READ_ONLY_OPTIONS } from './postgres-options';
import { driverTarget } from '../testing/test-target.fixture';

const context = (msLeft: number, now: number) => ({
  signal: new AbortController().signal,
  deadline: now + msLeft,
});
const certificateFor = (name: string) =>
  ({ subject: { CN: name }, subjectaltname: `DNS:${name}` }) as unknown as PeerCertificate;

describe('postgresClientConfig', () => {
  it('dials the approved address with the structured fields, never a connection string', () => {
    const target = driverTarget({
      host: 'db.example.com',
      userName: 'a@evil:1/x',
      password: 'p@ss:w/rd?#',
      databaseName: 'x?host=evil&port=1',
      approved: { host: 'db.example.com', address: '10.1.2.3', family: 4 },
    });
    const config = postgresClientConfig(target, context(5000, 0), 0);
    expect(config.connectionString).toBeUndefined();
    const client = new Client(config);
    expect(client.host).toBe('10.1.2.3');
    expect(client.port).toBe(5432);
    expect(client.user).toBe('a@evil:1/x');
    expect(client.database).toBe('x?host=evil&port=1');
  });

  it('bounds the connect and statement timeouts by the deadline and opens a read-only session', () => {
    const config = postgresClientConfig(driverTarget(), context(2500, 1000), 1000);
    expect(config.connectionTimeoutMillis).toBe(2500);
    expect(config.statement_timeout).toBe(2500);
    expect(config.query_timeout).toBe(2500);
    expect(config.options).toBe(POSTGRES_READ_ONLY_OPTIONS);
    expect(config.application_name).toBe('connections-service');
  });

  it('never hands pg a zero timeout (which would mean "none") when the deadline has passed', () => {
    const config = postgresClientConfig(driverTarget(), context(-10, 1000), 1000);
    expect(config.connectionTimeoutMillis).toBe(1);
    expect(config.statement_timeout).toBe(1);
  });
});

describe('postgresSsl', () => {
  const pem = { ca: 'CA-PEM', cert: 'CERT-PEM', key: 'KEY-PEM' };

  it('disable (or no ssl) turns TLS off', () => {
    expect(postgresSsl(driverTarget({ ssl: null }))).toBe(false);
    expect(postgresSsl(driverTarget({ ssl: { mode: 'disable', ...pem } }))).toBe(false);
  });

  it('require encrypts without checking the certificate', () => {
    expect(postgresSsl(driverTarget({ ssl: { mode: 'require', ...pem } }))).toEqual({
      rejectUnauthorized: false,
      cert: 'CERT-PEM',
      key: 'KEY-PEM',
    });
  });

  it('verify-ca checks the chain against the CA but not the name', () => {
    const ssl = postgresSsl(driverTarget({ ssl: { mode: 'verify-ca', ...pem } }));
    expect(ssl).toMatchObject({
      rejectUnauthorized: true,
      ca: 'CA-PEM',
      cert: 'CERT-PEM',
      key: 'KEY-PEM',
    });
    if (ssl === false) throw new Error('expected TLS options');
    expect(ssl.checkServerIdentity?.('anything', certificateFor('other.example'))).toBeUndefined();
  });

  it('verify-full checks the name against the connection host, not the dialled address', () => {
    const target = driverTarget({
      host: 'db.example.com',
      ssl: { mode: 'verify-full', ca: 'CA-PEM' },
    });
    const ssl = postgresSsl(target);
    if (ssl === false) throw new Error('expected TLS options');
    expect(ssl).toMatchObject({
      rejectUnauthorized: true,
      ca: 'CA-PEM',
      servername: 'db.example.com',
    });
    expect(
      ssl.checkServerIdentity?.('127.0.0.1', certificateFor('db.example.com')),
    ).toBeUndefined();
    expect(ssl.checkServerIdentity?.('127.0.0.1', certificateFor('other.example'))).toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('verify-full to an IP literal sends no SNI and checks the IP', () => {
    const ssl = postgresSsl(driverTarget({ host: '10.0.0.5', ssl: { mode: 'verify-full' } }));
    if (ssl === false) throw new Error('expected TLS options');
    expect(ssl.servername).toBeUndefined();
    const ipCertificate = {
      subject: {},
      subjectaltname: 'IP Address:10.0.0.5',
    } as unknown as PeerCertificate;
    expect(ssl.checkServerIdentity?.('x', ipCertificate)).toBe(
      checkServerIdentity('10.0.0.5', ipCertificate),
    );
  });
});
