import { TransformationType } from 'class-transformer';
import type { ClassTransformOptions, TransformFnParams, TransformMetadata, TypeMetadata } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';

/**
 * class-transformer's own metadata storage (what its decorators write and its executor reads). Not
 * exported from the package root; @nestjs/swagger reads it by the same path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

type Constructor = new () => object;

/** What class-transformer does with one property of a class, read from its metadata once. */
interface PropertyPlan {
  type?: TypeMetadata;
  transforms: readonly TransformMetadata[];
}

/** A class's plan: its properties by name; `undefined` when the class uses what the plan does not follow. */
type ClassPlan = ReadonlyMap<string, PropertyPlan> | undefined;

/** Returned by a step that meets what the plan does not follow: the caller runs class-transformer. */
const UNFOLLOWED = Symbol('unfollowed');

/**
 * class-transformer's `plainToInstance` with its default options, for the values that
 * `isJsonTree` accepts, with each class's metadata read once instead of on every property of every
 * call (class-transformer looks up expose, exclude, type and transform metadata again, with the
 * class's ancestors, for every key it copies; that and its garbage were about a third of the
 * validation pipe's cost on a create).
 *
 * It follows class-transformer's steps exactly where it acts (same order of keys, same `new`, the
 * same `@Type` function called with the same arguments, the same `@Transform` functions in the same
 * order with the same arguments, the same keys skipped) and answers `undefined` wherever it would
 * need a step it does not follow: a class with `@Expose`/`@Exclude` or a discriminator, a `@Type`
 * to String, Number, Boolean, Date, Buffer, Map or Set, a key that is not a property the class's
 * validation or transformation metadata names (a body with such a key is refused anyway, by the
 * whitelist). The caller then runs class-transformer itself. `dto-transformer.spec.ts` compares the
 * two on every DTO class of the request bodies, over valid and invalid bodies.
 */
export class DtoTransformer {
  private readonly plans = new Map<Constructor, ClassPlan>();
  /** The options object the `@Transform` functions are handed, as class-transformer's executor hands its own. */
  private readonly options: ClassTransformOptions;

  constructor(options?: ClassTransformOptions) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Whether `options` (the pipe's transformOptions) are class-transformer's defaults, which the plan follows. */
  static follows(options: ClassTransformOptions | undefined): boolean {
    return options === undefined || Object.keys(options).length === 0;
  }

  /** The instance class-transformer would make of `value` (a JSON tree), or `undefined`: run class-transformer. */
  toInstance(metatype: Constructor, value: Record<string, unknown>): object | undefined {
    const instance = this.instanceOf(metatype, value);
    return instance === UNFOLLOWED ? undefined : instance;
  }

  private instanceOf(metatype: Constructor, value: Record<string, unknown>): object | typeof UNFOLLOWED {
    const plan = this.planOf(metatype);
    if (plan === undefined) return UNFOLLOWED;
    const keys = Object.keys(value);
    // A key outside the plan: before `new`, so that nothing runs twice when class-transformer takes over.
    for (const key of keys) if (!plan.has(key)) return UNFOLLOWED;
    const instance = new metatype() as Record<string, unknown>;
    const prototype = (instance.constructor as { prototype?: object }).prototype;
    for (const key of keys) {
      const property = plan.get(key) as PropertyPlan;
      const subValue = value[key];
      let type: unknown;
      if (property.type !== undefined) {
        const { typeFunction } = property.type;
        const reflectedType: unknown = property.type.reflectedType;
        type = typeFunction ? typeFunction({ newObject: instance, object: value, property: key }) : reflectedType;
      }
      const arrayType: unknown = Array.isArray(subValue) ? property.type?.reflectedType : undefined;
      if (prototype) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
        if ((descriptor && !descriptor.set) || instance[key] instanceof Function) continue;
      }
      let finalValue = this.valueOf(subValue, type, arrayType);
      if (finalValue === UNFOLLOWED) return UNFOLLOWED;
      for (const transform of property.transforms) {
        const params: TransformFnParams = {
          value: finalValue,
          key,
          obj: value,
          type: TransformationType.PLAIN_TO_CLASS,
          options: this.options,
        };
        finalValue = transform.transformFn(params) as unknown;
      }
      // exposeUnsetFields (on by default): undefined is assigned too.
      instance[key] = finalValue;
    }
    return instance;
  }

