import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { buildMessage, isUUID, ValidateBy, type ValidationOptions } from 'class-validator';
import { DomainException } from './domain.exception';

/** The largest value of a PostgreSQL `integer` column (versions) and a bound for page numbers. */
export const PG_INT_MAX = 2_147_483_647;

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
