import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CloneConnectionDto } from '../../connections/dto/clone-connection.dto';
import { CreateConnectionDto } from '../../connections/dto/create-connection.dto';
import { TestConnectionDto } from '../../connections/dto/test-connection.dto';
import { UpdateConnectionDto } from '../../connections/dto/update-connection.dto';
import { RuleCheck } from './rule-check';
import { ForbiddenLiterals, METADATA_ADDRESS, useHostRuleContainer } from '../../../test/support/host-rule-container';

useHostRuleContainer(new ForbiddenLiterals([METADATA_ADDRESS, '10.1.2.3'], [METADATA_ADDRESS]));

/** The global pipe's options (FetValidationPipe). */
const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
};

const FINGERPRINT = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEbV\n-----END CERTIFICATE-----\n';
const TUNNEL = { host: 'bastion.example.com', port: 22, userName: 'jump', password: 'pw', hostKeyFingerprint: FINGERPRINT };
const CREATE = {
  configName: 'prod-db',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'u',
  password: 'secret',
  schema: 'public',
  ssl: { mode: 'require', ca: PEM },
  metadata: { team: 'data', env: 'prod' },
};

/** Values that break one rule or another, tried in every place. */
const ODD_VALUES: unknown[] = [
  undefined, null, '', '  ', 'x', 'a\u0000b', 'a'.repeat(2001), 0, -1, 70000, 1.5, '5432', true, [], ['a'], {},
  { mode: 'require' }, { mode: 'bogus' }, { a: 'b' }, { a: {} }, '169.254.169.254', '10.1.2.3', 'bad host!', PEM,
  { ...TUNNEL }, { ...TUNNEL, host: '169.254.169.254' }, { ...TUNNEL, extra: 1 }, { ...TUNNEL, password: undefined },
  { ...TUNNEL, privateKey: 'k', password: 'p' }, new Date(0),
];

/** `base`, then every property replaced by (or missing, or added as) each odd value, plus an unexpected one. */
function variants(base: Record<string, unknown>, extraKeys: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [base, {}, { ...base, extra: 1 }];
  for (const key of [...Object.keys(base), ...extraKeys]) {
    const without = { ...base };
    delete without[key];
    out.push(without);
    for (const value of ODD_VALUES) out.push({ ...base, [key]: value });
  }
  return out;
}

async function verdicts(type: new () => object, bodies: Record<string, unknown>[]) {
  const check = new RuleCheck();
  let valid = 0;
  for (const body of bodies) {
    const errors = await validate(plainToInstance(type, structuredClone(body)), OPTIONS);
    const passes = await check.passes(plainToInstance(type, structuredClone(body)));
    expect({ body, passes }).toEqual({ body, passes: errors.length === 0 });
    if (passes) valid++;
  }
  return valid;
}

describe('RuleCheck: valid exactly when class-validator finds nothing', () => {
  it('create bodies (and bodies with a tunnel)', async () => {
    const plain = variants(CREATE, ['sshTunnel']);
    const tunnelled = variants({ ...CREATE, host: '10.1.2.3', sshTunnel: TUNNEL }, []);
    expect(await verdicts(CreateConnectionDto, [...plain, ...tunnelled])).toBeGreaterThan(20);
  });

  it('update, clone and test bodies', async () => {
    const update = { configName: 'renamed', host: 'db2.example.com', port: 5433, ssl: null, metadata: { a: 'b' } };
    expect(await verdicts(UpdateConnectionDto, variants(update, ['sshTunnel', 'password', 'type']))).toBeGreaterThan(5);
    expect(await verdicts(CloneConnectionDto, variants({ configName: 'copy-1' }, ['password']))).toBeGreaterThan(0);
    expect(await verdicts(TestConnectionDto, variants(CREATE, ['sshTunnel']))).toBeGreaterThan(5);
  });

  it('leaves options it does not follow to class-validator', () => {
    expect(RuleCheck.follows(OPTIONS)).toBe(true);
    expect(RuleCheck.follows({ ...OPTIONS, groups: ['a'] })).toBe(false);
    expect(RuleCheck.follows({ ...OPTIONS, skipMissingProperties: true })).toBe(false);
    expect(RuleCheck.follows(undefined)).toBe(false);
  });

  it('answers false for an object of a class without rules', () => {
    class Bare {}
    expect(new RuleCheck().passes(new Bare())).toBe(false);
  });
});
