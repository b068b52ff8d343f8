/**
 * What a token may do (spec §6.3), read from its `scope` (space-separated) or `permissions`
 * (array) claim. Every API route names the one it needs with `@RequiresPermission`.
 */
export enum Permission {
  /** list, get, unassigned, schema, validate-schema (and history). */
  Read = 'connections:read',
  /** create, update, delete, assign (and import, clone). */
  Write = 'connections:write',
  /** test (and test before saving). */
  Test = 'connections:test',
}
