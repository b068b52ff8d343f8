import { byName } from '../catalog-tables';
import { DiscoveredColumn } from '../database-driver';

/** Nesting deeper than this is not walked (the parent is still reported, typed `object`). */
export const MAX_FIELD_DEPTH = 20;
/** Distinct dotted paths kept per collection; a sample with more reports the first ones met. */
export const MAX_FIELDS_PER_COLLECTION = 5000;

const BSON_CLASS_TYPES: Record<string, string> = {
  ObjectId: 'objectId',
  Int32: 'int',
  Double: 'double',
  Long: 'long',
  Decimal128: 'decimal',
  Binary: 'binData',
  UUID: 'binData',
  Timestamp: 'timestamp',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONRegExp: 'regex',
  Code: 'javascript',
  BSONSymbol: 'symbol',
  DBRef: 'dbPointer',
};

/**
 * The BSON type name (as `$type` spells it) of a value deserialized with `promoteValues: false`
 * (so int, double and long stay distinguishable).
 */
export function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'object':
      break;
    case 'function':
    case 'symbol':
      return 'unknown';
  }
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (typeof bsonType === 'string') return BSON_CLASS_TYPES[bsonType] ?? 'unknown';
  return 'object';
}

interface FieldTally {
  documents: number;
  types: Set<string>;
}

/**
 * Folds sampled documents into per-field statistics without keeping the documents.
 *
 * Paths: a sub-document's fields are dotted (`address.city`); an array is typed `array` and the
 * fields of the documents inside it are reported under the array's path without an index
 * (`items.sku`), counted once per sampled document that had it in any element. Scalars inside
 * arrays add no path. `presence` = share of sampled documents that had the path; `nullable` when
 * some had `null` there or some lacked it; `_id` is the primary key.
 */
export class FieldStats {
  private sampled = 0;
  private readonly fields = new Map<string, FieldTally>();

  add(document: Record<string, unknown>): void {
    this.sampled += 1;
    const seen = new Set<string>();
    this.walk(document, '', 0, seen);
    for (const path of seen) {
      const tally = this.fields.get(path);
      if (tally) tally.documents += 1;
    }
  }

  columns(): DiscoveredColumn[] {
    const columns: DiscoveredColumn[] = [];
    for (const [name, tally] of this.fields) {
      const presence =
        this.sampled === 0 ? 0 : Math.round((tally.documents / this.sampled) * 10_000) / 10_000;
      const primaryKey = name === '_id';
      columns.push({
        name,
        type: typeLabel(tally.types),
        nullable: !primaryKey && (tally.types.has('null') || tally.documents < this.sampled),
        primaryKey,
        presence,
      });
    }
    return columns.sort(byName);
  }

  private walk(
    document: Record<string, unknown>,
    prefix: string,
    depth: number,
    seen: Set<string>,
  ): void {
    for (const [key, value] of Object.entries(document)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const type = bsonTypeName(value);
      if (!this.record(path, type)) continue;
      seen.add(path);
      if (depth >= MAX_FIELD_DEPTH) continue;
      if (type === 'object') this.walk(value as Record<string, unknown>, path, depth + 1, seen);
      if (type === 'array') {
        for (const element of value as unknown[]) {
          if (bsonTypeName(element) === 'object')
            this.walk(element as Record<string, unknown>, path, depth + 1, seen);
        }
      }
    }
  }

  /** False when the path is new and the per-collection cap is reached. */
  private record(path: string, type: string): boolean {
    let tally = this.fields.get(path);
    if (!tally) {
      if (this.fields.size >= MAX_FIELDS_PER_COLLECTION) return false;
      tally = { documents: 0, types: new Set() };
      this.fields.set(path, tally);
    }
    tally.types.add(type);
    return true;
  }
}

/** `int`, `int|string`, `string|null`: non-null types in name order, `null` last. */
function typeLabel(types: Set<string>): string {
  const named = [...types].filter((type) => type !== 'null').sort();
  if (types.has('null')) named.push('null');
  return named.join('|');
}
