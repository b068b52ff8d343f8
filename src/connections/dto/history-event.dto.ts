import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiPropertyOptions,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import { SchemaObjectMetadata } from '@nestjs/swagger/dist/interfaces/schema-object-metadata.interface';
import { HIDDEN_FIELDS } from '../history/connection-changes';
import {
  Changes,
  HISTORY_ACTIONS,
  HistoryAction,
  HistoryEvent,
  OUTCOME_STATUSES,
} from '../history/history-event';

/** OpenAPI 3.0 has no null type: each kind of value says it may be null. */
const CHANGE_VALUE: ApiPropertyOptions = {
  anyOf: [
    { type: 'string', nullable: true },
    { type: 'integer', nullable: true },
    { type: 'object', additionalProperties: { type: 'string' }, nullable: true },
  ],
  description: 'The value (the whole map for `metadata`); `null` when unset.',
};

@ApiSchema({
  name: 'HistoryFieldChange',
  description: 'A field shown with its value before and after.',
})
export class HistoryFieldChangeDto {
  @ApiProperty({ ...CHANGE_VALUE, example: 'db-old.example.com' })
  from: unknown;

  @ApiProperty({ ...CHANGE_VALUE, example: 'db.example.com' })
  to: unknown;
}

@ApiSchema({
  name: 'HistoryHiddenChange',
  description:
    'A secret (or a certificate, which is never returned either) that changed: never its value.',
})
export class HistoryHiddenChangeDto {
  @ApiProperty({ type: 'boolean', enum: [true], example: true })
  changed: true;
}

@ApiSchema({ name: 'HistoryOutcome', description: 'How a test or a discovery that ran ended.' })
export class HistoryOutcomeDto {
  @ApiProperty({ enum: OUTCOME_STATUSES, example: 'failure' })
  status: (typeof OUTCOME_STATUSES)[number];

  @ApiPropertyOptional({
    example: 'AUTH_FAILED',
    description:
      'On failure: a reason of the connection test (`AUTH_FAILED`, `TIMEOUT`, …), or `CATALOG_UNREADABLE` for a discovery whose catalog could not be read.',
  })
  reason?: string;
}

@ApiSchema({
  name: 'HistoryEvent',
  description: 'One event of a connection’s trail: a change, a test or a discovery that ran.',
})
@ApiExtraModels(HistoryFieldChangeDto, HistoryHiddenChangeDto)
export class HistoryEventDto {
  @ApiProperty({ format: 'uuid', example: '019abd01-2345-7678-89ab-cdef01234567' })
  id: string;

  @ApiProperty({ format: 'date-time', example: '2024-01-16T09:00:00.000Z' })
  at: string;

  @ApiProperty({ enum: HISTORY_ACTIONS, example: 'updated' })
  action: HistoryAction;

  @ApiProperty({
    example: 'auth0|5f7c8ec7c33c6c004bbafe82',
    description:
      'The token’s `sub`; `anonymous` when authentication is off, `unknown` for a token without `sub`, `provisioning` for the provisioning file.',
  })
  actor: string;

  @ApiPropertyOptional({
    example: '3f2b8c1e-6d4a-4e0b-9a57-2c9d1e7f4a10',
    description:
      'The `X-Request-Id` of the request that caused it; absent when no request did (provisioning).',
  })
  requestId?: string;

  @ApiPropertyOptional({
    type: 'object',
    // A reference is a schema the decorator's type does not name, but passes through as it is.
    properties: Object.fromEntries(
      HIDDEN_FIELDS.map((field) => [field, { $ref: getSchemaPath(HistoryHiddenChangeDto) }]),
    ) as unknown as Record<string, SchemaObjectMetadata>,
    additionalProperties: { $ref: getSchemaPath(HistoryFieldChangeDto) },
    example: {
      host: { from: 'db-old.example.com', to: 'db.example.com' },
      password: { changed: true },
    },
    description:
      'Each changed field by its JSON name (`ssl.mode`, `metadata` as the whole map): `{ from, to }`; ' +
      `${HIDDEN_FIELDS.map((field) => `\`${field}\``).join(', ')} only as \`{ "changed": true }\`. ` +
      'A connection’s first event (`created`, `imported`, `cloned`, `provisioned`) lists its initial settings, from `null`. ' +
      'Absent when nothing changed.',
  })
  changes?: Changes;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'On `cloned`: the connection it was cloned from.',
  })
  sourceId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'On `copied`: the new connection cloned from this one.',
  })
  targetId?: string;

  @ApiPropertyOptional({ type: HistoryOutcomeDto, description: 'On `tested` and `discovered`.' })
  outcome?: HistoryOutcomeDto;

  /** Built field by field from the domain event (its organization is the caller's own, and not repeated). */
  static from(event: HistoryEvent): HistoryEventDto {
    return {
      id: event.id,
      at: event.at.toISOString(),
      action: event.action,
      actor: event.actor,
      requestId: event.requestId,
      changes: event.changes,
      sourceId: event.sourceId,
      targetId: event.targetId,
      outcome: event.outcome,
    };
  }
}

@ApiSchema({
  name: 'HistoryPage',
  description: 'One page of a connection’s trail, newest first (then by event id).',
})
export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEventDto] })
  items: HistoryEventDto[];

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 10 })
  limit: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 3,
    description: 'All events of the connection, on every page.',
  })
  total: number;
}
