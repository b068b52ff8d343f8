import { EngineType } from '../../engines/engine';

export const SORT_FIELDS = ['createdAt', 'updatedAt', 'configName'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortOrder = 'asc' | 'desc';

export interface ConnectionQuery {
  organizationId: string;
  /** undefined: any product; null: only connections without one (unassigned). */
  productName?: string | null;
  type?: EngineType;
  host?: string;
  databaseName?: string;
  configNameContains?: string;
  metadata?: Record<string, string>;
  /** createdAt >= from, createdAt < to (UTC day bounds already applied). */
  createdFrom?: Date;
  createdBefore?: Date;
  sortBy: SortField;
  sortOrder: SortOrder;
  page: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}
