import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { buildMessage, IsInt, isUUID, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { DomainException } from './domain.exception';

/** The range of a PostgreSQL `integer` column (versions, row versions) and a bound for page numbers. */
export const PG_INT_MIN = -2_147_483_648;
export const PG_INT_MAX = 2_147_483_647;

/**
 * A whole number within [min, max], by default the range of the `integer` column it meets: @IsInt() alone takes 2^31
 * and even 1e308 (Number.isInteger), which reached PostgreSQL and came back a 500. The rules are class-validator's own
 * (isInt, min, max, with their messages), so the pages say each one with its bound. Every integer field of a DTO
 * takes this decorator (integer-fields.spec.ts checks it); a narrower range is the field's own (a year, a count).
 */
export function IntRange(min: number = PG_INT_MIN, max: number = PG_INT_MAX, options?: ValidationOptions): PropertyDecorator {
  if (min < PG_INT_MIN || max > PG_INT_MAX || min > max) throw new Error(`IntRange(${min}, ${max}): not within the integer column's range`);
  return (target, property) => {
    IsInt(options)(target, property);
    Min(min, options)(target, property);
    Max(max, options)(target, property);
  };
}

/**
 * An integer typed as text where no DTO reads it (a header, a query parameter read by hand, a form's hidden field):
 * the same rules and messages as IntRange, a 400 naming the field. Digits only, so "1e3" or "0x10" are not numbers.
 */
export function intFromText(text: string, field: string, min: number = PG_INT_MIN, max: number = PG_INT_MAX): number {
  const problem = (rule: string, message: string) => DomainException.validation([{ field, rule, message: `${field} ${message}` }]);
  if (!/^-?\d+$/.test(text)) throw problem('isInt', 'must be an integer number');
  const value = Number(text);
  if (value < min) throw problem('min', `must not be less than ${min}`);
  if (value > max) throw problem('max', `must not be greater than ${max}`);
  return value;
}

const codePoints = (s: string) => [...s].length;

/**
 * Like class-validator's @Length, but counting code points as PostgreSQL's varchar(n) does. @Length does not count
 * variation selectors, so "🏙️" × 101 passed a 200 limit and then failed in the database with a 500.
 */
export function CharLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePoints(value) >= min && codePoints(value) <= max,
        // Which bound was broken, in @Length's words, so that a client says "missing" or "too long" rather than both.
        defaultMessage: buildMessage((each, args) => {
          const value: unknown = args?.value;
          if (typeof value === 'string' && codePoints(value) < min) return `${each}$property must be longer than or equal to $constraint1 characters`;
          if (typeof value === 'string' && codePoints(value) > max) return `${each}$property must be shorter than or equal to $constraint2 characters`;
          return `${each}$property must be between $constraint1 and $constraint2 characters`;
        }, options),
      },
    },
    options,
  );
}

/** A UUID path parameter; anything else is refused with 400 naming the parameter and the rule (like the body). */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value)) return value;
    const field = metadata.data ?? 'id';
    throw DomainException.validation([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]);
  }
}
