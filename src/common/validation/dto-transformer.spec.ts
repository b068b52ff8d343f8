import { ValidationPipe } from '@nestjs/common';
import { Expose, Transform, Type, plainToInstance } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { CloneConnectionDto } from '../../connections/dto/clone-connection.dto';
import { CreateConnectionDto } from '../../connections/dto/create-connection.dto';
import { ImportConnectionDto } from '../../connections/dto/import-connection.dto';
import { SshTunnelDto } from '../../connections/dto/ssh-tunnel.dto';
import { SslDto } from '../../connections/dto/ssl.dto';
import { TestConnectionDto } from '../../connections/dto/test-connection.dto';
import { UpdateConnectionDto } from '../../connections/dto/update-connection.dto';
import { FetException } from '../errors/fet.exception';
import { DtoTransformer } from './dto-transformer';
import { FetValidationPipe } from './fet-validation.pipe';
import { isJsonTree } from './json-tree';
import { useHostRuleContainer } from '../../../test/support/host-rule-container';

useHostRuleContainer();

const FINGERPRINT = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEbV\n-----END CERTIFICATE-----\n';
const TUNNEL = { host: ' [::1] ', port: 22, userName: ' jump ', password: 'pw', hostKeyFingerprint: FINGERPRINT };
const CREATE = {
  configName: ' prod-db ',
  type: 'POSTGRESQL',
  host: ' [2001:db8::1] ',
  port: 5432,
  databaseName: ' app ',
  userName: 'u',
  password: ' secret ',
  schema: 'public',
  ssl: { mode: ' require ', ca: PEM },
  metadata: { team: ' data ', env: 'prod' },
};

/** JSON values that class-transformer treats in every way it can treat one, tried in every place. */
const ODD_VALUES: unknown[] = [
  null, '', '  ', ' x ', '[::1]', 'a\u0000b', 0, -1, 70000, 1.5, '5432', true, false, [], ['a', ' b '], [{ mode: 'require' }],
  [[1, { a: ' b ' }]], {}, { mode: 'require' }, { mode: ' bogus ', extra: 1 }, { a: 'b' }, { a: { b: [1, { c: 'd' }] } },
  { toString: 'x', valueOf: 1, hasOwnProperty: 'y', isPrototypeOf: {}, then: 'z', a: 'kept' }, { ...TUNNEL },
  { ...TUNNEL, extra: { deep: [1] } }, { ...TUNNEL, privateKey: PEM, password: null }, [{ ...TUNNEL }],
];

/** `base`, then every property replaced by (or missing, or added as) each odd value, plus unexpected ones. */
function variants(base: Record<string, unknown>, extraKeys: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [base, {}, { ...base, extra: 1 }, { ...base, toString: 'x' }, { ...base, then: 'y' }];
  for (const key of [...Object.keys(base), ...extraKeys]) {
    const without = { ...base };
    delete without[key];
    out.push(without);
    for (const value of ODD_VALUES) out.push({ ...base, [key]: value });
  }
  // As the store of a request would hand them: parsed from JSON text.
  return out.map((body) => JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
}

const BODIES: [new () => object, Record<string, unknown>[]][] = [
  [CreateConnectionDto, [...variants(CREATE, ['sshTunnel']), ...variants({ ...CREATE, sshTunnel: TUNNEL }, [])]],
  [UpdateConnectionDto, variants({ configName: ' renamed ', host: 'db2', port: 5433, ssl: null, metadata: { a: 'b' } }, ['sshTunnel', 'password', 'type'])],
  [CloneConnectionDto, variants({ configName: ' copy-1 ' }, ['password', 'host'])],
  [TestConnectionDto, variants(CREATE, ['sshTunnel'])],
  [ImportConnectionDto, variants({ configName: ' imported ', uri: ' postgres://u:p@h/db ' }, ['schema', 'sshTunnel', 'ssl', 'metadata', 'password'])],
  [SslDto, variants({ mode: ' verify-ca ', ca: PEM, cert: PEM, key: PEM }, [])],
  [SshTunnelDto, variants(TUNNEL, ['privateKey', 'passphrase'])],
];

/** A fresh copy as JSON.parse makes it (structuredClone would make objects of Node's realm, not Jest's). */
const copy = <T>(body: T): T => JSON.parse(JSON.stringify(body)) as T;

/** Where `a` and `b` differ (prototype, own keys in order, values), or `undefined` when they are the same. */
function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototype`;
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path}: keys ${keysA.join()} vs ${keysB.join()}`;
  for (const key of keysA) {
    const found = difference((a as Record<string | symbol, unknown>)[key], (b as Record<string | symbol, unknown>)[key], `${path}.${String(key)}`);
    if (found) return found;
  }
  return undefined;
}

