import { EngineType } from '../../engines/engine';

/**
 * How a name asked by a report template is compared with the discovered names, per engine
 * (spec §3.8): PostgreSQL accepts `public.t` for `t` (the connection's default schema, `public`
 * unless set), SQL Server `dbo.t` for `t` (likewise), Oracle compares upper-cased (and accepts
 * `<user schema>.T`), MySQL and MongoDB compare exactly.
 */
export interface NameRules {
  /** The discovered-name key to look the asked table up by. */
  tableKey(asked: string): string;
  /** The key of a discovered table name (what `tableKey` is compared with). */
  discoveredTableKey(name: string): string;
  /** The key of a field name, asked or discovered. */
  fieldKey(name: string): string;
}

export interface NamedSource {
  type: EngineType;
  schema: string | null;
  userName: string;
}

const same = (name: string) => name;
const upper = (name: string) => name.toUpperCase();

/** Strips `<schema>.` from a name in the default schema; other names stay as asked. */
const unqualify = (defaultSchema: string, fold: (name: string) => string) => {
  const prefix = fold(`${defaultSchema}.`);
  return (asked: string): string => {
    const folded = fold(asked);
    return folded.startsWith(prefix) && folded.length > prefix.length
      ? folded.slice(prefix.length)
      : folded;
  };
};

export function nameRulesFor(source: NamedSource): NameRules {
  switch (source.type) {
    case 'POSTGRESQL':
      return {
        tableKey: unqualify(source.schema ?? 'public', same),
        discoveredTableKey: same,
        fieldKey: same,
      };
    case 'SQL_SERVER':
      return {
        tableKey: unqualify(source.schema ?? 'dbo', same),
        discoveredTableKey: same,
        fieldKey: same,
      };
    case 'ORACLE':
      return {
        tableKey: unqualify(source.schema ?? source.userName, upper),
        discoveredTableKey: upper,
        fieldKey: upper,
      };
    case 'MYSQL':
    case 'MONGODB':
      return { tableKey: same, discoveredTableKey: same, fieldKey: same };
  }
}

/**
 * Every key under which a field of these columns exists: each name, and each parent of a dotted
 * name (`address` exists when `address.city` does).
 */
export function fieldKeys(fields: readonly string[], rules: NameRules): Set<string> {
  const keys = new Set<string>();
  for (const field of fields) {
    const key = rules.fieldKey(field);
    keys.add(key);
    for (let dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1))
      keys.add(key.slice(0, dot));
  }
  return keys;
}
