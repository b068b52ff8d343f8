/** What validate-schema needs of a discovery: each table's field names. Plain JSON. */
export interface SchemaSnapshot {
  discoveredAt: string;
  /** Discovered table name → its field names. */
  tables: Record<string, string[]>;
}
