import fc from 'fast-check';
import { Json, RawJson, objectOf } from './robustness-json';

/** The keys that must never reach a prototype. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const ENGINE_TYPES = ['POSTGRESQL', 'MYSQL', 'SQL_SERVER', 'ORACLE', 'MONGODB'] as const;
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;

/**
 * Loopback in every spelling a parser might accept, and `.invalid` names (RFC 6761: never
 * resolved). Nothing else is ever generated as a host, so no request can make the service resolve
 * or dial anything outside 127.0.0.0/8.
 */
const LOOPBACK_SPELLINGS = [
  '127.0.0.1',
  'localhost',
  'LOCALHOST',
  'localhost.',
  '::1',
  '[::1]',
  '0:0:0:0:0:0:0:1',
  '[0:0:0:0:0:0:0:1]',
  '::ffff:127.0.0.1',
  '[::ffff:127.0.0.1]',
  '::ffff:7f00:1',
  '127.1',
  '127.0.1',
  '0x7f.1',
  '0x7f000001',
  '2130706433',
  '017700000001',
  '0177.0.0.1',
  '127.000.000.001',
  '127.42.7.1',
  '127.255.255.254',
  '%31%32%37.0.0.1',
  '::1%lo',
  '127.0.0.1:5432',
  '[::1]:5432',
];
const LABEL = /^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/;

export const invalidName = fc
  .tuple(
    fc.array(fc.stringMatching(LABEL), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('.invalid', '.INVALID', '.invalid.'),
  )
  .map(([labels, suffix]) => labels.join('.') + suffix);

export const loopbackHost = fc.constantFrom(...LOOPBACK_SPELLINGS);

/** A host as a client might send it: loopback or `.invalid`, sometimes padded with blanks. */
export const hostValue: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(loopbackHost, invalidName), fc.constantFrom('', '', '', ' ', '\t', '  '))
  .map(([host, pad]) => `${pad}${host}${pad}`);

/** Numbers a JSON parser or a validator may trip on, spelled as sent. */
export const oddNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    ...[
      '-0',
      '0',
      '-1',
      '1e308',
      '-1e308',
      '1e400',
      '-1e400',
      '5e-324',
      '9007199254740992',
      '9007199254740993',
      '-9007199254740993',
    ].map((text) => new RawJson(text)),
    ...[
      '5432.0',
      '5432e0',
      '5432.5',
      '0.1',
      '1E3',
      '65535',
      '65536',
      '1e5',
      '123456789012345678901234567890',
    ].map((text) => new RawJson(text)),
    'NaN',
    'Infinity',
    '5432',
    ' 5432',
    '0x1538',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const CONTROL = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));

/** Strings that stress trimming, lengths, encodings and parsers (never used as a host). */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(CONTROL, { minLength: 1, maxLength: 5 }).map((chars) => chars.join('')),
  fc.constantFrom(
    '',
    ' ',
    '   ',
    '\t\n',
    '\u00a0',
    '\u2028',
    '\ufeff',
    '\u200b',
    '\ud800',
    'null',
    'undefined',
    '0',
    'true',
    '[::1]',
    '0x7f.1',
    '%00',
    // PostgreSQL's text and jsonb cannot hold it: a 500 on that store until the DTOs refused it.
    'a\u0000b',
    '../..',
    'a'.repeat(3),
    'é',
  ),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 101, max: 150_000 }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
);

/** Any JSON value of a wrong type for a scalar field (small and shallow). */
export const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, [], {}, [1], ['a'], objectOf([['a', 'b']])),
  oddNumber,
  fc.jsonValue({ maxDepth: 2 }).map((value) => value as Json),
);

/** A metadata key: ordinary, odd, long, or a prototype key. */
export const metadataKey: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-z][a-zA-Z0-9_.-]{0,15}$/),
  oddString.map((key) => key.slice(0, 120)),
  fc.constantFrom(...PROTOTYPE_KEYS, 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'),
);

/** Names of validate-schema: configNames, tables and fields are data, prototype keys included. */
export const dataName: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    'hasOwnProperty',
    'toString',
    'public.orders',
    'dbo.t',
    ' spaced ',
  ),
  oddString.map((name) => name.slice(0, 200)),
);

/** An X-Request-Id as clients send it: valid, too long, or with unsafe characters. */
export const requestIdHeader: fc.Arbitrary<string | string[] | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
  fc.stringMatching(/^[A-Za-z0-9._:-]{129,300}$/),
  fc.stringMatching(/^[A-Za-z0-9 <>"'/\\;,=é!]{1,40}$/),
  fc.constant<string[]>(['one-id', 'two-id']),
  fc.constant(''),
);

/** X-Product-Name: valid, odd, too long, given twice. */
export const productHeader: fc.Arbitrary<string | string[] | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('reports', ' Reports ', 'REPORTS') },
  fc.constant(undefined),
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,100}$/),
  fc.constantFrom('', '   ', 'a'.repeat(101), 'bad name', 'a,b', 'é', 'reports;', '../x', 'other'),
  fc.constant<string[]>(['reports', 'reports']),
);
