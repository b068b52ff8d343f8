import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateConnectionDto } from '../../connections/dto/create-connection.dto';
import { FetException } from '../errors/fet.exception';
import { toFetException } from './validation-exception.factory';
import { useHostRuleContainer } from '../../../test/support/host-rule-container';

useHostRuleContainer();

const valid = {
  configName: 'prod-db',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'u',
  password: 'secret',
};

function check(body: Record<string, unknown>): FetException | undefined {
  const errors = validateSync(plainToInstance(CreateConnectionDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return errors.length > 0 ? toFetException(errors) : undefined;
}

describe('validation → one FET error in the spec’s order', () => {
  it('accepts a valid body', () => {
    expect(check(valid)).toBeUndefined();
  });

  it('ranks 0400 over everything and lists unexpected fields at any depth', () => {
    const error = check({
      ...valid,
      port: 'x',
      extra: 1,
      ssl: { mode: 'bogus', foo: 1 },
      metadata: { a: {} },
    });
    expect(error?.code).toBe('FET-0400');
    expect(Object.keys(error?.fields ?? {}).sort()).toEqual(['extra', 'ssl.foo']);
  });

  it('ranks 0402 next, naming each missing field (blank after trimming is missing)', () => {
    const error = check({
      ...valid,
      configName: '   ',
      host: undefined,
      port: 'x',
      metadata: { a: {} },
    });
    expect(error?.code).toBe('FET-0402');
    expect(Object.keys(error?.fields ?? {}).sort()).toEqual(['configName', 'host']);
  });

  it.each([
    [{ metadata: { a: { b: 1 } }, ssl: { mode: 'x' } }, 'FET-0410', 'metadata.a'],
    [{ metadata: { a: 'v'.repeat(2001) } }, 'FET-0411', 'metadata.a'],
    [{ metadata: { ['k'.repeat(101)]: 'v' } }, 'FET-0412', `metadata.${'k'.repeat(101)}`],
    [{ ssl: { mode: 'sometimes' }, host: '169.254.169.254' }, 'FET-0413', 'ssl.mode'],
    [{ ssl: { mode: 'require', ca: 'not a pem' } }, 'FET-0413', 'ssl.ca'],
    [{ host: '169.254.169.254', port: 0 }, 'FET-0414', 'host'],
    [{ port: '5432' }, 'FET-0001', 'port'],
    [{ port: 70000 }, 'FET-0001', 'port'],
    [{ host: 'user@evil:1/x' }, 'FET-0001', 'host'],
    [{ configName: 'ab' }, 'FET-0001', 'configName'],
    [{ type: 'postgresql' }, 'FET-0001', 'type'],
    [{ metadata: { a: 1 } }, 'FET-0001', 'metadata.a'],
    [
      { ssl: { ca: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----' } },
      'FET-0402',
      'ssl.mode',
    ],
  ])('%p → %s on %s', (patch, code, field) => {
    const error = check({ ...valid, ...patch });
    expect(error?.code).toBe(code);
    expect(error?.fields).toHaveProperty([field]);
  });
});
