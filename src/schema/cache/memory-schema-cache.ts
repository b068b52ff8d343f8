import { SchemaCache, SchemaSnapshot } from './schema-cache';

interface Entry {
  snapshot: SchemaSnapshot;
  expiresAt: number;
  weight: number;
}

export interface MemorySchemaCacheOptions {
  ttlSeconds: number;
  /** At most this many snapshots (default 1,000). */
  maxEntries?: number;
  /** At most this many table and field names over all snapshots (default 2,000,000). */
  maxNames?: number;
  /** How often (ms) expired snapshots are swept out (default 60,000). */
  sweepEveryMs?: number;
}

const weightOf = (snapshot: SchemaSnapshot): number => {
  let names = 0;
  for (const fields of Object.values(snapshot.tables)) names += 1 + fields.length;
  return names;
};

/**
 * Per-instance cache, least recently used first out, bounded in entries and in names held.
 * Snapshots are kept by reference (never mutated by their readers), so a hit costs no copy.
 * Expired snapshots are swept out periodically (on use, no timer): the entry of a connection's
 * previous version is never read again, and would otherwise stay until the caps push it out.
 */
export class MemorySchemaCache extends SchemaCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxNames: number;
  private readonly sweepEveryMs: number;
  private names = 0;
  private nextSweepAt = 0;

  constructor(
    options: MemorySchemaCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.ttlMs = options.ttlSeconds * 1000;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.maxNames = options.maxNames ?? 2_000_000;
    this.sweepEveryMs = options.sweepEveryMs ?? 60_000;
  }

  get(key: string): Promise<SchemaSnapshot | undefined> {
    this.sweep();
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return Promise.resolve(undefined);
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return Promise.resolve(entry.snapshot);
  }

  set(key: string, snapshot: SchemaSnapshot): Promise<void> {
    this.sweep();
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    const weight = weightOf(snapshot);
    if (this.ttlMs <= 0 || weight > this.maxNames) return Promise.resolve();
    this.entries.set(key, { snapshot, expiresAt: this.now() + this.ttlMs, weight });
    this.names += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.names <= this.maxNames) break;
      this.remove(oldest, entry);
    }
    return Promise.resolve();
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.remove(key, entry);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.names -= entry.weight;
  }
}
