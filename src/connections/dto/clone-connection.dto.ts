import { ApiSchema, PickType } from '@nestjs/swagger';
import { CreateConnectionDto } from './create-connection.dto';

/**
 * Clone body (spec §3.13): the new connection's name, with create's rules for it. Every other
 * setting, the secrets included, comes from the source, so nothing else may be sent.
 */
@ApiSchema({
  name: 'CloneConnectionRequest',
  description:
    'The name of the copy. Every other setting, the password and `ssl.key` included, is the source’s.',
})
export class CloneConnectionDto extends PickType(CreateConnectionDto, ['configName'] as const) {}
