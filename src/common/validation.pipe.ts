import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException, FieldProblem } from './domain.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      // class-validator names the unknown-field rule after its option; say what it means.
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Text PostgreSQL cannot store: a NUL character (refused by the database, a 500 before this check) and a lone
 * surrogate (silently stored as U+FFFD). Both are refused here with the field that holds them.
 */
function unstorableText(value: unknown, prefix = ''): FieldProblem[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ field: prefix, rule: 'noNulCharacter', message: `${prefix} must not contain a NUL character` }];
    if (/\p{Cs}/u.test(value)) return [{ field: prefix, rule: 'wellFormedUnicode', message: `${prefix} must be well-formed Unicode` }];
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => unstorableText(v, prefix ? `${prefix}.${key}` : key));
}

class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problems = unstorableText(result);
      if (problems.length > 0) throw DomainException.validation(problems);
    }
    return result;
  }
}

/** The one input pipe: unknown fields refused, types transformed, every problem named by field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => DomainException.validation(flatten(errors)),
  });
}
