import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidateSchemaRequest, parseValidateSchemaRequest } from './validate-schema.request';

/** The validate-schema body, checked by hand (a map of free-form names; see parseValidateSchemaRequest). */
@Injectable()
export class ValidateSchemaPipe implements PipeTransform<unknown, ValidateSchemaRequest> {
  transform(body: unknown): ValidateSchemaRequest {
    return parseValidateSchemaRequest(body);
  }
}
