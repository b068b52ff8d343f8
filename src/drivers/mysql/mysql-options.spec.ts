import { driverTarget } from '../testing/test-target.fixture';
import { mysqlConnectionOptions, mysqlSsl } from './mysql-options';

const context = (msLeft: number, now: number) => ({
  signal: new AbortController().signal,
  deadline: now + msLeft,
});
const mysqlTarget = (overrides = {}) => driverTarget({ type: 'MYSQL', port: 3306, ...overrides });

describe('mysqlConnectionOptions', () => {
  it('uses structured fields only: no URI, values passed through untouched', () => {
    const options = mysqlConnectionOptions(
      mysqlTarget({ userName: 'a@evil:1/x', password: 'p@ss:w/rd', databaseName: 'db?ssl=false' }),
      context(4000, 0),
      0,
    );
    expect(options).not.toHaveProperty('uri');
    expect(options).toMatchObject({
      user: 'a@evil:1/x',
      password: 'p@ss:w/rd',
      database: 'db?ssl=false',
      port: 3306,
    });
  });

  it('bounds the connect timeout by the deadline and turns LOCAL INFILE and multi-statements off', () => {
    const options = mysqlConnectionOptions(mysqlTarget(), context(1500, 100), 100);
    expect(options.connectTimeout).toBe(1500);
    expect(options.multipleStatements).toBe(false);
    expect(options.flags).toEqual(expect.arrayContaining(['-LOCAL_FILES', '-MULTI_STATEMENTS']));
  });

  it('names the server for TLS with the connection host (the dialled socket goes to the approved address)', () => {
    const options = mysqlConnectionOptions(
      mysqlTarget({ host: 'db.example.com' }),
      context(1000, 0),
      0,
    );
    expect(options.host).toBe('db.example.com');
  });
});

describe('mysqlSsl', () => {
  const pem = { ca: 'CA-PEM', cert: 'CERT-PEM', key: 'KEY-PEM' };

  it('disable (or no ssl) turns TLS off', () => {
    expect(mysqlSsl(mysqlTarget({ ssl: null }))).toBeUndefined();
    expect(mysqlSsl(mysqlTarget({ ssl: { mode: 'disable', ...pem } }))).toBeUndefined();
  });

  it('require encrypts without checking the certificate', () => {
    expect(mysqlSsl(mysqlTarget({ ssl: { mode: 'require', ...pem } }))).toEqual({
      rejectUnauthorized: false,
      verifyIdentity: false,
      cert: 'CERT-PEM',
      key: 'KEY-PEM',
    });
  });

  it('verify-ca checks the chain, not the name; verify-full checks both', () => {
    expect(mysqlSsl(mysqlTarget({ ssl: { mode: 'verify-ca', ...pem } }))).toEqual({
      rejectUnauthorized: true,
      verifyIdentity: false,
      ...pem,
    });
    expect(mysqlSsl(mysqlTarget({ ssl: { mode: 'verify-full', ca: 'CA-PEM' } }))).toEqual({
      rejectUnauthorized: true,
      verifyIdentity: true,
      ca: 'CA-PEM',
    });
  });
});
