import { ErrorCode } from './error-code';

/** One problem with one field of the input: which field, which rule it broke, in words. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** A refusal the domain can explain; the exception filter turns it into HTTP by its code. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainException';
  }

  static notFound(entity: string, id: string): DomainException {
    return new DomainException(ErrorCode.NotFound, `${entity} ${id} not found`);
  }

  static forbidden(message: string): DomainException {
    return new DomainException(ErrorCode.Forbidden, message);
  }

  static conflict(message: string, details?: Record<string, unknown>): DomainException {
    return new DomainException(ErrorCode.Conflict, message, details);
  }

  /**
   * A refusal to come back later (a 429 code: a rate, a quota, a busy gate): the message and the details say in how
   * many seconds (retryAfterSeconds, beside what the caller adds), and so does the Retry-After header.
   */
  static retryLater(code: ErrorCode, why: string, retryAfterSeconds: number, details?: Record<string, unknown>): DomainException {
    return new DomainException(code, `${why}; retry in ${retryAfterSeconds} s`, { retryAfterSeconds, ...details }, { 'Retry-After': String(retryAfterSeconds) });
  }

  static validation(details: FieldProblem[]): DomainException {
    const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return new DomainException(ErrorCode.ValidationFailed, message, details);
  }
}
