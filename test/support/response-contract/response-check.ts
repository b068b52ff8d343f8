import { ErrorObject, ValidateFunction } from 'ajv';
import { CapturedResponse } from './captured-response';
import { ContractDocument, DocumentedResponse, Operation, SeedSchema, requestPath } from './contract-document';
import { Json, resolvePointer } from './openapi-json-schema';
import { decodable } from '../decodable-path';

export type ViolationSource = 'document' | `seed ${SeedSchema}` | 'history secrets';

/** One way a response breaks the contract. */
export interface Violation {
  method: string;
  url: string;
  status: number;
  /** What the request is to the document: `GET /v1/management/connections/{id}`, `unknown path`, … */
  operation: string;
  source: ViolationSource;
  /** What is wrong, with the offending value. */
  problem: string;
  /** The problem without request-specific details (array indexes, values): the same defect gives the same key. */
  kind: string;
}

/** The seed's schemas for the two operations the seed page describes the body of. */
const SEED_BODIES: Record<string, SeedSchema> = {
  'POST /v1/management/connections 201': 'ConnectionResponse',
  'GET /v1/management/connections/{id} 200': 'ConnectionResponse',
};

const MAX_ERRORS_PER_BODY = 10;

type Body = { kind: 'none' } | { kind: 'json'; value: Json } | { kind: 'not-json'; reason: string };

/**
 * Every way `response` breaks the document (and the seed's schemas): its status must be documented
 * for the operation, its declared headers present and valid, its JSON body valid against the
 * status's schema; outside any operation it must be a 405 with `Allow` (known path) or a FET error.
 */
export function checkResponse(document: ContractDocument, response: CapturedResponse): Violation[] {
  const check = new ResponseCheck(document, response);
  check.run();
  return check.violations;
}

class ResponseCheck {
  readonly violations: Violation[] = [];
  private operation = '';
  private readonly method: string;
  private readonly body: Body;

  constructor(
    private readonly document: ContractDocument,
    private readonly response: CapturedResponse,
  ) {
    this.method = (response.method ?? '?').toUpperCase();
    this.body = this.method === 'HEAD' ? { kind: 'none' } : readBody(response);
  }

  run(): void {
    const { method, url } = this.response;
    if (method === undefined || url === undefined) {
      this.operation = 'refused by the parser before a request line';
      this.expectFetError();
      return;
    }
    const match = this.document.match(method, url);
    switch (match.kind) {
      case 'outside':
        return;
      case 'operation':
        this.operation = `${this.method} ${match.operation.template}`;
        this.checkOperation(match.operation);
        return;
      case 'wrong-method':
        this.operation = `${this.method} ${match.template} (method not in the document)`;
        this.checkWrongMethod(match.allowed, match.answer);
        return;
      case 'unknown-path':
        this.operation = 'unknown path';
        this.expectFetError();
        return;
    }
  }

  private checkOperation(operation: Operation): void {
    const { status } = this.response;
    const documented = this.document.response(operation, status);
    if (!documented) {
      const known = Object.keys((operation.node.responses ?? {}) as object).join(', ');
      this.add('document', `status ${status} is not documented (documented: ${known})`, 'status not documented');
    } else {
      this.checkHeaders(this.operation, documented);
      this.checkBody(this.operation, documented);
    }
    if (this.body.kind !== 'json') return;
    const seed = SEED_BODIES[`${operation.method.toUpperCase()} ${operation.template} ${status}`];
    if (seed) this.validate(`seed ${seed}`, this.document.seedValidator(seed), this.body.value);
    if (status >= 400) this.validate('seed Error', this.document.seedValidator('Error'), this.body.value);
  }

  private checkWrongMethod(allowed: string[], answer: DocumentedResponse | undefined): void {
    // A path that is not valid percent-encoding is a malformed request (400) before it is a path.
    if (this.response.status === 400 && !decodable(requestPath(this.response.url ?? ''))) {
      this.expectFetError();
      return;
    }
    if (this.response.status !== 405) {
      this.add('document', `answered ${this.response.status} where the document has no ${this.method} (expected 405)`, 'not a 405');
    }
    const allow = this.response.headers.allow;
    if (allow !== undefined) {
      const listed = new Set(allow.split(',').map((name) => name.trim().toUpperCase()).filter(Boolean));
      const expected = new Set(allowed);
      if (expected.has('GET')) listed.delete('HEAD');
      if (listed.size !== expected.size || [...expected].some((name) => !listed.has(name))) {
        this.add('document', `Allow: ${allow} differs from the document's methods of this path (${allowed.join(', ')})`, 'Allow differs');
      }
    }
    if (answer) {
      this.checkHeaders(`405 of ${this.operation}`, answer);
      this.checkBody(`405 of ${this.operation}`, answer);
    } else if (allow === undefined) {
      this.add('document', 'header Allow is missing', 'header Allow missing');
    }
    if (this.method === 'HEAD') return;
    if (this.body.kind === 'json') this.validate('seed Error', this.document.fetErrorValidator(), this.body.value);
    else this.notJson('seed Error');
  }

