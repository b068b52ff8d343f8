import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { validateEnvironment } from '../src/config/validate-environment';

/**
 * Three places say what the service's variables default to: `.env.example`, the README's
 * configuration table and the code (validateEnvironment, the only reader of process.env). A
 * newcomer believes whichever they read first, so they must agree.
 */
const ROOT = join(__dirname, '..');

/** A documented default: a value, or unset (no value at all). */
type Default = { value: string } | 'unset';

interface EnvExampleEntry {
  default: Default;
  /** The value of a commented-out line: an example of the form, not a default. */
  example?: string;
}

/** `NAME=value` is a default (empty allowed); `# NAME=value` is unset, with an example. */
function readEnvExample(): Map<string, EnvExampleEntry> {
  const entries = new Map<string, EnvExampleEntry>();
  for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const [, commented, name, value] = match;
    entries.set(name, commented ? { default: 'unset', example: value } : { default: { value } });
  }
  return entries;
}

/** The rows of the README's `## Configuration` table: `` `NAME` `` | `` `value` ``, `empty` or `unset` | meaning. */
function readReadmeTable(): Map<string, Default | { unreadable: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration$([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const rows = new Map<string, Default | { unreadable: string }>();
  for (const [, name, cell] of section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]+) \|/gm)) {
    const text = cell.trim();
    const value = /^`([^`]*)`$/.exec(text)?.[1];
    rows.set(
      name,
      value !== undefined
        ? { value }
        : text === 'empty'
          ? { value: '' }
          : text === 'unset'
            ? 'unset'
            : { unreadable: text },
    );
  }
  return rows;
}

/** Every variable validateEnvironment reads, seen through a recording environment. */
function variablesTheCodeReads(): Set<string> {
  const read = new Set<string>();
  validateEnvironment(
    new Proxy(
      {},
      { get: (_target, name) => (typeof name === 'string' && read.add(name), undefined) },
    ),
  );
  return read;
}

/** Settings as path → leaf value. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return new Map([[path, value]]);
  return new Map(
    Object.entries(value).flatMap(([key, inner]) => [
      ...leaves(inner, path ? `${path}.${key}` : key),
    ]),
  );
}

function describeDefault(value: Default | { unreadable: string } | undefined): string {
  if (value === undefined) return 'absent';
  if (value === 'unset') return value;
  return 'value' in value ? JSON.stringify(value.value) : `unreadable default: ${value.unreadable}`;
}

describe('configuration defaults: .env.example, the README table and src/config agree', () => {
  const envExample = readEnvExample();
  const readme = readReadmeTable();
  const code = variablesTheCodeReads();
  const defaults = validateEnvironment({});

  it('name the same variables: every one the code reads, and no other', () => {
    const sorted = (names: Iterable<string>) => [...names].sort();
    expect({ '.env.example': sorted(envExample.keys()), README: sorted(readme.keys()) }).toEqual({
      '.env.example': sorted(code),
      README: sorted(code),
    });
  });

  it('give each variable the same default in .env.example and the README', () => {
    const disagreements = [...code]
      .filter((name) => !isDeepStrictEqual(envExample.get(name)?.default, readme.get(name)))
      .map(
        (name) =>
          `${name}: .env.example ${describeDefault(envExample.get(name)?.default)}, README ${describeDefault(readme.get(name))}`,
      );
    expect(disagreements).toEqual([]);
  });

  it('a documented default is the code default: setting it changes no setting', () => {
    const disagreements: string[] = [];
    for (const [name, entry] of envExample) {
      if (entry.default === 'unset') continue;
      const settings = validateEnvironment({ [name]: entry.default.value });
      if (!isDeepStrictEqual(settings, defaults))
        disagreements.push(
          `${name}=${entry.default.value} changes the settings, so the code's default differs`,
        );
    }
    expect(disagreements).toEqual([]);
  });

  it('a variable documented as unset has no code default, and its example in .env.example is accepted', () => {
    const disagreements: string[] = [];
    const before = leaves(defaults);
    for (const [name, entry] of envExample) {
      if (entry.default !== 'unset') continue;
      if (!entry.example) {
        disagreements.push(`${name}: the commented line shows no example value`);
        continue;
      }
      let changed: Array<[string, unknown]>;
      try {
        changed = [...leaves(validateEnvironment({ [name]: entry.example }))].filter(
          ([path, value]) => !isDeepStrictEqual(before.get(path), value),
        );
      } catch (error) {
        disagreements.push(
          `${name}=${entry.example} is refused: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      if (changed.length === 0)
        disagreements.push(
          `${name}=${entry.example} changes nothing: the example is the code's default`,
        );
      for (const [path] of changed) {
        const value = before.get(path);
        if (value !== undefined && value !== false)
          disagreements.push(
            `${name} is documented as unset, but ${path} defaults to ${JSON.stringify(value)}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });
});
