import {
  MetadataStorage,
  ValidationTypes,
  ValidatorConstraintInterface,
  ValidatorOptions,
  getMetadataStorage,
} from 'class-validator';

type Metadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Verdict = boolean | Promise<boolean>;
/** A class whose rules class-validator holds (an object's `constructor`). */
type RuledClass = abstract new (...args: never[]) => unknown;

/** One rule and the validators of its constraint class, as class-validator's container gave them. */
interface Rule {
  metadata: Metadata;
  validators: readonly ValidatorConstraintInterface[];
}

/** The rules of one property, split as class-validator's executor splits them. */
interface PropertyRules {
  name: string;
  defined: Rule[];
  conditional: Metadata[];
  custom: Rule[];
  nested: Metadata[];
}

/** The rules of one class (and schema), read once; undefined when the check leaves it to class-validator. */
interface ClassRules {
  targetName: string;
  allowed: ReadonlySet<string>;
  properties: PropertyRules[];
}

const KNOWN_TYPES: ReadonlySet<string> = new Set([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
  ValidationTypes.IS_DEFINED,
]);

const isPromise = (value: unknown): value is Promise<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> =>
  Array.isArray(value) || value instanceof Set || value instanceof Map;

/**
 * Whether an object passes every class-validator rule of its class, decided with the class's rules
 * read from class-validator's metadata once (class-validator filters and groups the whole metadata
 * list again on every call, and builds a ValidationError for every property of a valid object:
 * about half of a create body's validation).
 *
 * It runs the same rule instances with the same arguments as class-validator's executor, and
 * answers `true` only when class-validator would find nothing. Whatever it does not follow
 * exactly (a rule fails, an unexpected property, a nested array, a promise-valued property, options
 * other than the pipe's) makes it answer `false`, and the caller then runs class-validator itself,
 * which makes the errors: an error is always class-validator's own, byte for byte.
 */
export class RuleCheck {
  private readonly storage = getMetadataStorage();
  private readonly rules = new Map<RuledClass, Map<string | undefined, ClassRules | undefined>>();

  /** Whether `passes` decides for a validation with these options (no groups, nothing skipped). */
  static follows(options: ValidatorOptions | undefined): boolean {
    if (!options) return false;
    return (
      !options.groups?.length &&
      !options.always &&
      !options.strictGroups &&
      !options.skipMissingProperties &&
      !options.skipNullProperties &&
      !options.skipUndefinedProperties
    );
  }

  /** true when `object` is valid as class-validator would find it; false when that is not certain. */
  passes(object: object): Verdict {
    const pending: Promise<unknown>[] = [];
    if (!this.check(object, undefined, pending)) {
      for (const promise of pending) promise.catch(() => undefined);
      return false;
    }
    if (pending.length === 0) return true;
    return Promise.all(pending).then(
      (results) => results.every(Boolean),
      () => false,
    );
  }

  private check(object: object, schema: string | undefined, pending: Promise<unknown>[]): boolean {
    if (typeof object.constructor !== 'function') return false;
    const rules = this.rulesOf(object.constructor as RuledClass, schema);
    if (!rules) return false;
    for (const key of Object.keys(object)) if (!rules.allowed.has(key)) return false;
    const values = object as Record<string, unknown>;
    for (const property of rules.properties) {
      const value = values[property.name];
      // Every condition is evaluated, as class-validator does (map, then reduce).
      let applies = true;
      for (const rule of property.conditional) {
        const holds = Boolean((rule.constraints[0] as (o: object, v: unknown) => unknown)(object, value));
        applies = applies && holds;
      }
      if (!applies) continue;
      if (!this.custom(rules, object, value, property.defined, pending)) return false;
      if (!this.custom(rules, object, value, property.custom, pending)) return false;
      if (value === undefined || property.nested.length === 0) continue;
      if (isCollection(value) || !(value instanceof Object)) return false;
      for (const rule of property.nested) {
        const target = typeof rule.target === 'string' ? rule.target : rule.target.name;
        if (!this.check(value, target, pending)) return false;
      }
    }
    return true;
  }

  /** Each rule's constraint validators on `value`, with class-validator's arguments; promises go to `pending`. */
  private custom(
    rules: ClassRules,
    object: object,
    value: unknown,
    checks: readonly Rule[],
    pending: Promise<unknown>[],
  ): boolean {
    for (const { metadata, validators } of checks) {
      const each = metadata.each && isCollection(value);
      for (const validator of validators) {
        const args = {
          targetName: rules.targetName,
          property: metadata.propertyName,
          object,
          value,
          constraints: metadata.constraints,
        };
        if (each) {
          for (const item of value instanceof Map ? value.values() : value) {
            if (!this.settled(validator.validate(item, args), pending)) return false;
          }
        } else if (!this.settled(validator.validate(value, args), pending)) return false;
      }
    }
    return true;
  }

  /** false for a failed rule; a promise goes to `pending` (decided later). */
  private settled(result: unknown, pending: Promise<unknown>[]): boolean {
    if (isPromise(result)) {
      pending.push(result);
      return true;
    }
    return Boolean(result);
  }

  private rulesOf(type: RuledClass, schema: string | undefined): ClassRules | undefined {
    let bySchema = this.rules.get(type);
    if (!bySchema) {
      bySchema = new Map();
      this.rules.set(type, bySchema);
    }
    if (bySchema.has(schema)) return bySchema.get(schema);
    const rules = this.read(type, schema);
    bySchema.set(schema, rules);
    return rules;
  }

  /**
   * A rule with its validators taken from class-validator's container once, when the class is
   * first read: class-validator asks the container again for every rule of every object (the
   * default container looks the instance up in a list of every constraint class, one per decorator
   * in the application), and gets the same instance every time.
   */
  private rule(metadata: Metadata): Rule {
    const validators = this.storage
      .getTargetValidatorConstraints(metadata.constraintCls)
      .map((constraint) => constraint.instance);
    return { metadata, validators };
  }

  /** class-validator's own lookup (ValidationExecutor.execute: no groups, not always, not strict). */
  private read(type: RuledClass, schema: string | undefined): ClassRules | undefined {
    const metadatas = this.storage.getTargetValidationMetadatas(type, schema as string, false, false, undefined);
    if (metadatas.length === 0 || metadatas.some((metadata) => !KNOWN_TYPES.has(metadata.type))) return undefined;
    const grouped = this.storage.groupByPropertyName(metadatas);
    const properties = Object.entries(grouped).map(([name, all]): PropertyRules => {
      const others = all.filter(
        (metadata) => metadata.type !== ValidationTypes.IS_DEFINED && metadata.type !== ValidationTypes.WHITELIST,
      );
      return {
        name,
        defined: all.filter((metadata) => metadata.type === ValidationTypes.IS_DEFINED).map((metadata) => this.rule(metadata)),
        conditional: others.filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION),
        custom: others.filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION).map((metadata) => this.rule(metadata)),
        nested: others.filter((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION),
      };
    });
    return {
      targetName: type.name,
      allowed: new Set(Object.keys(grouped).filter((name) => grouped[name].length > 0)),
      properties,
    };
  }
}
