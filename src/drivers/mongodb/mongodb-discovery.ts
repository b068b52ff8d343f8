import type { Db, Document } from 'mongodb';
import { catalogQueryFailure } from '../catalog-read-error';
import { byName } from '../catalog-tables';
import { DiscoveredTable, DriverError } from '../database-driver';
import { globsToRegExpSource, isFiltered } from '../table-globs';
import { translateMongoError } from './mongodb-errors';
import { FieldStats } from './mongodb-field-stats';

/** Databases that are never discovered (spec §3.7). */
export const SYSTEM_DATABASES: ReadonlySet<string> = new Set(['admin', 'local', 'config']);
export const DEFAULT_SAMPLE_SIZE = 1000;

/** `system.*` collections are the server's own. */
export function isSystemCollection(name: string): boolean {
  return name.startsWith('system.');
}

/** The listCollections filter of `tables=` globs: one anchored `$regex` on the name, or none. */
export function mongoCollectionFilter(tables: readonly string[] | undefined): Document {
  return isFiltered(tables) ? { name: { $regex: globsToRegExpSource(tables) } } : {};
}

/**
 * Lists the database's collections and views (one round trip; only those matching `tables=`
 * globs when given, filtered by the server) and `$sample`s each (one aggregate per collection,
 * streamed: documents are folded into statistics as they arrive, never kept).
 */
export async function sampleMongoCollections(
  db: Db,
  sampleSize: number,
  signal: AbortSignal,
  globs?: readonly string[],
): Promise<DiscoveredTable[]> {
  try {
    const infos = await db
      .listCollections(mongoCollectionFilter(globs), {
        nameOnly: true,
        authorizedCollections: true,
        signal,
      })
      .toArray();
    const tables: DiscoveredTable[] = [];
    for (const info of infos) {
      if (isSystemCollection(info.name)) continue;
      const stats = new FieldStats();
      const cursor = db
        .collection(info.name)
        .aggregate<Record<string, unknown>>([{ $sample: { size: sampleSize } }], {
          promoteValues: false,
          promoteLongs: false,
          batchSize: Math.min(sampleSize, 1000),
          signal,
        });
      try {
        for await (const document of cursor) {
          if (signal.aborted) throw new DriverError('TIMEOUT', 'query', { cause: signal.reason });
          stats.add(document);
        }
      } finally {
        await cursor.close().catch(() => undefined);
      }
      tables.push({
        name: info.name,
        kind: info.type === 'view' ? 'view' : 'collection',
        columns: stats.columns(),
      });
    }
    return tables.sort(byName);
  } catch (error) {
    throw catalogQueryFailure(error, translateMongoError(error, 'query'));
  }
}
