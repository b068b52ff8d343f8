import { HttpStatus } from '@nestjs/common';
import { FetErrorCode } from './fet-error-code';

const REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

export interface FetErrorDefinition {
  /** An HttpStatus, or 431, which Nest's enum lacks. */
  readonly status: HttpStatus | typeof REQUEST_HEADER_FIELDS_TOO_LARGE;
  readonly title: string;
  readonly message: string;
}

/**
 * The one catalog. Typed as a Record over the enum, so a code without an entry does not compile.
 * Messages of FET-0001/0002/0003/0400/0402/0410/0411/0412/1002 are the create page's own.
 */
export const FET_ERROR_CATALOG: Readonly<Record<FetErrorCode, FetErrorDefinition>> = {
  [FetErrorCode.BadRequest]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Bad Request',
    message:
      'One or more required fields are missing. Please ensure all required fields like configName, host, port, userName, and password are included.',
  },
  [FetErrorCode.InternalServerError]: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    title: 'Internal Server Error',
    message: 'The server encountered an unexpected error. Please try again later or contact support.',
  },
  [FetErrorCode.ServiceUnavailable]: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    title: 'Service Unavailable',
    message:
      'The server is currently unable to handle the request due to temporary overloading or maintenance of the server. Please try again later.',
  },
  [FetErrorCode.RouteNotFound]: {
    status: HttpStatus.NOT_FOUND,
    title: 'Not Found',
    message: 'The requested route does not exist. Please check the method and the path.',
  },
  [FetErrorCode.MethodNotAllowed]: {
    status: HttpStatus.METHOD_NOT_ALLOWED,
    title: 'Method Not Allowed',
    message: 'This path does not accept this method. The methods it accepts are listed in the Allow header.',
  },
  [FetErrorCode.RequestTimeout]: {
    status: HttpStatus.REQUEST_TIMEOUT,
    title: 'Request Timeout',
    message: 'The request was not received completely in time. Please send it again.',
  },
  [FetErrorCode.Unauthorized]: {
    status: HttpStatus.UNAUTHORIZED,
    title: 'Unauthorized',
    message: 'A valid bearer token is required to access this resource.',
  },
  [FetErrorCode.Forbidden]: {
    status: HttpStatus.FORBIDDEN,
    title: 'Forbidden',
    message: 'The token does not grant the permission this operation needs.',
  },
  [FetErrorCode.UnexpectedFields]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Unexpected Fields in the Request',
    message:
      'The request body contains more fields than expected. Please send only the allowed fields as per the documentation. The unexpected fields are listed in the fields object.',
  },
  [FetErrorCode.InvalidDataRequest]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Data Request',
    message: 'The request data is invalid. Please check the fields listed and try again.',
  },
  [FetErrorCode.MissingFields]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Missing Fields in Request',
    message:
      'Your request is missing one or more required fields. Please refer to the documentation to ensure all necessary fields are included in your request.',
  },
  [FetErrorCode.InvalidHeader]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Header',
    message:
      'A request header is missing or invalid. X-Product-Name must be 1 to 100 letters, digits, underscores or hyphens.',
  },
  [FetErrorCode.InvalidPathParameter]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Path Parameter',
    message: 'The path parameter is invalid. The connection id must be a UUID.',
  },
  [FetErrorCode.InvalidQueryParameter]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Query Parameter',
    message: 'One or more query parameters are unknown or invalid. The parameters are listed in the fields object.',
  },
  [FetErrorCode.PaginationLimitExceeded]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Pagination Limit Exceeded',
    message: 'The limit parameter must be an integer between 1 and 100.',
  },
  [FetErrorCode.InvalidSortOrder]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Sort Order',
    message: 'The sortOrder parameter must be asc or desc.',
  },
  [FetErrorCode.InvalidDateFormat]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Date Format',
    message: 'Dates must be valid calendar days in the YYYY-MM-DD format.',
  },
  [FetErrorCode.InvalidDateRange]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Date Range',
    message: 'The endDate must not be before the startDate.',
  },
  [FetErrorCode.InvalidMetadataNesting]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid Metadata Nesting',
    message:
      'The metadata object cannot contain nested values. Please ensure that the value is not nested and try again.',
  },
  [FetErrorCode.MetadataValueTooLong]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Metadata Value Length Exceeded',
    message:
      'The metadata value exceeds the maximum allowed length of 2000 characters. Please use a shorter value.',
  },
  [FetErrorCode.MetadataKeyTooLong]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Metadata Key Length Exceeded',
    message:
      'The metadata key exceeds the maximum allowed length of 100 characters. Please use a shorter key.',
  },
  [FetErrorCode.InvalidSslConfiguration]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Invalid SSL Configuration',
    message:
      'The SSL configuration is not acceptable. The mode must be disable, require, verify-ca or verify-full, and ca, cert and key must be PEM strings of at most 64 KiB.',
  },
  [FetErrorCode.ForbiddenHost]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Forbidden Host',
    message: 'The host is not allowed by the host policy of this service.',
  },
  [FetErrorCode.PayloadTooLarge]: {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    title: 'Payload Too Large',
    message: 'The request body exceeds the maximum allowed size of 1 MiB.',
  },
  [FetErrorCode.PreconditionFailed]: {
    status: HttpStatus.PRECONDITION_FAILED,
    title: 'Precondition Failed',
    message:
      'The connection was changed since you read it. Read it again and retry with the new ETag in If-Match.',
  },
  [FetErrorCode.HeaderFieldsTooLarge]: {
    status: REQUEST_HEADER_FIELDS_TOO_LARGE,
    title: 'Request Header Fields Too Large',
    message: 'The URL or the request headers are too large. Please shorten the query string or the headers.',
  },
  [FetErrorCode.RateLimitExceeded]: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    title: 'Rate Limit Exceeded',
    message: 'Too many requests for this connection. Please retry after the time given in Retry-After.',
  },
  [FetErrorCode.EntityNotFound]: {
    status: HttpStatus.NOT_FOUND,
    title: 'Entity Not Found',
    message: 'No connection was found for the given id.',
  },
  [FetErrorCode.Conflict]: {
    status: HttpStatus.CONFLICT,
    title: 'Conflict',
    message:
      'An entity of type connection with the same unique attributes already exists. Please use different values to avoid conflicts and review the data provided in the request.',
  },
  [FetErrorCode.AlreadyAssigned]: {
    status: HttpStatus.CONFLICT,
    title: 'Connection Already Assigned',
    message: 'The connection is already assigned to a product.',
  },
  [FetErrorCode.ConnectionProvisioned]: {
    status: HttpStatus.CONFLICT,
    title: 'Connection Is Provisioned',
    message:
      'The connection is declared in the provisioning file of the service. Change or remove its entry in that file instead: the service applies the file when it starts.',
  },
  [FetErrorCode.DatabaseConnectionError]: {
    status: HttpStatus.BAD_GATEWAY,
    title: 'Database Connection Error',
    message: 'The database of this connection could not be reached. The reason is given in fields.reason.',
  },
  [FetErrorCode.SchemaRetrievalError]: {
    status: HttpStatus.BAD_GATEWAY,
    title: 'Schema Retrieval Error',
    message: 'The connection was made but the database catalog could not be read.',
  },
  [FetErrorCode.SchemaValidationFailed]: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Schema validation failed',
    message: 'Some mapped tables or fields do not exist in their data sources. They are listed in errors.',
  },
  [FetErrorCode.ValidationLimitExceeded]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Validation Limit Exceeded',
    message: 'At most 10 data sources, 20 tables per data source and 50 fields per table can be validated at once.',
  },
  [FetErrorCode.NoConnectionsFound]: {
    status: HttpStatus.BAD_REQUEST,
    title: 'No Connections Found',
    message: 'None of the named data sources exists.',
  },
};