  /** Outside any documented path: the body must be a FET error (the document's Error schema too, when it has one). */
  private expectFetError(): void {
    if (this.method === 'HEAD') return;
    if (this.body.kind !== 'json') {
      this.notJson('seed Error');
      return;
    }
    this.validate('seed Error', this.document.fetErrorValidator(), this.body.value);
    const ownError = this.document.errorSchemaValidator();
    if (ownError) this.validate('document', ownError, this.body.value);
  }

  private checkHeaders(cacheKey: string, documented: DocumentedResponse): void {
    for (const header of this.document.headers(cacheKey, documented)) {
      const value = this.response.headers[header.name.toLowerCase()];
      if (value === undefined) {
        if (header.required) this.add('document', `header ${header.name} is missing (declared required)`, `header ${header.name} missing`);
      } else if (header.validate && !header.validate(headerValue(value, header.type))) {
        const why = (header.validate.errors ?? []).map((error) => error.message).join('; ');
        this.add('document', `header ${header.name}: ${preview(value)} ${why}`, `header ${header.name} ${why}`);
      }
    }
  }

  private checkBody(cacheKey: string, documented: DocumentedResponse): void {
    if (this.method === 'HEAD') return;
    const { status, headers, body } = this.response;
    const media = this.document.content(cacheKey, documented);
    if (status === 204 || status === 304 || media.size === 0) {
      if (body.length > 0) this.add('document', `a body of ${body.length} bytes where the document declares none`, 'unexpected body');
      return;
    }
    const type = mediaType(headers['content-type']);
    const documentedTypes = [...media.keys()];
    if (body.length === 0) {
      this.add('document', `no body where the document declares ${documentedTypes.join(', ')}`, 'missing body');
      return;
    }
    const key = documentedTypes.find((candidate) => mediaMatches(candidate, type));
    if (key === undefined) {
      this.add('document', `Content-Type ${type || '(none)'} is not documented (${documentedTypes.join(', ')})`, `Content-Type ${type} not documented`);
      return;
    }
    const validate = media.get(key);
    if (!validate) return;
    if (this.body.kind === 'json') this.validate('document', validate, this.body.value);
    else this.notJson('document');
  }

  private notJson(source: ViolationSource): void {
    if (this.body.kind === 'not-json') this.add(source, `body ${this.body.reason}`, `body ${this.body.reason.replace(/ \(.*$/, '')}`);
    else if (this.body.kind === 'none') this.add(source, 'no body where an error body is expected', 'missing error body');
  }

  private validate(source: ViolationSource, validate: ValidateFunction, value: Json): void {
    if (validate(value)) return;
    for (const error of withoutNullBranches(validate.errors ?? []).slice(0, MAX_ERRORS_PER_BODY)) {
      const { problem, kind } = describe(error, value);
      this.add(source, problem, kind);
    }
  }

  private add(source: ViolationSource, problem: string, kind: string): void {
    this.violations.push({
      method: this.method,
      url: this.response.url ?? '(no request line)',
      status: this.response.status,
      operation: this.operation,
      source,
      problem,
      kind,
    });
  }
}

/**
 * Without the noise of a nullable value that is not null (`nullable` became `anyOf [schema, null]`):
 * "must be null" and "must match a schema in anyOf" beside the errors of the schema itself.
 */
function withoutNullBranches(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter(
    (error) => error.keyword !== 'anyOf' && !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null'),
  );
  return specific.length > 0 ? specific : errors;
}

/** A header's text as the value its schema types it (`Retry-After: 12` is the integer 12). */
function headerValue(text: string, type: string | undefined): Json {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function readBody(response: CapturedResponse): Body {
  if (response.body.length === 0) return { kind: 'none' };
  const type = mediaType(response.headers['content-type']);
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) return { kind: 'not-json', reason: `is not JSON (Content-Type ${type || 'none'})` };
  try {
    return { kind: 'json', value: JSON.parse(response.body.toString('utf8')) as Json };
  } catch {
    return { kind: 'not-json', reason: `is not valid JSON (${preview(response.body.toString('utf8'))})` };
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0].trim().toLowerCase();
}

function mediaMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true;
  return documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1));
}

const SHOWS_VALUE = new Set(['type', 'format', 'enum', 'pattern', 'const', 'minimum', 'maximum', 'minLength', 'maxLength']);

function describe(error: ErrorObject, body: Json): { problem: string; kind: string } {
  const params = error.params as Record<string, unknown>;
  const named =
    typeof params.additionalProperty === 'string'
      ? ` '${params.additionalProperty}'`
      : typeof params.missingProperty === 'string'
        ? ` ('${params.missingProperty}')`
        : '';
  const extra = error.keyword === 'enum' ? ` ${JSON.stringify(params.allowedValues)}` : '';
  const where = `body${error.instancePath}`;
  const value = SHOWS_VALUE.has(error.keyword) ? ` (got ${preview(String(JSON.stringify(resolvePointer(body, error.instancePath))))})` : '';
  const message = `${error.message ?? error.keyword}${named}${extra}`;
  return { problem: `${where} ${message}${value}`, kind: `${where.replace(/\/\d+(?=\/|$)/g, '/*')} ${message}` };
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
