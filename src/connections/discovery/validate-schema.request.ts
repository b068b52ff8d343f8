import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException, FetFields } from '../../common/errors/fet.exception';

/** Limits of one validate-schema request (spec §3.8). */
export const VALIDATE_LIMITS = {
  dataSources: 10,
  tablesPerDataSource: 20,
  fieldsPerTable: 50,
} as const;

export interface MappedTable {
  table: string;
  fields: string[];
}

export interface MappedDataSource {
  /** The configName as the request spells it (trimmed): the `dataSourceId` of its errors. */
  dataSourceId: string;
  tables: MappedTable[];
}

export interface ValidateSchemaRequest {
  dataSources: MappedDataSource[];
}

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (code: FetErrorCode, fields: FetFields): never => {
  throw new FetException(code, { fields });
};

/** Printable ASCII other than the space: never removed by `trim`. */
const isVisibleAscii = (code: number) => code > 0x20 && code < 0x7f;

/**
 * A name as the request spells it, when it needs no trimming and is not blank. A table whose fields
 * are all clean keeps the body's own array (up to 10 × 20 × 50 fields per request: no copy). A name
 * whose two ends are visible ASCII (nearly all) is clean without calling `trim`.
 */
const isCleanName = (value: Json): value is string =>
  typeof value === 'string' &&
  value !== '' &&
  ((isVisibleAscii(value.charCodeAt(0)) && isVisibleAscii(value.charCodeAt(value.length - 1))) ||
    value.trim() === value);

/**
 * The field names of one table that is not clean (see above), trimmed; a field's path is spelled
 * only when it is wrong.
 */
function fieldNames(values: Json[], tablePath: string, wrongType: FetFields, blank: FetFields): string[] {
  const fields: string[] = [];
  values.forEach((field, index) => {
    const name = typeof field === 'string' ? field.trim() : undefined;
    if (name === undefined) wrongType[`${tablePath}[${index}]`] = 'must be a string';
    else if (name === '') blank[`${tablePath}[${index}]`] = 'must not be blank';
    else fields.push(name);
  });
  return fields;
}

/**
 * Parses the body by hand: it is a map of free-form names, which a class-validator DTO cannot
 * describe. One code per request, in the order of spec §2: FET-0400 (fields other than
 * mappedFields), FET-0402 (mappedFields absent or null), FET-0001 (a value of the wrong JSON type,
 * every one listed), FET-0401 (a blank name, or nothing to validate), FET-1061 (limits). Names are
 * trimmed; field keys in `fields` are JSON paths (`mappedFields.sales.orders[2]`).
 */
export function parseValidateSchemaRequest(body: Json): ValidateSchemaRequest {
  if (!isObject(body)) return fail(FetErrorCode.BadRequest, { body: 'must be a JSON object' });
  const unexpected = Object.keys(body)
    .filter((key) => key !== 'mappedFields')
    .sort();
  if (unexpected.length > 0) {
    fail(
      FetErrorCode.UnexpectedFields,
      Object.fromEntries(unexpected.map((key) => [key, 'is not an allowed field'])),
    );
  }
  const mapped = body.mappedFields;
  if (mapped === undefined || mapped === null)
    fail(FetErrorCode.MissingFields, { mappedFields: 'is required' });

  const wrongType: FetFields = {};
  const blank: FetFields = {};
  const tooMany: FetFields = {};
  const dataSources: MappedDataSource[] = [];
  if (!isObject(mapped)) {
    wrongType.mappedFields = 'must be an object of data sources';
  } else {
    const sources = Object.entries(mapped);
    if (sources.length === 0) blank.mappedFields = 'must name at least one data source';
    if (sources.length > VALIDATE_LIMITS.dataSources) {
      tooMany.mappedFields = `must name at most ${VALIDATE_LIMITS.dataSources} data sources`;
    }
    for (const [sourceName, tablesValue] of sources) {
      const sourcePath = `mappedFields.${sourceName}`;
      const dataSourceId = sourceName.trim();
      if (dataSourceId === '') blank[sourcePath] = 'must not be blank';
      if (!isObject(tablesValue)) {
        wrongType[sourcePath] = 'must be an object of tables';
        continue;
      }
      const tables = Object.keys(tablesValue);
      if (tables.length === 0) blank[sourcePath] = 'must name at least one table';
      if (tables.length > VALIDATE_LIMITS.tablesPerDataSource) {
        tooMany[sourcePath] = `must name at most ${VALIDATE_LIMITS.tablesPerDataSource} tables`;
      }
      const source: MappedDataSource = { dataSourceId, tables: [] };
      for (const tableName of tables) {
        const fieldsValue = tablesValue[tableName];
        const table = tableName.trim();
        // Up to 200 tables per request: the table's path is spelled only when something is wrong.
        if (
          table !== '' &&
          Array.isArray(fieldsValue) &&
          fieldsValue.length <= VALIDATE_LIMITS.fieldsPerTable &&
          fieldsValue.every(isCleanName)
        ) {
          source.tables.push({ table, fields: fieldsValue });
          continue;
        }
        const tablePath = `${sourcePath}.${tableName}`;
        if (table === '') blank[tablePath] = 'must not be blank';
        if (!Array.isArray(fieldsValue)) {
          wrongType[tablePath] = 'must be an array of field names';
          continue;
        }
        if (fieldsValue.length > VALIDATE_LIMITS.fieldsPerTable) {
          tooMany[tablePath] = `must name at most ${VALIDATE_LIMITS.fieldsPerTable} fields`;
        }
        source.tables.push({ table, fields: fieldNames(fieldsValue, tablePath, wrongType, blank) });
      }
      dataSources.push(source);
    }
  }
  if (Object.keys(wrongType).length > 0) fail(FetErrorCode.BadRequest, wrongType);
  if (Object.keys(blank).length > 0) fail(FetErrorCode.InvalidDataRequest, blank);
  if (Object.keys(tooMany).length > 0) fail(FetErrorCode.ValidationLimitExceeded, tooMany);
  return { dataSources };
}