describe('DtoTransformer: what class-transformer makes, or nothing', () => {
  it('makes what plainToInstance makes of every body of every body class, and follows the valid ones', () => {
    const transformer = new DtoTransformer();
    for (const [type, bodies] of BODIES) {
      let followed = 0;
      for (const body of bodies) {
        const made = transformer.toInstance(type, copy(body));
        if (made === undefined) continue;
        followed++;
        const expected = plainToInstance(type, copy(body));
        expect({ type: type.name, body, difference: difference(made, expected) }).toEqual({ type: type.name, body, difference: undefined });
      }
      // Every body without an unexpected key is followed (the first variant is the valid base).
      expect({ type: type.name, base: transformer.toInstance(type, copy(bodies[0])) !== undefined }).toEqual({ type: type.name, base: true });
      // Only bodies with a key the class does not name (a third to two thirds of these) are left.
      expect(followed).toBeGreaterThan(bodies.length / 3);
    }
  });

  it('leaves to class-transformer a key the class does not name, and what it does not follow', () => {
    class Exposed {
      @Expose({ name: 'other' })
      @IsString()
      name: string;
    }
    class Dated {
      @Type(() => Date)
      @IsOptional()
      at?: Date;
    }
    class Grouped {
      @Transform(({ value }: { value: unknown }) => `${String(value)}!`, { groups: ['a'] })
      @IsString()
      name: string;
    }
    const transformer = new DtoTransformer();
    expect(transformer.toInstance(CreateConnectionDto, { ...CREATE, extra: 1 })).toBeUndefined();
    expect(transformer.toInstance(Exposed, { other: 'x' })).toBeUndefined();
    expect(transformer.toInstance(Dated, { at: '2026-01-01' })).toBeUndefined();
    // A transformation with groups does not run without groups, as in class-transformer.
    const grouped = transformer.toInstance(Grouped, { name: 'x' });
    expect(grouped).toBeInstanceOf(Grouped);
    expect(difference(grouped, plainToInstance(Grouped, { name: 'x' }))).toBeUndefined();
    expect(DtoTransformer.follows(undefined)).toBe(true);
    expect(DtoTransformer.follows({ excludeExtraneousValues: true })).toBe(false);
  });
});

describe('isJsonTree', () => {
  it('is true of what JSON.parse makes', () => {
    for (const [, bodies] of BODIES) for (const body of bodies) expect(isJsonTree(body)).toBe(true);
  });

  it('is false of anything Nest\'s walks could find something in', () => {
    const sparse: unknown[] = [];
    sparse[2] = 'a';
    const named = Object.assign(['a'], { extra: 1 });
    const deep = JSON.parse(`${'{"a":'.repeat(70)}1${'}'.repeat(70)}`) as unknown;
    for (const value of [
      JSON.parse('{"a":{"__proto__":{"polluted":true}}}'),
      JSON.parse('{"metadata":{"constructor":{"prototype":{}}}}'),
      JSON.parse('{"list":[{"prototype":1}]}'),
      { a: sparse },
      { a: named },
      { a: new Date(0) },
      { a: Buffer.from('x') },
      { a: new Uint8Array(1) },
      { a: new (class Thing {})() },
      { a: NaN },
      { a: undefined },
      Object.create(null) as object,
      ['a'],
      'a',
      null,
      deep,
    ]) {
      expect(isJsonTree(value)).toBe(false);
    }
  });
});

describe('FetValidationPipe on JSON bodies: what Nest\'s own transform gives', () => {
  it('the same instance or the same FET error, body by body', async () => {
    const pipe = new FetValidationPipe();
    const outcome = async (run: () => Promise<unknown>) => {
      try {
        return { instance: await run() };
      } catch (error) {
        if (!(error instanceof FetException)) throw error;
        return { code: error.code, message: error.message, fields: error.fields };
      }
    };
    let accepted = 0;
    for (const [type, bodies] of BODIES) {
      const metadata = { type: 'body' as const, metatype: type, data: undefined };
      for (const body of bodies) {
        expect(isJsonTree(copy(body))).toBe(true);
        const fast = await outcome(() => pipe.transform(copy(body), metadata));
        const nest = await outcome(() => ValidationPipe.prototype.transform.call(pipe, copy(body), metadata) as Promise<unknown>);
        if ('instance' in fast && 'instance' in nest) {
          accepted++;
          expect({ body, difference: difference(fast.instance, nest.instance) }).toEqual({ body, difference: undefined });
        } else {
          expect({ body, outcome: fast }).toEqual({ body, outcome: nest });
        }
      }
    }
    expect(accepted).toBeGreaterThan(30);
  });
});

describe('FetValidationPipe on custom parameters', () => {
  it('hands the value on as Nest\'s own transform does, whatever its declared type', async () => {
    const pipe = new FetValidationPipe();
    const audit = { actor: 'anonymous', requestId: 'r-1' };
    for (const [value, metatype] of [
      ['default', String],
      [audit, Object],
      [audit, CreateConnectionDto],
      [undefined, String],
      [{ __proto__: 'x' }, SslDto],
    ] as const) {
      const metadata = { type: 'custom' as const, metatype, data: undefined };
      const nest = (await ValidationPipe.prototype.transform.call(pipe, value, metadata)) as unknown;
      expect(await pipe.transform(value, metadata)).toBe(nest);
      expect(nest).toBe(value);
    }
  });
});
