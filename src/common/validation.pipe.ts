import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** The one input pipe: unknown fields refused, types transformed, every problem named by field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => DomainException.validation(flatten(errors)),
  });
}
