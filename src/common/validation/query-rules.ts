import { Transform } from 'class-transformer';
import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as the UTC midnight that starts that day; undefined for anything else (2024-02-30 too). */
export function utcDay(value: unknown): Date | undefined {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match) return undefined;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.toISOString().slice(0, 10) === value ? date : undefined;
}

/** A whole number written as 1 to 9 digits (after trimming) becomes that number; anything else stays as it came, for the rules to refuse. */
export const ToInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value,
  );

/** A calendar day, `YYYY-MM-DD`. */
export function IsUtcDay(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isUtcDay',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => utcDay(value) !== undefined },
    });
}

/** Not a day before the day in `other`; passes while either is not a calendar day (their own rules say so). */
export function NotBefore(other: string, options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const start = utcDay((args.object as Record<string, unknown>)[other]);
          const end = utcDay(value);
          return !start || !end || end >= start;
        },
      },
    });
}
