import { CapturedResponse } from './captured-response';
import { requestPath } from './contract-document';
import { Violation } from './response-check';

const BASE = '/v1/management/connections';
const ID = '([0-9a-fA-F-]{36})';
const CREATED = new RegExp(`^${BASE}(/import)?/?$`);
const UPDATED = new RegExp(`^${BASE}/${ID}/?$`);
const CLONED = new RegExp(`^${BASE}/${ID}/clone/?$`);
const HISTORY = new RegExp(`^${BASE}/${ID}/history/?$`);

/** Where a request body carries a secret (spec §1, §5.1). */
const SECRET_PATHS = ['password', 'ssl.key', 'sshTunnel.privateKey', 'sshTunnel.passphrase', 'sshTunnel.password'];
/** Shorter secrets (`p`, `pw`) occur in any text by chance: they are not looked for. */
export const MIN_SECRET_LENGTH = 8;
/** A value as SecretCipher seals it, and a PEM block: never in a history answer, whoever's. */
const SEALED = /v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/;
const PEM = /-----BEGIN [A-Z ]+-----/;

interface Known {
  /** Secrets sent for the connection in a request the service accepted. */
  secrets: Set<string>;
  /** Every other text sent for it (values and keys, also trimmed and lower-cased): what its history may show. */
  shown: Set<string>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The password in a connection URI (`user:pw@`, or JDBC's `password=`), percent-decoded. */
function uriPassword(uri: string): string | undefined {
  const jdbc = /(?:^|[;?&])password=([^;&]*)/i.exec(uri)?.[1];
  let password = jdbc;
  if (password === undefined) {
    try {
      password = new URL(uri).password;
    } catch {
      return undefined;
    }
  }
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

/** Every string of `value` (object keys too), but those under `skip`, by dotted path. */
function strings(value: unknown, skip: (path: string) => boolean, path = '', into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, skip, path, into);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (skip(at)) continue;
      into.push(key);
      strings(item, skip, at, into);
    }
  }
  return into;
}

function read(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), value);
}

function json(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The masking oracle of the e2e run: no history answer holds a secret. It learns, from every
 * request the service accepted (a create, an import, a PATCH, a clone), the secrets sent for each
 * connection (password, ssl.key, the SSH tunnel's, the password in an import URI) and every other
 * text sent for it; then every history answer (200) of that connection must hold none of those
 * secrets in any of its strings, unless the text was also sent for that connection as a value
 * that is shown (a password that is also its user name is shown as the user name). Whoever's the
 * connection, no history answer may hold a sealed value or a PEM block. Per process (each Jest
 * file has its own), so each suite's own secrets are looked for in its own answers.
 */
export class HistorySecrets {
  private readonly known = new Map<string, Known>();

  observe(response: CapturedResponse): Violation[] {
    const { method, url, status } = response;
    if (method === undefined || url === undefined) return [];
    const path = requestPath(url);
    const verb = method.toUpperCase();
    if (verb === 'GET' && status === 200) {
      const id = HISTORY.exec(path)?.[1];
      return id ? this.check(id.toLowerCase(), response) : [];
    }
    if (status < 200 || status >= 300) return [];
    const answered = () => {
      const body = json(response.body);
      return isObject(body) && typeof body.id === 'string' ? body.id.toLowerCase() : undefined;
    };
    if (verb === 'POST' && CREATED.test(path)) this.learn(answered(), response.requestBody);
    else if (verb === 'PATCH') this.learn(UPDATED.exec(path)?.[1]?.toLowerCase(), response.requestBody);
    else if (verb === 'POST') {
      // A clone holds its source's secrets (opened and sealed again under the new id).
      const source = CLONED.exec(path)?.[1]?.toLowerCase();
      const clone = source && answered();
      if (source && clone) {
        const from = this.entry(source);
        const to = this.entry(clone);
        for (const secret of from.secrets) to.secrets.add(secret);
        for (const text of from.shown) to.shown.add(text);
        this.learn(clone, response.requestBody);
      }
    }
    return [];
  }

  private entry(id: string): Known {
    let known = this.known.get(id);
    if (!known) {
      known = { secrets: new Set(), shown: new Set() };
      this.known.set(id, known);
    }
    return known;
  }

  private learn(id: string | undefined, body: unknown): void {
    if (id === undefined || !isObject(body)) return;
    const known = this.entry(id);
    const secrets = SECRET_PATHS.map((path) => read(body, path));
    if (typeof body.uri === 'string') secrets.push(uriPassword(body.uri));
    for (const secret of secrets) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) known.secrets.add(secret);
    }
    for (const text of strings(body, (path) => SECRET_PATHS.includes(path) || path === 'uri')) {
      for (const variant of [text, text.trim(), text.trim().toLowerCase()]) known.shown.add(variant);
    }
  }

  private check(id: string, response: CapturedResponse): Violation[] {
    const violation = (problem: string, kind: string): Violation => ({
      method: 'GET',
      url: response.url ?? '',
      status: response.status,
      operation: `GET ${BASE}/{id}/history`,
      source: 'history secrets',
      problem,
      kind,
    });
    const text = response.body.toString('utf8');
    const found: Violation[] = [];
    if (SEALED.test(text)) found.push(violation('the history answer holds a sealed value', 'a sealed value'));
    if (PEM.test(text)) found.push(violation('the history answer holds a PEM block', 'a PEM block'));
    const known = this.known.get(id);
    if (!known || known.secrets.size === 0) return found;
    const secrets = [...known.secrets].filter((secret) => !known.shown.has(secret));
    const leaks = strings(json(response.body), () => false).filter(
      (leaf) => !known.shown.has(leaf) && secrets.some((secret) => leaf.includes(secret)),
    );
    if (leaks.length > 0) {
      found.push(
        violation(
          `the history answer holds a secret sent for this connection (in ${leaks.length} of its strings)`,
          'a secret of the connection',
        ),
      );
    }
    return found;
  }
}
