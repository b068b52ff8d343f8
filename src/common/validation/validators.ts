import { isIPv4, isIPv6 } from 'node:net';
import { Transform } from 'class-transformer';
import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';
import { fet } from './fet-context';

function rule(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });
}

/** Trims strings (spec §2: every string field but the password, PEMs and metadata values). */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Required: absent, null or blank (after trimming) is missing → FET-0402. */
export const IsPresent = (message = 'is required') =>
  rule(
    'isPresent',
    (value) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === ''),
    message,
    fet(FetErrorCode.MissingFields),
  );

/** Optional in a PATCH: absent skips the rules, but an explicit null still has to pass them. */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

export const IsPlainObject = (options?: ValidationOptions) =>
  rule(
    'isPlainObject',
    (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
    'must be a JSON object',
    options,
  );

/** `[::1]` → `::1`: the bracketed form of an IPv6 literal, as URLs write it; anything else unchanged. */
export function unbracketHost(value: string): string {
  const inner = /^\[([^[\]]+)\]$/.exec(value)?.[1];
  return inner !== undefined && isIPv6(inner) ? inner : value;
}

/** Host fields: trimmed, and an IPv6 literal taken without its brackets (spec §2). */
export const TrimHost = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? unbracketHost(value.trim()) : value));

const LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** RFC 1123 host name, IPv4 or IPv6 literal (no ports, paths, credentials or brackets). */
export function isHostName(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) return false;
  if (isIPv4(value)) return true;
  if (value.includes(':')) return isIPv6(value) && !value.includes('%');
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length > 0 && name.split('.').every((label) => LABEL.test(label));
}

/** PostgreSQL's text and jsonb cannot hold U+0000: refused on every store alike (spec §2: a clear error, never a 500). */
export function hasNoNul(value: unknown): boolean {
  return typeof value !== 'string' || !value.includes('\u0000');
}

export const HasNoNul = () => rule('hasNoNul', hasNoNul, 'must not contain the NUL character (U+0000)');

export const IsHostName = () =>
  rule('isHostName', isHostName, 'must be a host name (RFC 1123), an IPv4 or an IPv6 address');

const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]+?\r?\n-----END \1-----\s*$/;
export const PEM_MAX_BYTES = 64 * 1024;

export function isPem(value: unknown): boolean {
  return (
    typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= PEM_MAX_BYTES && hasNoNul(value) && PEM.test(value.trim())
  );
}

export const IsPem = () =>
  rule('isPem', isPem, 'must be a PEM string of at most 64 KiB', fet(FetErrorCode.InvalidSslConfiguration));
