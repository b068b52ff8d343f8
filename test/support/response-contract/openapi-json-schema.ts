/** A JSON value as it comes out of JSON.parse. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI keywords that only annotate (ajv in strict mode would refuse them as unknown). */
const ANNOTATIONS = new Set(['example', 'xml', 'externalDocs', 'discriminator']);

/** Keywords whose value maps names to schemas (the names are data, not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/** Keywords that combine schemas: an object beside them may get properties from them, so it is not closed. */
const COMBINERS = ['allOf', 'anyOf', 'oneOf'];

export interface ToJsonSchemaOptions {
  /** Where `#/…` references of this document point once compiled (the id the document is added under). */
  documentId: string;
  /**
   * Our own objects (a schema with `properties` and no `additionalProperties`) are closed with
   * `additionalProperties: false`, so a field the document does not name is a violation.
   */
  closeObjects: boolean;
}

/**
 * An OpenAPI 3.0 schema as a JSON Schema (draft-07) that ajv compiles: `nullable: true` becomes a
 * `null` type (or an `anyOf` with null where there is no `type`, as beside `allOf`/`$ref`),
 * annotations are dropped, local references are made absolute (`<documentId>#/components/…`) and,
 * when asked, our objects are closed. The input is not changed.
 */
export function toJsonSchema(schema: Json, options: ToJsonSchemaOptions): Json {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, options));
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) out[key] = `${options.documentId}${value}`;
    else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toJsonSchema(property, options)]));
    } else if (key === 'enum' || key === 'required' || key === 'default' || key === 'const') out[key] = value;
    else out[key] = toJsonSchema(value, options);
  }
  if (options.closeObjects && isObject(out.properties) && out.additionalProperties === undefined && !COMBINERS.some((k) => k in out)) {
    out.additionalProperties = false;
  }
  return schema.nullable === true ? withNull(out) : out;
}

function withNull(schema: JsonObject): JsonObject {
  if (typeof schema.type === 'string') {
    const nullable: JsonObject = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) nullable.enum = [...schema.enum, null];
    return nullable;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** Reads the JSON pointer `/a/b~1c` (RFC 6901) in `root`; undefined when it does not lead anywhere. */
export function resolvePointer(root: Json, pointer: string): Json | undefined {
  let node: Json | undefined = root;
  for (const raw of pointer === '' ? [] : pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = Object.prototype.hasOwnProperty.call(node, token) ? node[token] : undefined;
    else return undefined;
  }
  return node;
}

/** Reads a local reference (`#/components/schemas/X`, a URI fragment) in `root`. */
function resolveRef(root: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    return resolvePointer(root, decodeURIComponent(ref.slice(1)));
  } catch {
    return undefined;
  }
}

/** Follows `$ref`s of non-schema objects (responses, headers) until a real object; undefined when broken. */
export function deref(root: Json, value: Json | undefined): JsonObject | undefined {
  let node = value;
  for (let hops = 0; hops < 20 && isObject(node); hops++) {
    if (typeof node.$ref !== 'string') return node;
    node = resolveRef(root, node.$ref);
  }
  return undefined;
}