  /** class-transformer's `transform` of one value of a JSON tree into `type` (a class, or none). */
  private valueOf(value: unknown, type: unknown, arrayType: unknown): unknown {
    if (type !== undefined && (typeof type !== 'function' || UNFOLLOWED_TYPES.has(type))) return UNFOLLOWED;
    if (Array.isArray(value)) {
      const array = arrayType ? newArray(arrayType) : [];
      if (array === UNFOLLOWED) return UNFOLLOWED;
      for (const item of value as unknown[]) {
        const made = this.valueOf(item, type, undefined);
        if (made === UNFOLLOWED) return UNFOLLOWED;
        array.push(made);
      }
      return array;
    }
    if (value === null || typeof value !== 'object') return value;
    if (type !== undefined) return this.instanceOf(type as Constructor, value as Record<string, unknown>);
    return plainCopy(value as Record<string, unknown>, this);
  }

  private planOf(metatype: Constructor): ClassPlan {
    if (!this.plans.has(metatype)) this.plans.set(metatype, readPlan(metatype));
    return this.plans.get(metatype);
  }

  /** For plainCopy: one value of an untyped object. */
  copyValue(value: unknown): unknown {
    return this.valueOf(value, undefined, undefined);
  }
}

/** class-transformer's defaults (`defaultOptions`), which `plainToInstance` spreads its options over. */
const DEFAULT_OPTIONS: ClassTransformOptions = {
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
};

/** Types class-transformer converts to (or builds as) something other than an instance of a class. */
const UNFOLLOWED_TYPES: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Buffer, Map, Set, Promise]);

/** class-transformer's `instantiateArrayType`, for an array type the plan follows. */
function newArray(arrayType: unknown): unknown[] | typeof UNFOLLOWED {
  if (typeof arrayType !== 'function' || arrayType === Set) return UNFOLLOWED;
  const array = new (arrayType as new () => object)();
  if (array instanceof Set) return UNFOLLOWED;
  return 'push' in array ? (array as unknown[]) : [];
}

/**
 * An object without a type, as class-transformer copies it: `{}` and every key, but those that
 * Object.prototype holds as a method or a value without setter (class-transformer skips them).
 */
function plainCopy(value: Record<string, unknown>, transformer: DtoTransformer): object | typeof UNFOLLOWED {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, key);
    if ((descriptor && !descriptor.set) || copy[key] instanceof Function) continue;
    const made = transformer.copyValue(value[key]);
    if (made === UNFOLLOWED) return UNFOLLOWED;
    copy[key] = made;
  }
  return copy;
}

/**
 * The plan of a class, or `undefined` when class-transformer would do something the plan does not
 * follow for it. Its properties: every property class-validator has a rule for, and every one
 * class-transformer has a type or a transformation for (ancestors included, as both look them up).
 */
function readPlan(metatype: Constructor): ClassPlan {
  const storage = defaultMetadataStorage;
  const plainToClass = TransformationType.PLAIN_TO_CLASS;
  if (storage.getStrategy(metatype) !== 'none') return undefined;
  if (storage.getExposedMetadatas(metatype).length > 0 || storage.getExcludedMetadatas(metatype).length > 0) return undefined;
  const names = new Set<string>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false)) names.add(rule.propertyName);
  for (const target of [metatype, ...ancestors(metatype)]) {
    for (const name of storageKeys(storage, '_typeMetadatas', target)) names.add(name);
    for (const name of storageKeys(storage, '_transformMetadatas', target)) names.add(name);
  }
  const plan = new Map<string, PropertyPlan>();
  for (const name of names) {
    if (name === '__proto__' || name === 'constructor') return undefined;
    const type = storage.findTypeMetadata(metatype, name);
    if (type?.options?.discriminator !== undefined) return undefined;
    if (type !== undefined && UNFOLLOWED_TYPES.has(type.reflectedType)) return undefined;
    const transforms = storage
      .findTransformMetadatas(metatype, name, plainToClass)
      // applyCustomTransformations without groups or version: only those with no groups.
      .filter((metadata) => !metadata.options || !metadata.options.groups || !metadata.options.groups.length);
    plan.set(name, { type, transforms });
  }
  return plan;
}

function ancestors(metatype: Constructor): Constructor[] {
  const found: Constructor[] = [];
  for (let parent = Object.getPrototypeOf(metatype) as unknown; typeof parent === 'function' && parent !== Function.prototype; parent = Object.getPrototypeOf(parent)) {
    found.push(parent as Constructor);
  }
  return found;
}

/** The property names class-transformer's storage holds for `target` in one of its metadata maps. */
function storageKeys(storage: unknown, map: '_typeMetadatas' | '_transformMetadatas', target: Constructor): string[] {
  const byTarget = (storage as Record<typeof map, Map<unknown, Map<string, unknown>>>)[map].get(target);
  return byTarget ? [...byTarget.keys()].filter((key) => typeof key === 'string') : [];
}
