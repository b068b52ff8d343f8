import { ArgumentMetadata, Injectable, Type, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';
import { DtoTransformer } from './dto-transformer';
import { isJsonTree } from './json-tree';
import { prototypeKeyFields } from './prototype-keys';
import { toQueryFetException } from './query-exception.factory';
import { readQuery } from './query-map';
import { RuleCheck } from './rule-check';
import { toFetException } from './validation-exception.factory';
import { ValidQueries } from './valid-queries';

/**
 * The global pipe: class-validator with whitelist, forbidNonWhitelisted and transform, its findings
 * turned into one FET error. Prototype keys in a body (which the transformer never shows to the
 * whitelist) are unexpected fields too, listed with whatever else the whitelist refused. A query
 * DTO is answered with the query codes (FET-0405 to FET-0409), one parameter at a time; a query
 * accepted once is not validated again (ValidQueries). An object is first checked against its
 * class's rules read once (RuleCheck); class-validator itself runs only when that check does not
 * find it valid, and so makes every error.
 */
@Injectable()
export class FetValidationPipe extends ValidationPipe {
  private readonly validQueries = new ValidQueries();
  private readonly ruleCheck = new RuleCheck();
  /**
   * Each class's validation metadata for Nest's look for binary values, kept as long as the pipe:
   * Nest makes a new cache per call, and reads the metadata again (filtered and copied) on each.
   * A class's metadata is complete once the class is defined (its decorators have run).
   */
  private readonly nestedMetadata = new Map<unknown, unknown[]>();
  private readonly dtoTransformer = new DtoTransformer();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: true },
      exceptionFactory: toFetException,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // What Nest's transform gives a custom parameter (organization, product, audit: one call each per
    // request) when custom decorators are not validated: the value, without the steps that find so.
    if (metadata.type === 'custom' && !this.validateCustomDecorators) return value;
    if (metadata.type === 'query' && metadata.metatype && this.toValidate(metadata)) {
      return this.transformQuery(value, metadata.metatype as Type<object>);
    }
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      this.expectedType === undefined &&
      this.isTransformEnabled &&
      DtoTransformer.follows(this.transformOptions) &&
      this.toValidate(metadata) &&
      isJsonTree(value)
    ) {
      return this.transformJsonBody(value as Record<string, unknown>, metadata);
    }
    const prototypeKeys = metadata.type === 'body' ? prototypeKeyFields(value) : {};
    if (Object.keys(prototypeKeys).length === 0) return super.transform(value, metadata);
    let others = {};
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof FetException)) throw error;
      if (error.code === FetErrorCode.UnexpectedFields) others = error.fields ?? {};
    }
    throw new FetException(FetErrorCode.UnexpectedFields, {
      fields: { ...others, ...prototypeKeys },
    });
  }

  /** No errors when the rule check finds `object` valid; class-validator's own findings otherwise. */
  protected override async validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    if (RuleCheck.follows(options) && (await this.ruleCheck.passes(object))) return [];
    return super.validate(object, options);
  }

  protected override findNestedBinaryValues(object: unknown, metadataCache = this.nestedMetadata): ValidationError[] {
    return super.findNestedBinaryValues(object, metadataCache);
  }

  /**
   * Nest's `transform` for a body that is a JSON tree (an object, no prototype key at any depth, so
   * `prototypeKeyFields` finds none either): the same steps without the walks that cannot change or
   * find anything in it (`closeArrayGaps`, `stripProtoKeys`, `findNestedBinaryValues`; see
   * isJsonTree), and with class-transformer's output made by DtoTransformer where it follows the class.
   */
  private async transformJsonBody(value: Record<string, unknown>, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as Type<object>;
    const entity =
      this.dtoTransformer.toInstance(metatype, value) ?? plainToInstance(metatype, value, this.transformOptions);
    // Nest lends a value that is not an instance of the class a constructor while it validates it: not here.
    if ((entity as { constructor?: unknown }).constructor !== metatype) return super.transform(value, metadata);
    const errors = await this.validate(entity, {
      ...this.validatorOptions,
      validationError: { target: false, ...this.validatorOptions.validationError },
    });
    if (errors.length > 0) {
      if (this.validatorOptions.validationError?.value === undefined) this.stripParentErrorValues(errors);
      throw await this.exceptionFactory(errors);
    }
    return entity;
  }

  /** The same class-validator run on what readQuery leaves of the query, with the query's own error order. */
  private async transformQuery(value: unknown, metatype: Type<object>): Promise<object> {
    const key = this.validQueries.keyOf(value);
    const known = this.validQueries.get(metatype, key);
    if (known) return known;
    const query = readQuery(value, metatype);
    const entity = plainToInstance(metatype, query.params, this.transformOptions);
    const problem = toQueryFetException(await this.validate(entity, this.validatorOptions), query);
    if (problem) throw problem;
    const accepted = query.map
      ? Object.assign(entity, { [query.map.property]: query.map.entries })
      : entity;
    this.validQueries.remember(metatype, key, accepted);
    return accepted;
  }
}
