import { ApiSchema, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { CreateConnectionDto } from './create-connection.dto';

/**
 * The body of a test before saving (spec §3.11): a create body whose `configName` is optional.
 * Built from CreateConnectionDto, so every rule, code and precedence of create holds here too
 * (FET-0414 for a literal the host policy forbids included); nothing of it is stored.
 */
@ApiSchema({
  name: 'TestConnectionRequest',
  description:
    'The settings of a connection not saved yet: a create body whose `configName` is optional (absent, null or blank ' +
    'is none; a name that is given must be one create accepts). Nothing is stored; the password (and `ssl.key`) ' +
    'are used for this one test and dropped.',
})
export class TestConnectionDto extends IntersectionType(
  OmitType(CreateConnectionDto, ['configName'] as const),
  PartialType(PickType(CreateConnectionDto, ['configName'] as const)),
) {}

// A name is optional here: absent, null or blank (after trimming) all mean "none", and a name that is
// given must be one create would accept. The whole condition is written here because class-validator
// keeps one conditional rule per property and class: this one replaces the IsOptional of PartialType.
ValidateIf(
  (_body: object, value: unknown) => value !== undefined && value !== null && value !== '',
)(TestConnectionDto.prototype, 'configName');
