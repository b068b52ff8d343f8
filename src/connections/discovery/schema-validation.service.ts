import { Injectable } from '@nestjs/common';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { DriverError } from '../../drivers/database-driver';
import { PackedSchema } from '../../schema/cache/packed-schema';
import { NameRules, nameRulesFor } from '../../schema/rules/name-rules';
import { SchemaIndex } from '../../schema/rules/schema-index';
import { ConnectionsService, Scope } from '../connections.service';
import { ConnectionDialing } from '../dialing/connection-dialing';
import { Connection } from '../domain/connection';
import { forbiddenHost, isDataSourceFailure } from './discovery-errors';
import { MappedDataSource, ValidateSchemaRequest } from './validate-schema.request';
import { SchemaDiscoveryService } from './schema-discovery.service';

export type SchemaProblemType =
  'DATA_SOURCE_NOT_FOUND' | 'DATA_SOURCE_DOWN' | 'TABLE_NOT_FOUND' | 'FIELD_NOT_FOUND';

export interface SchemaProblem {
  type: SchemaProblemType;
  dataSourceId: string;
  table?: string;
  field?: string;
  suggestion?: string;
}

export interface SchemaValidationSuccess {
  status: 'success';
  message: string;
}

/** A connection's snapshot, or why there is none. */
type Source = { schema: PackedSchema } | { down: true };

const compare = (a: string | undefined = '', b: string | undefined = ''): number =>
  a < b ? -1 : a > b ? 1 : 0;
const byPosition = (a: SchemaProblem, b: SchemaProblem): number =>
  compare(a.dataSourceId, b.dataSourceId) || compare(a.table, b.table) || compare(a.field, b.field);

/**
 * What makes a problem the same as another (the suggestion follows from the rest), so that a name
 * listed twice is reported once. Lengths delimit the free-text names, whatever characters they hold.
 */
const problemKey = ({ type, dataSourceId, table = '', field = '' }: SchemaProblem): string =>
  `${type}:${dataSourceId.length}:${dataSourceId}${table.length}:${table}${field}`;

/**
 * validate-schema (spec §3.8): do the tables and fields a report template maps exist in their data
 * sources? Each connection is read from the cache while fresh, else discovered live (in parallel,
 * each with its own deadline); one that cannot be reached is DATA_SOURCE_DOWN, the others are
 * still checked.
 */
@Injectable()
export class SchemaValidationService {
  /**
   * The lookup index of each cached snapshot, built at its first validation and kept as long as the
   * snapshot is (snapshots are immutable, and one cache key = one connection version = one set of
   * name rules). The caches hand out the same PackedSchema object while it is fresh, Redis included.
   */
  private readonly indexes = new WeakMap<PackedSchema, SchemaIndex>();

  constructor(
    private readonly connections: ConnectionsService,
    private readonly discovery: SchemaDiscoveryService,
    private readonly dialing: ConnectionDialing,
  ) {}

  async validate(scope: Scope, request: ValidateSchemaRequest): Promise<SchemaValidationSuccess> {
    const names = [...new Set(request.dataSources.map((source) => source.dataSourceId))];
    const found = await this.connections.findByConfigNames(scope, names);
    if (found.length === 0) {
      throw new FetException(FetErrorCode.NoConnectionsFound, {
        fields: { mappedFields: 'names no existing connection' },
      });
    }
    const byName = new Map(
      found.map((connection) => [connection.configName.toLowerCase(), connection]),
    );
    const sources = await this.sources([...new Set(byName.values())], scope);

    const problems = new Map<string, SchemaProblem>();
    for (const mapped of request.dataSources) {
      const connection = byName.get(mapped.dataSourceId.toLowerCase());
      const source = connection && sources.get(connection.id);
      const found = !connection
        ? [{ type: 'DATA_SOURCE_NOT_FOUND' as const, dataSourceId: mapped.dataSourceId }]
        : !source || 'down' in source
          ? [{ type: 'DATA_SOURCE_DOWN' as const, dataSourceId: mapped.dataSourceId }]
          : this.check(mapped, source.schema, nameRulesFor(connection));
      for (const problem of found) problems.set(problemKey(problem), problem);
    }
    if (problems.size > 0) {
      throw new FetException(FetErrorCode.SchemaValidationFailed, {
        extra: { errors: [...problems.values()].sort(byPosition) },
      });
    }
    return {
      status: 'success',
      message: 'All mapped tables and fields exist in their data sources.',
    };
  }

  /**
   * Snapshots by connection id: cached ones first; the rest are discovered live in parallel, which
   * counts once against the organization's rate limit (a fully cached validation touches no database).
   */
  private async sources(connections: Connection[], scope: Scope): Promise<Map<string, Source>> {
    const sources = new Map<string, Source>();
    const cached = await Promise.all(
      connections.map((connection) => this.discovery.cached(connection)),
    );
    const missing = connections.filter((connection, index) => {
      const schema = cached[index];
      if (schema) sources.set(connection.id, { schema });
      return !schema;
    });
    if (missing.length === 0) return sources;
    await this.dialing.admitValidation(scope);
    const settled = await Promise.allSettled(
      missing.map((connection) => this.discovery.refresh(connection)),
    );
    for (const [index, outcome] of settled.entries()) {
      if (outcome.status === 'rejected') {
        const error: unknown = outcome.reason;
        if (error instanceof DriverError && error.reason === 'FORBIDDEN_HOST')
          throw forbiddenHost(error);
        if (!isDataSourceFailure(error)) throw error;
        sources.set(missing[index].id, { down: true });
      } else {
        sources.set(missing[index].id, { schema: outcome.value });
      }
    }
    return sources;
  }

  private check(
    mapped: MappedDataSource,
    schema: PackedSchema,
    rules: NameRules,
  ): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    const index = this.indexOf(schema, rules);
    for (const { table, fields } of mapped.tables) {
      const name = index.table(table);
      if (name === undefined) {
        const suggestion = index.suggestTable(table);
        problems.push({
          type: 'TABLE_NOT_FOUND',
          dataSourceId: mapped.dataSourceId,
          table,
          ...(suggestion ? { suggestion } : {}),
        });
        continue;
      }
      const exists = index.fieldsOf(name);
      for (const field of fields) {
        if (exists(field)) continue;
        const suggestion = index.suggestField(name, field);
        problems.push({
          type: 'FIELD_NOT_FOUND',
          dataSourceId: mapped.dataSourceId,
          table,
          field,
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
    return problems;
  }

  private indexOf(schema: PackedSchema, rules: NameRules): SchemaIndex {
    let index = this.indexes.get(schema);
    if (!index) {
      index = new SchemaIndex(schema, rules);
      this.indexes.set(schema, index);
    }
    return index;
  }
}
