import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ContractViolation, describeAnswer } from './robustness-checks';
import { Answer } from './robustness-http';
import { Probe, describeProbe, probe as described } from './robustness-probe';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Values of a connection that are its data (timestamps, type, port and ssl mode are not: they repeat). */
const DATA_FIELDS = ['configName', 'host', 'databaseName', 'userName', 'schema', 'productName'];
/** Shorter values are too common to tell organizations apart ("app", "sales", "dbo", ""). */
const MIN_VALUE_LENGTH = 6;

/** The `{id}` of a by-id route, as the service reads it (lower-cased). */
export const idOf = (probe: Probe): string | undefined =>
  probe.path.split('?')[0].split('/')[4]?.toLowerCase();

function stringLeaves(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, into);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) stringLeaves(item, into);
  return into;
}

/** Everything the request itself said (lower-cased): an answer may repeat it without leaking anything. */
function requestTexts(probe: Probe): string[] {
  const texts = [probe.path, ...probe.headers.map(([, value]) => value)];
  try {
    texts.push(decodeURIComponent(probe.path));
  } catch {
    // not valid %-encoding: the raw path is all there is
  }
  if (probe.body !== undefined) {
    const text = Buffer.isBuffer(probe.body) ? probe.body.toString('utf8') : probe.body;
    texts.push(text);
    try {
      const parsed = JSON.parse(text) as unknown;
      const keys: string[] = [];
      JSON.stringify(parsed, (key: string, value: unknown) => (keys.push(key), value));
      const leaves = stringLeaves(parsed);
      texts.push(...leaves, ...keys);
      // A value may travel %-encoded inside another (an import's URI): it is said too, decoded.
      for (const leaf of leaves.filter((item) => item.includes('%'))) {
        try {
          texts.push(decodeURIComponent(leaf));
        } catch {
          // not valid %-encoding: the leaf as it is
        }
      }
    } catch {
      // not JSON: its text is all there is
    }
  }
  return texts.map((text) => text.toLowerCase());
}

function fail(why: string, probe: Probe, answer: Answer): never {
  throw new ContractViolation(
    `${why}\n  request: ${describeProbe(probe)}\n  answer: ${describeAnswer(answer)}`,
  );
}

/**
 * Which organization owns which connection, and which values its connections hold or held, as the
 * service's own answers to that organization said. The oracle: an answer to organization X (or to
 * a request that speaks for none) never holds the id of a connection of another organization —
 * anywhere in its body or headers, even when the request named it — nor, in its body, a value
 * (configName, host, database, user, schema, product, metadata value) that only other
 * organizations' connections hold, unless the request itself said it or it is part of one of X's
 * own values.
 */
export class Tenancy {
  private readonly owners = new Map<string, string>();
  /** Lower-cased value → the organizations whose connections hold or held it. */
  private readonly holders = new Map<string, Set<string>>();

  /** Records a connection as `organization`'s, with its values (an answer that passed every check). */
  own(organization: string, connection: unknown): void {
    if (connection === null || typeof connection !== 'object') return;
    const record = connection as Record<string, unknown>;
    if (typeof record.id === 'string') this.owners.set(record.id.toLowerCase(), organization);
    const metadata = record.metadata;
    const values = [
      ...DATA_FIELDS.map((field) => record[field]),
      ...(metadata !== null && typeof metadata === 'object' ? Object.values(metadata) : []),
    ];
    for (const value of values) {
      if (typeof value !== 'string' || value.trim().length < MIN_VALUE_LENGTH) continue;
      const key = value.toLowerCase();
      const set = this.holders.get(key) ?? new Set<string>();
      set.add(organization);
      this.holders.set(key, set);
    }
  }

  ownerOf(id: string): string | undefined {
    return this.owners.get(id.toLowerCase());
  }

  /** The leak oracle for one answer; `organization` undefined: the request speaks for none. */
  check(probe: Probe, answer: Answer, organization: string | undefined): void {
    // The request id is the client's own text, echoed.
    const headers = Object.entries(answer.headers).filter(([name]) => name !== 'x-request-id');
    for (const id of `${JSON.stringify(headers)}\n${answer.text}`.match(UUID) ?? []) {
      const owner = this.ownerOf(id);
      if (owner !== undefined && owner !== organization)
        fail(
          `the answer to ${organization ?? 'no organization'} holds ${id}, a connection of ${owner}`,
          probe,
          answer,
        );
    }
    const leaves = (
      answer.json === undefined ? answer.text : stringLeaves(answer.json).join('\u0000')
    ).toLowerCase();
    let excused: string[] | undefined;
    for (const [value, holders] of this.holders) {
      if (organization !== undefined && holders.has(organization)) continue;
      if (!leaves.includes(value)) continue;
      // Not a leak when the request said it, or when it is part of a value the caller holds.
      excused ??= [...requestTexts(probe), ...this.valuesOf(organization)];
      if (excused.some((text) => text.includes(value))) continue;
      fail(
        `the answer to ${organization ?? 'no organization'} holds ${JSON.stringify(value)}, a value only ${[...holders].join(', ')} hold`,
        probe,
        answer,
      );
    }
  }

  private valuesOf(organization: string | undefined): string[] {
    return [...this.holders]
      .filter(([, holders]) => organization !== undefined && holders.has(organization))
      .map(([value]) => value);
  }

  /** Records what a 2xx answer showed `organization` of its own connections. */
  learn(organization: string, answer: Answer): void {
    if (answer.status >= 300 || answer.json === null || typeof answer.json !== 'object') return;
    const body = answer.json as { items?: unknown };
    if (Array.isArray(body.items)) for (const item of body.items) this.own(organization, item);
    else if ('id' in body && 'configName' in body) this.own(organization, body);
  }

  /**
   * For a request of `organization` to a by-id route of another organization's connection: the
   * same request to an id nobody has. Its answer must be exactly the same (no existence leak).
   */
  unknownTwin(probe: Probe, organization: string | undefined): Probe | undefined {
    const id = idOf(probe);
    const owner = id === undefined ? undefined : this.ownerOf(id);
    if (organization === undefined || owner === undefined || owner === organization)
      return undefined;
    const [path, query] = probe.path.split(/\?(.*)/s);
    const segments = String(path).split('/');
    const unknown = randomUUID();
    segments[4] = segments[4] === segments[4]?.toUpperCase() ? unknown.toUpperCase() : unknown;
    return described({
      ...probe,
      path: `${segments.join('/')}${query === undefined ? '' : `?${query}`}`,
      fixture: undefined,
      expected: undefined,
      expectedGiven: undefined,
    });
  }
}

const COMPARED_HEADERS = ['allow', 'etag', 'retry-after', 'www-authenticate', 'content-type'];

/** Another organization's connection answers exactly like an id nobody has. */
export function checkSameAsUnknown(
  probe: Probe,
  answer: Answer,
  twin: Probe,
  twinAnswer: Answer,
): void {
  const shape = (of: Answer) => ({
    status: of.status,
    body: of.json ?? of.text,
    headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, of.headers[name]])),
  });
  if (!isDeepStrictEqual(shape(answer), shape(twinAnswer))) {
    throw new ContractViolation(
      `another organization's connection is answered unlike an unknown id\n  request: ${describeProbe(probe)}\n  answer: ${describeAnswer(answer)}\n  same request to ${twin.path.slice(0, 120)}: ${describeAnswer(twinAnswer)}`,
    );
  }
}
