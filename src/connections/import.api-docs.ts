import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { ETAG_HEADER, productNameHeader } from '../openapi/api-headers';
import { stacked } from './connections.api-docs';
import { IMPORTED_CONNECTION_EXAMPLE, IMPORT_EXAMPLE } from './dto/connection.examples';
import { ConnectionResponseDto } from './dto/connection-response.dto';
import { ImportConnectionDto } from './dto/import-connection.dto';

export const ImportDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Create a connection from a connection URI',
      description:
        'Reads `type`, `host`, `port` (the engine’s default when absent), `databaseName`, `userName` and `password` ' +
        'from `uri`, maps its allowed options onto `ssl.mode`, `schema` and `metadata`, and then creates the ' +
        'connection exactly as create does: the same rules in the same order (FET-0400, 0402, 0410–0412, 0413, ' +
        '0414, 0001), the host policy, 409 FET-1002 for a taken `configName`, 201 with the connection and its ' +
        '`ETag`. Does not dial the database. Any option outside the engine’s allowlist is 400 FET-0400 with the ' +
        'option’s name as a key of `fields`; a URI that cannot be read (an unknown scheme, `mongodb+srv://`, several ' +
        'hosts, a `#fragment`, over 4 KiB, malformed) is 400 FET-0001 on `uri`; a URI without a password is 400 ' +
        'FET-0402 on `password`. A refused value the URI gave is named by its field (`host`, `port`, …) and never ' +
        'quoted. `sslmode` in the URI and `ssl.mode` in the body must agree (else FET-0413); the body’s `ssl` ' +
        'carries the PEMs. `schema` and `metadata` keys given by both must agree too (else FET-0001).',
    }),
    applyDecorators(
      ApiExtraModels(ImportConnectionDto),
      ApiBody({
        required: true,
        schema: { $ref: getSchemaPath(ImportConnectionDto) },
        examples: { 'PostgreSQL URI': { summary: 'PostgreSQL URI', value: IMPORT_EXAMPLE } },
      }),
    ),
    ApiCreatedResponse({
      type: ConnectionResponseDto,
      description: 'The connection.',
      headers: { ETag: ETAG_HEADER },
      example: IMPORTED_CONNECTION_EXAMPLE,
    }),
    ApiHeader(productNameHeader(true, 'The product the connection belongs to.')),
    ApiFetErrors(
      E.UnexpectedFields,
      E.MissingFields,
      E.InvalidHeader,
      E.InvalidMetadataNesting,
      E.MetadataValueTooLong,
      E.MetadataKeyTooLong,
      E.InvalidSslConfiguration,
      E.ForbiddenHost,
      E.Conflict,
    ),
  );
