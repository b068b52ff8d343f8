import { EngineType } from '../../engines/engine';

export const SORT_FIELDS = ['createdAt', 'updatedAt', 'configName'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

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

/** What a list request asks for, besides where it stands (organization, product). */
export type ListFilter = Omit<ConnectionQuery, 'organizationId' | 'productName'>;

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}
