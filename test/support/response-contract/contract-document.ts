import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Json, JsonObject, deref, isObject, toJsonSchema } from './openapi-json-schema';

const DOCUMENT_ID = 'https://contract.invalid/connections-api.json';
const SEED_ID = 'https://contract.invalid/seed.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Routes the service serves beside the API, which the document does not describe. */
const OUTSIDE_THE_DOCUMENT = /^\/(health(\/|$)|metrics(\/|$)|docs)/;

export type SeedSchema = 'ConnectionResponse' | 'Error';

export interface Operation {
  method: string;
  /** The path template as the document writes it (`/v1/management/connections/{id}`). */
  template: string;
  node: JsonObject;
}

export type RouteMatch =
  | { kind: 'outside' }
  | { kind: 'operation'; operation: Operation }
  /** A documented path asked with a method none of its matching templates has. */
  | { kind: 'wrong-method'; template: string; allowed: string[]; answer?: DocumentedResponse }
  | { kind: 'unknown-path' };

export interface DocumentedResponse {
  /** The key of `responses` that applies (`200`, `4XX`, `default`). */
  key: string;
  node: JsonObject;
}

export interface DeclaredHeader {
  name: string;
  required: boolean;
  /** The schema's `type`: a header is text, read as a number or boolean when the schema says so. */
  type?: string;
  validate?: ValidateFunction;
}

interface PathEntry {
  template: string;
  pattern: RegExp;
  /** Templated segments: a literal path wins over a template that matches the same URL. */
  templated: number;
  item: JsonObject;
}

function pathPattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** The path of a request target (origin or absolute form), without query or fragment. */
export function requestPath(url: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = absolute ? url.slice(absolute[0].length) || '/' : url;
  return rest.split(/[?#]/, 1)[0] ?? '';
}

function readJson(path: string): JsonObject {
  const value = JSON.parse(readFileSync(path, 'utf8')) as Json;
  if (!isObject(value)) throw new Error(`${path} is not a JSON object`);
  return value;
}

/**
 * The committed OpenAPI document (and the seed page's schemas) as validators: which operation a
 * request is, which response of it a status is, and ajv validators for bodies and headers,
 * compiled once per operation, status and media type.
 */
export class ContractDocument {
  private readonly paths: PathEntry[];
  private readonly basePath: string;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly headerLists = new Map<string, DeclaredHeader[]>();

  constructor(
    readonly document: JsonObject,
    seed: JsonObject,
  ) {
    const paths = isObject(document.paths) ? document.paths : {};
    this.paths = Object.entries(paths)
      .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
      .map(([template, item]) => ({ template, item, pattern: pathPattern(template), templated: (template.match(/\{/g) ?? []).length }))
      .sort((a, b) => a.templated - b.templated);
    this.basePath = serverBasePath(document);
    this.ajv = newAjv();
    const components = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
    const seedComponents = isObject(seed.components) && isObject(seed.components.schemas) ? seed.components.schemas : {};
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: mapSchemas(components, DOCUMENT_ID, true) } });
    this.ajv.addSchema({ $id: SEED_ID, components: { schemas: mapSchemas(seedComponents, SEED_ID, false) } });
  }

  /** The committed document of this repository and the seed schemas copied beside this file. */
  static load(): ContractDocument {
    return new ContractDocument(
      readJson(join(__dirname, '..', '..', '..', 'openapi', 'connections-api.json')),
      readJson(join(__dirname, 'seed-schemas.json')),
    );
  }

  match(method: string, url: string): RouteMatch {
    const path = requestPath(url);
    if (OUTSIDE_THE_DOCUMENT.test(path)) return { kind: 'outside' };
    if (!path.startsWith(this.basePath)) return { kind: 'unknown-path' };
    const local = this.basePath === '/' ? path : path.slice(this.basePath.length) || '/';
    const matching = this.paths.filter((entry) => entry.pattern.test(local));
    if (matching.length === 0) return { kind: 'unknown-path' };
    const wanted = method.toLowerCase();
    // HEAD is GET without a body (RFC 9110 §9.3.2) unless the document has a HEAD operation.
    for (const name of wanted === 'head' ? ['head', 'get'] : [wanted]) {
      const entry = matching.find((candidate) => isObject(candidate.item[name]));
      if (entry) return { kind: 'operation', operation: { method: wanted, template: entry.template, node: entry.item[name] as JsonObject } };
    }
    const allowed = new Set(matching.flatMap((entry) => METHODS.filter((name) => isObject(entry.item[name])).map((name) => name.toUpperCase())));
    const first = matching[0];
    return { kind: 'wrong-method', template: first.template, allowed: [...allowed].sort(), answer: this.methodNotAllowed(first.item) };
  }

  /**
   * The documented answer to a wrong method on a path: the path's own `x-method-not-allowed`
   * response when it names one, else `components.responses.MethodNotAllowed`.
   */
  private methodNotAllowed(item: JsonObject): DocumentedResponse | undefined {
    const own = deref(this.document, item['x-method-not-allowed']);
    if (own) return { key: 'x-method-not-allowed', node: own };
    return this.sharedResponse('MethodNotAllowed');
  }

  /** The documented response for `status` (exact, then `4XX`, then `default`). */
  response(operation: Operation, status: number): DocumentedResponse | undefined {
    const responses = deref(this.document, operation.node.responses);
    if (!responses) return undefined;
    for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
      const node = deref(this.document, responses[key]);
      if (node) return { key, node };
    }
    return undefined;
  }

  /** A response of `components.responses` (e.g. `MethodNotAllowed`), when the document has it. */
  sharedResponse(name: string): DocumentedResponse | undefined {
    const responses = isObject(this.document.components) ? deref(this.document, this.document.components.responses) : undefined;
    const node = responses ? deref(this.document, responses[name]) : undefined;
    return node ? { key: `#/components/responses/${name}`, node } : undefined;
  }

  /** The schema of the document's own error body, when it names one. */
  errorSchemaValidator(): ValidateFunction | undefined {
    const schemas = isObject(this.document.components) && isObject(this.document.components.schemas) ? this.document.components.schemas : {};
    if (!isObject(schemas.Error)) return undefined;
    return this.cached('error', () => this.ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/Error` }));
  }

  /** The media types of a response and, for each, the validator of its schema (when it has one). */
  content(cacheKey: string, response: DocumentedResponse): Map<string, ValidateFunction | undefined> {
    const content = deref(this.document, response.node.content) ?? {};
    const media = new Map<string, ValidateFunction | undefined>();
    for (const [type, value] of Object.entries(content)) {
      const entry = deref(this.document, value);
      const schema = entry?.schema;
      media.set(
        type.toLowerCase(),
        schema === undefined ? undefined : this.cached(`${cacheKey} ${response.key} ${type}`, () => this.ajv.compile(toJsonSchema(schema, closed(DOCUMENT_ID)) as object)),
      );
    }
    return media;
  }

  /** The headers a response declares (`Content-Type` excepted, as OpenAPI says), with validators of their values. */
  headers(cacheKey: string, response: DocumentedResponse): DeclaredHeader[] {
    const key = `${cacheKey} ${response.key}`;
    const known = this.headerLists.get(key);
    if (known) return known;
    const declared = deref(this.document, response.node.headers) ?? {};
    const list = Object.entries(declared)
      .filter(([name]) => name.toLowerCase() !== 'content-type')
      .map(([name, value]): DeclaredHeader => {
        const header = deref(this.document, value) ?? {};
        const schema = header.schema;
        // One validator per shared header (`#/components/headers/X-Request-Id`), not per response.
        const id = isObject(value) && typeof value.$ref === 'string' ? value.$ref : `${key} ${name}`;
        return {
          name,
          required: header.required === true,
          type: typeOf(deref(this.document, schema)),
          validate: schema === undefined ? undefined : this.cached(`header ${id}`, () => this.ajv.compile(toJsonSchema(schema, closed(DOCUMENT_ID)) as object)),
        };
      });
    this.headerLists.set(key, list);
    return list;
  }

  seedValidator(name: SeedSchema): ValidateFunction {
    return this.cached(`seed ${name}`, () => this.ajv.compile({ $ref: `${SEED_ID}#/components/schemas/${name}` }));
  }

  /** Any FET error body: the seed's Error with a `FET-dddd` code. */
  fetErrorValidator(): ValidateFunction {
    return this.cached('fet error', () =>
      this.ajv.compile({
        allOf: [{ $ref: `${SEED_ID}#/components/schemas/Error` }, { properties: { code: { type: 'string', pattern: '^FET-\\d{4}$' } } }],
      }),
    );
  }

  private cached(key: string, compile: () => ValidateFunction): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = compile();
      this.validators.set(key, validate);
    }
    return validate;
  }
}

function closed(documentId: string) {
  return { documentId, closeObjects: true };
}

function mapSchemas(schemas: JsonObject, documentId: string, closeObjects: boolean): JsonObject {
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema, { documentId, closeObjects })]));
}

/** The path of the first server (`/` when the document has none or a bare `/`). */
function serverBasePath(document: JsonObject): string {
  const first = Array.isArray(document.servers) ? document.servers[0] : undefined;
  const url = isObject(first) && typeof first.url === 'string' ? first.url : '/';
  const path = requestPath(url).replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

function typeOf(schema: JsonObject | undefined): string | undefined {
  return typeof schema?.type === 'string' ? schema.type : undefined;
}

function newAjv(): Ajv {
  // Strict about keywords (an unknown one is a mistake of the conversion), not about type unions
  // (nullable becomes ['string', 'null']) or `required` naming properties declared elsewhere. The
  // schemas are not validated against the meta-schema (compiling it costs more than every check of
  // a test file); strict compilation still refuses an unknown keyword or a bad type name.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  ajv.addKeyword('components');
  return ajv;
}
