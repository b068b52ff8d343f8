/**
 * The `tables=<glob>[,<glob>]` filter of GET /schema (spec §3.7): `*` stands for any run of
 * characters (none included), every other character is itself. A glob is matched against the name
 * as the response shows it: unqualified in the default schema, else `schema.table`. Each engine
 * turns the globs into its own catalog predicate, always as bound values, never pasted into SQL.
 */

/** How one engine's LIKE treats characters: its escape character and what else is special. */
export interface LikeDialect {
  /** The ESCAPE character (itself escaped when it occurs in a name). */
  escape: string;
  /** The characters LIKE treats specially besides the escape character. */
  specials: string;
}

/** PostgreSQL: `LIKE ANY (array)` takes no ESCAPE clause, so the default backslash. */
export const POSTGRES_LIKE: LikeDialect = { escape: '\\', specials: '%_' };
/** MySQL/MariaDB and Oracle, with `ESCAPE '!'` (no backslash: its meaning in a literal depends on sql_mode). */
export const STANDARD_LIKE: LikeDialect = { escape: '!', specials: '%_' };
/** SQL Server, with `ESCAPE '!'`: `[` opens a character class there. */
export const SQLSERVER_LIKE: LikeDialect = { escape: '!', specials: '%_[' };

/** One glob as a LIKE pattern of `dialect`: `*` → `%`, specials and the escape character escaped. */
export function globToLike(glob: string, dialect: LikeDialect): string {
  let pattern = '';
  for (const character of glob) {
    if (character === '*') pattern += '%';
    else if (character === dialect.escape || dialect.specials.includes(character))
      pattern += dialect.escape + character;
    else pattern += character;
  }
  return pattern;
}

const REGEXP_SPECIALS = /[\\^$.|?*+()[\]{}]/g;

/**
 * The globs as one anchored regular expression source (MongoDB `$regex`, PCRE-compatible):
 * `*` → `[\s\S]*`, everything else literal.
 */
export function globsToRegExpSource(globs: readonly string[]): string {
  const alternatives = globs.map((glob) =>
    glob
      .split('*')
      .map((part) => part.replace(REGEXP_SPECIALS, '\\$&'))
      .join('[\\s\\S]*'),
  );
  return `^(?:${alternatives.join('|')})$`;
}

/** True when `globs` asks for a slice (undefined or empty = every table). */
export const isFiltered = (globs: readonly string[] | undefined): globs is readonly string[] =>
  globs !== undefined && globs.length > 0;
