import { Injectable, PipeTransform, Type } from '@nestjs/common';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { FetValidationPipe } from '../../common/validation/fet-validation.pipe';
import { mostUrgentOf } from '../../common/validation/validation-exception.factory';
import { CreateConnectionDto } from '../dto/create-connection.dto';
import { ImportConnectionDto } from '../dto/import-connection.dto';
import { readConnectionUri } from './connection-uri';
import { importInput } from './import-input';
import { UriProblem } from './uri-reading';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The URI's problems as errors, one per code. */
function asErrors(problems: readonly UriProblem[]): FetException[] {
  const byCode = new Map<FetErrorCode, Map<string, string>>();
  for (const { code, field, why } of problems) {
    const fields = byCode.get(code) ?? new Map<string, string>();
    if (!fields.has(field)) fields.set(field, why);
    byCode.set(code, fields);
  }
  return [...byCode].map(
    ([code, fields]) => new FetException(code, { fields: Object.fromEntries<string>(fields) }),
  );
}

/** A refusal of a field whose value the URI gave says so (the field's JSON name, never the value). */
function aboutUri(error: FetException, fromUri: ReadonlySet<string>): FetException {
  if (!Object.keys(error.fields ?? {}).some((field) => fromUri.has(field))) return error;
  const fields = new Map(Object.entries(error.fields ?? {}));
  for (const [field, why] of fields) {
    if (fromUri.has(field))
      fields.set(
        field,
        why === 'is required' ? 'is required: the uri gives none' : `${why} (as the uri gives it)`,
      );
  }
  return new FetException(error.code, { fields: Object.fromEntries<string>(fields) });
}

/**
 * The import body (spec §3.12) → the create input it stands for, checked as one request: the body
 * against ImportConnectionDto, the URI by readConnectionUri, and the create input they make
 * against CreateConnectionDto, each with the global pipe's own rules and exception factory; then
 * the one error the spec's precedence picks among all of them (mostUrgentOf), else the input that
 * ConnectionsService.create takes, exactly as create's route would hand it over.
 */
@Injectable()
export class ImportConnectionPipe implements PipeTransform<unknown, Promise<CreateConnectionDto>> {
  private readonly rules = new FetValidationPipe();

  async transform(body: unknown): Promise<CreateConnectionDto> {
    const errors: FetException[] = [];
    await this.check(body, ImportConnectionDto, errors);
    const uri = isObject(body) && typeof body.uri === 'string' ? body.uri.trim() : '';
    const reading = uri === '' ? undefined : readConnectionUri(uri);
    errors.push(...asErrors(reading?.problems ?? []));
    let input: CreateConnectionDto | undefined;
    if (isObject(body) && reading?.connection) {
      const assembled = importInput(body, reading.connection);
      errors.push(...asErrors(assembled.problems));
      input = await this.check(assembled.input, CreateConnectionDto, errors, assembled.fromUri);
    }
    const error = mostUrgentOf(errors);
    if (error) throw error;
    if (!input)
      throw new FetException(FetErrorCode.MissingFields, { fields: { uri: 'is required' } });
    return input;
  }

  /** `value` through the global pipe's rules for `type`; its one FET error (if any) joins `errors`. */
  private async check<T>(
    value: unknown,
    type: Type<T>,
    errors: FetException[],
    fromUri: ReadonlySet<string> = new Set(),
  ): Promise<T | undefined> {
    try {
      return (await this.rules.transform(value, { type: 'body', metatype: type })) as T;
    } catch (error) {
      if (!(error instanceof FetException)) throw error;
      errors.push(aboutUri(error, fromUri));
      return undefined;
    }
  }
}
