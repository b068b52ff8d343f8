import { PackedSchema } from '../cache/packed-schema';
import { NameRules, fieldKeys } from './name-rules';
import { NameSuggestions } from './name-suggestions';
import { closestName } from './suggestion';

/** Suggestions remembered per index (asked names are free text: bounded, oldest out). */
const REMEMBERED_SUGGESTIONS = 2_000;

/**
 * The lookups validate-schema makes in one cached schema (spec §3.8), by the engine's name rules:
 * built once per snapshot and reused by every request while the snapshot is cached, so a lookup
 * costs the same in a catalog of 200 tables or of 20,000. Tables by key (built with the index);
 * each table's field keys (every field and every parent of a dotted one) built the first time the
 * table is asked for; table suggestions through a `NameSuggestions` built at the first missing
 * table. A snapshot belongs to one cache key, i.e. one connection version, so one set of rules.
 */
export class SchemaIndex {
  /** Discovered-name key → the table name as discovered. */
  private readonly tables: Map<string, string>;
  /** The field lookup of each discovered table, built the first time the table is asked for. */
  private readonly fields = new Map<string, (field: string) => boolean>();
  private tableSuggestions: NameSuggestions | undefined;
  /** Suggestions already computed: `t:<table key>` or `f:<table>\0<field>` → the suggestion. */
  private readonly suggested = new Map<string, string | undefined>();

  constructor(
    private readonly schema: PackedSchema,
    private readonly rules: NameRules,
  ) {
    this.tables = new Map();
    for (const name of schema.tableNames()) this.tables.set(rules.discoveredTableKey(name), name);
  }

  /** The discovered name of the table a template asks for, or undefined when it does not exist. */
  table(asked: string): string | undefined {
    return this.tables.get(this.rules.tableKey(asked));
  }

  /**
   * The field lookup of the discovered table `table`: does a field exist in it (itself, or as the
   * parent of a dotted one)?
   */
  fieldsOf(table: string): (field: string) => boolean {
    let exists = this.fields.get(table);
    if (!exists) {
      const keys = fieldKeys(this.schema.fieldsOf(table) ?? [], this.rules);
      const rules = this.rules;
      exists = (field) => keys.has(rules.fieldKey(field));
      this.fields.set(table, exists);
    }
    return exists;
  }

  /** The existing table closest to a missing one (compared by its key), if one is close. */
  suggestTable(asked: string): string | undefined {
    const key = this.rules.tableKey(asked);
    return this.remember(`t:${key}`, () => {
      this.tableSuggestions ??= new NameSuggestions(this.tables.values());
      return this.tableSuggestions.closest(key);
    });
  }

  /** The existing field of the discovered table `table` closest to a missing one, if one is close. */
  suggestField(table: string, field: string): string | undefined {
    return this.remember(`f:${table}\0${field}`, () =>
      closestName(field, this.schema.fieldsOf(table) ?? []),
    );
  }

  private remember(key: string, compute: () => string | undefined): string | undefined {
    if (this.suggested.has(key)) return this.suggested.get(key);
    const suggestion = compute();
    if (this.suggested.size >= REMEMBERED_SUGGESTIONS) {
      this.suggested.delete(this.suggested.keys().next().value as string);
    }
    this.suggested.set(key, suggestion);
    return suggestion;
  }
}
