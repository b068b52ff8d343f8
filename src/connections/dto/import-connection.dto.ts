import { ApiProperty, ApiSchema, PickType } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsPresent, Trim } from '../../common/validation/validators';
import { URI_MAX_BYTES } from '../import/connection-uri';
import { CreateConnectionDto } from './create-connection.dto';

/**
 * POST /import body (spec §3.12): the create body's own fields with create's rules (picked, not
 * copied), and the URI that gives the rest. The URI itself is read by import/connection-uri.ts.
 */
@ApiSchema({
  name: 'ImportConnectionRequest',
  description:
    'A new connection from a connection URI: the URI gives `type`, `host`, `port`, `databaseName`, `userName` and ' +
    '`password`; the body adds `configName` and, optionally, `schema`, `ssl` (with its PEMs), `metadata` and `sshTunnel`.',
})
export class ImportConnectionDto extends PickType(CreateConnectionDto, [
  'configName',
  'schema',
  'ssl',
  'metadata',
  'sshTunnel',
] as const) {
  @ApiProperty({
    maxLength: URI_MAX_BYTES,
    format: 'password',
    writeOnly: true,
    example: 'postgresql://report_reader:s3cret%40pw@db.example.com:5432/sales?sslmode=require',
    description:
      'At most 4 KiB (UTF-8). Forms: `postgres://`, `postgresql://`, `mysql://`, `mariadb://`, ' +
      '`sqlserver://` and `mssql://` (`user:pw@host[:port]/database`), `jdbc:sqlserver://host[:port];databaseName=…;user=…;password=…`, ' +
      '`oracle://user:pw@host[:port]/service`, `jdbc:oracle:thin:@//host[:port]/service?user=…&password=…`, ' +
      '`mongodb://` (one host). The scheme is case-insensitive; the user, password, database and option values are ' +
      'percent-decoded (write `@ : / ? # %` in a password as `%40 %3A %2F %3F %23 %25`); the port defaults to the ' +
      'engine’s (5432, 3306, 1433, 1521, 27017). Options allowed: PostgreSQL `sslmode`, `currentSchema`, ' +
      '`options=-c search_path=<schema>`; MySQL `ssl-mode`/`sslMode`; SQL Server `encrypt`, `trustServerCertificate`; ' +
      'MongoDB `tls`/`ssl`, `tlsAllowInvalidCertificates`, `authSource`, `replicaSet`, `directConnection`. Any other ' +
      'option is 400 FET-0400 naming it. No error ever quotes a value of the URI.',
  })
  @Trim()
  @IsPresent()
  @IsString()
  uri: string;
}
