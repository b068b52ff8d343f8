import { LineCounter, parseDocument } from 'yaml';
import { EnvironmentVariables } from '../../config/environment-variables';
import { expandReferences, isSoleReference } from './environment-references';

/** One entry of the file's `connections` list, with every `${NAME}` replaced by its variable's value. */
export interface FileEntry {
  /** Its position in the list, from 0: how every problem names it (`connections[2].port`). */
  index: number;
  fields: Record<string, unknown>;
}

export interface ParsedFile {
  entries: FileEntry[];
  /** One line each. An entry with a reference that could not be expanded is not among `entries`. */
  problems: string[];
}

/** Fields whose value must be a `${NAME}` reference and nothing else (spec §3.15). */
const SECRET_FIELDS = [
  ['password'],
  ['ssl', 'key'],
  ['sshTunnel', 'privateKey'],
  ['sshTunnel', 'passphrase'],
  ['sshTunnel', 'password'],
] as const;

/** A YAML file can nest aliases; more than this many is refused (a "billion laughs" file). */
const MAX_ALIASES = 100;

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

const fieldPath = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Parses the provisioning file (YAML 1.2 core schema; JSON is YAML) and expands its `${NAME}`
 * references. No problem ever quotes the file: a YAML error is named by its line, column and
 * kind only, since the line could hold a secret.
 */
export function parseProvisioningFile(text: string, variables: EnvironmentVariables): ParsedFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
  });
  if (document.errors.length > 0) {
    const [error] = document.errors;
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return {
      entries: [],
      problems: [`not valid YAML or JSON at line ${line}, column ${col} (${error.code})`],
    };
  }
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    return { entries: [], problems: [`uses more than ${MAX_ALIASES} YAML aliases`] };
  }
  if (!isMapping(root))
    return { entries: [], problems: ['must be a mapping with a "connections" list'] };
  const unexpected = Object.keys(root).filter((key) => key !== 'connections');
  if (unexpected.length > 0) {
    return {
      entries: [],
      problems: unexpected.map(
        (key) => `${key}: is not an allowed field (the file holds "connections" only)`,
      ),
    };
  }
  if (!Array.isArray(root.connections))
    return { entries: [], problems: ['connections: must be a list'] };

  const parsed: ParsedFile = { entries: [], problems: [] };
  root.connections.forEach((item: unknown, index) => {
    const name = `connections[${index}]`;
    if (!isMapping(item)) {
      parsed.problems.push(`${name}: must be a mapping of the connection's fields`);
      return;
    }
    parsed.problems.push(...secretProblems(item, name));
    const unexpanded: string[] = [];
    const fields = expand(item, name, variables, unexpanded) as Record<string, unknown>;
    // An entry whose references could not all be expanded is not checked further: its rules would
    // judge a `${…}` text that is not its value.
    if (unexpanded.length > 0) parsed.problems.push(...unexpanded);
    else parsed.entries.push({ index, fields });
  });
  return parsed;
}

/** A secret written in clear in the file (anything but one `${NAME}`) fails the boot. */
function secretProblems(entry: Record<string, unknown>, name: string): string[] {
  const problems: string[] = [];
  for (const path of SECRET_FIELDS) {
    let value: unknown = entry;
    for (const key of path)
      value = isMapping(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    if (value !== undefined && value !== null && !isSoleReference(value)) {
      problems.push(
        `${name}.${path.join('.')}: must be a \${ENV_NAME} reference (a secret is read from the environment, never written in the file)`,
      );
    }
  }
  return problems;
}

/** A copy of `value` with every string expanded; keys are kept as own data properties (`__proto__` included). */
function expand(
  value: unknown,
  path: string,
  variables: EnvironmentVariables,
  problems: string[],
): unknown {
  if (typeof value === 'string') {
    const expansion = expandReferences(value, variables);
    if ('problem' in expansion) {
      problems.push(`${path}: ${expansion.problem}`);
      return value;
    }
    return expansion.value;
  }
  if (Array.isArray(value))
    return value.map((item: unknown, index) =>
      expand(item, fieldPath(path, index), variables, problems),
    );
  if (isMapping(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        expand(item, fieldPath(path, key), variables, problems),
      ]),
    );
  }
  return value;
}
