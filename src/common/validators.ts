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

/**
 * The years a date a user sends can mean (a cycle's window, an extension, a unit's validity, a document's date, a
 * filter): PostgreSQL refused a year 0 or -9999 (a 500), and a year 9999 passed as a deadline no one could reach.
 */
export const DATE_YEAR_MIN = 1900;
export const DATE_YEAR_MAX = 2200;

/**
 * The one ISO 8601 shape taken: a date, or a date-time to the minute, second or millisecond, with Z, an offset of
 * ±HH:mm (±HHmm) up to 14 hours, or none (Vietnam time, parseVietnamTime). class-validator's isISO8601 also takes week
 * and ordinal dates, basic format, "+07" and a signed year: JavaScript reads these as no date or another year, and
 * PostgreSQL refuses some, so each of them is refused here; what is left is read as the same instant by both.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** The year of a date or date-time in the shape taken (a real day, a real time of day), or null. */
export function dateTimeYear(text: unknown): number | null {
  const m = typeof text === 'string' ? DATE_TIME.exec(text) : null;
  if (!m) return null;
  const [year, month, day] = [+m[1], +m[2], +m[3]];
  // Date.UTC reads years 0-99 as 1900-1999: the day is checked in a year it keeps (the same calendar every 400 years).
  const probe = new Date(Date.UTC(2000 + (year % 400), month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const [hour, minute, second, offsetHours, offsetMinutes] = [m[4], m[5], m[6], m[7], m[8]].map((v) => (v === undefined ? 0 : +v));
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return null;
  if (offsetHours === 14 && offsetMinutes > 0) return null;
  return year;
}

/**
 * A date or date-time a user sends: the shape above (rule isIso8601, as class-validator's, so that the pages say
 * "a valid date") and a year within [DATE_YEAR_MIN, DATE_YEAR_MAX] (rule dateYears, with its bounds). Every date
 * field of a DTO takes this decorator (date-fields.spec.ts checks it); a date column's field adds its YYYY-MM-DD rule.
 */
export function DateInRange(options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    ValidateBy(
      {
        name: 'isIso8601',
        validator: {
          validate: (value: unknown) => dateTimeYear(value) !== null,
          defaultMessage: buildMessage(
            (each) => `${each}$property must be an ISO 8601 date (2025-03-01) or date-time (2025-03-01T08:00, +07:00 when no offset is given)`,
            options,
          ),
        },
      },
      options,
    )(target, property);
    ValidateBy(
      {
        name: 'dateYears',
        constraints: [DATE_YEAR_MIN, DATE_YEAR_MAX],
        validator: {
          // A text that is no date at all is isIso8601's to say; this rule speaks of the year only.
          validate: (value: unknown) => {
            const year = dateTimeYear(value);
            return year === null || (year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX);
          },
          defaultMessage: buildMessage((each) => `${each}$property must be a date in the years $constraint1 to $constraint2`, options),
        },
      },
      options,
    )(target, property);
  };
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
