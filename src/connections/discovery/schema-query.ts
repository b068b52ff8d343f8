import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';

const invalid = (field: string, why: string): never => {
  throw new FetException(FetErrorCode.InvalidQueryParameter, { fields: { [field]: why } });
};

/**
 * GET /schema's query: only `schema`, given at most once, a comma-separated list of names (each
 * trimmed, 1–128 chars). Returns undefined when absent (every schema the account can see).
 */
export function parseSchemaQuery(raw: Record<string, unknown>): string[] | undefined {
  const unknown = Object.keys(raw)
    .filter((key) => key !== 'schema')
    .sort();
  if (unknown.length > 0) {
    throw new FetException(FetErrorCode.InvalidQueryParameter, {
      fields: Object.fromEntries(unknown.map((key) => [key, 'is not a known query parameter'])),
    });
  }
  const value = raw.schema;
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return invalid('schema', 'must be given once');
  const names = [
    ...new Set(
      value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
  ];
  if (names.length === 0) invalid('schema', 'must name at least one schema');
  if (names.some((name) => name.length > 128))
    invalid('schema', 'each schema name must be at most 128 characters');
  return names;
}
