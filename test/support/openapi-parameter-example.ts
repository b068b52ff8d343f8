interface ParameterObject {
  name: string;
  in: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: { example?: unknown; default?: unknown };
  default?: unknown;
  $ref?: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: ParameterObject[] }>>;
  components?: { parameters?: Record<string, ParameterObject> };
}

/**
 * The value the Swagger UI puts in a parameter's field when "Try it out" is clicked, read from
 * the document in the UI's own order: first `examples` entry, `example`, `schema.example`,
 * `schema.default`, `default`. Undefined when the document gives none (the field stays empty).
 */
export function uiPrefillOf(
  document: unknown,
  method: string,
  path: string,
  name: string,
  location: string,
): string | undefined {
  const doc = document as OpenApiDocument;
  const operation = doc.paths[path]?.[method];
  if (!operation) throw new Error(`the document has no operation ${method.toUpperCase()} ${path}`);
  const parameter = (operation.parameters ?? [])
    .map((entry) =>
      entry.$ref ? doc.components?.parameters?.[entry.$ref.split('/').pop() ?? ''] : entry,
    )
    .find((entry) => entry?.name === name && entry.in === location);
  if (!parameter) return undefined;
  const firstExample = parameter.examples ? Object.values(parameter.examples)[0]?.value : undefined;
  const value = [
    firstExample,
    parameter.example,
    parameter.schema?.example,
    parameter.schema?.default,
    parameter.default,
  ].find((candidate) => candidate !== undefined);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
