import fc from 'fast-check';
import { BASE } from './robustness-probe';

/** A request written byte for byte on a socket, and what the HTTP server itself must answer. */
export interface RawProbe {
  text: string;
  /** Status and code the contract fixes; undefined = any answer, but with a FET body and a request id. */
  expected?: { status: number; code: string };
  why: string;
}

const CLOSE = 'Connection: close\r\n';
const get = (target: string, headers = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}${CLOSE}\r\n`;
const post = (headers: string, body: string) =>
  `POST ${BASE} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Product-Name: reports\r\nContent-Type: application/json\r\n${headers}${CLOSE}\r\n${body}`;

const tooLarge =
  (why: string) =>
  (text: string): RawProbe => ({ text, expected: { status: 431, code: 'FET-0417' }, why });
const malformed = (why: string, text: string): RawProbe => ({
  text,
  expected: { status: 400, code: 'FET-0001' },
  why,
});

/** Requests that stop half-way: the server's request timeout (shortened by the suite) answers. */
const stalled = fc.constantFrom<RawProbe>(
  {
    text: `GET ${BASE} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: slow`,
    expected: { status: 408, code: 'FET-0007' },
    why: 'headers that never end',
  },
  {
    text: post('Content-Length: 100\r\n', '{"configName":'),
    expected: { status: 408, code: 'FET-0007' },
    why: 'a body that stops after 14 of its 100 bytes',
  },
);

/** URLs and header sections over Node's 16 KiB, and requests the HTTP parser refuses. */
const immediate: fc.Arbitrary<RawProbe> = fc.oneof(
  fc
    .integer({ min: 17_000, max: 80_000 })
    .map((n) => tooLarge(`a ${n}-character query`)(get(`${BASE}?configName=${'a'.repeat(n)}`))),
  fc
    .integer({ min: 17_000, max: 80_000 })
    .map((n) => tooLarge(`a ${n}-character path`)(get(`${BASE}/${'a'.repeat(n)}`))),
  fc
    .integer({ min: 17_000, max: 80_000 })
    .map((n) => tooLarge(`a ${n}-character header`)(get(BASE, `X-Big: ${'b'.repeat(n)}\r\n`))),
  fc
    .integer({ min: 17_000, max: 80_000 })
    .map((n) =>
      tooLarge(`a ${n}-character X-Request-Id`)(get(BASE, `X-Request-Id: ${'c'.repeat(n)}\r\n`)),
    ),
  fc
    .integer({ min: 300, max: 1500 })
    .map((n) =>
      tooLarge(`${n} headers of 60 characters`)(
        get(BASE, Array.from({ length: n }, (_v, i) => `X-H${i}: ${'d'.repeat(55)}\r\n`).join('')),
      ),
    ),
  fc.constantFrom(
    malformed('no Host header', `GET ${BASE} HTTP/1.1\r\n${CLOSE}\r\n`),
    malformed('a request line of garbage', 'GARBAGE\r\n\r\n'),
    malformed('a header without a colon', get(BASE, 'BadHeader\r\n')),
    malformed('a space in a header name', get(BASE, 'Bad Header: x\r\n')),
    malformed('a NUL in a header value', get(BASE, 'X-Product-Name: a\u0000b\r\n')),
    malformed('a Content-Length that is not a number', post('Content-Length: abc\r\n', '{}')),
    malformed(
      'Content-Length and Transfer-Encoding together',
      post('Content-Length: 3\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'),
    ),
    malformed(
      'two different Content-Lengths',
      post('Content-Length: 1\r\nContent-Length: 2\r\n', 'ab'),
    ),
    malformed(
      'a chunk size that is not hex',
      post('Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n'),
    ),
    malformed('HTTP/9.9', `GET ${BASE} HTTP/9.9\r\nHost: 127.0.0.1\r\n${CLOSE}\r\n`),
    malformed('a method with an @', `G@T ${BASE} HTTP/1.1\r\nHost: 127.0.0.1\r\n${CLOSE}\r\n`),
    malformed('no request target', `GET  HTTP/1.1\r\nHost: 127.0.0.1\r\n${CLOSE}\r\n`),
    malformed('an obsolete folded header', get(BASE, 'X-Product-Name: a\r\n b\r\n')),
    malformed(
      'bare LF line endings',
      `GET ${BASE} HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n`,
    ),
  ),
  fc.constantFrom<RawProbe>(
    { text: get(BASE, 'Expect: something-else\r\n'), why: 'an Expect the server cannot meet' },
    { text: `GET ${BASE} HTTP/1.0\r\n\r\n`, why: 'HTTP/1.0 without Host' },
    {
      text: `GET ${BASE} HTTP/2.0\r\nHost: 127.0.0.1\r\n${CLOSE}\r\n`,
      why: 'HTTP/2.0 on a 1.1 connection',
    },
    { text: get(`http://127.0.0.1${BASE}`), why: 'an absolute-form target' },
    {
      text: `OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n${CLOSE}\r\n`,
      why: 'an asterisk-form target',
    },
  ),
);

/** Mostly immediate refusals; rarely (each waits for the timeout) a request that stops half-way. */
export const rawProbe: fc.Arbitrary<RawProbe> = fc.oneof(
  { weight: 1, arbitrary: stalled },
  { weight: 35, arbitrary: immediate },
);
