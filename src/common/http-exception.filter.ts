import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from './domain.exception';
import { ERROR_STATUS, ErrorCode } from './error-code';
import { requestIdFor } from './request-id';

const STATUS_CODE: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  422: ErrorCode.UnprocessableEntity,
  503: ErrorCode.ServiceUnavailable,
};

/** Body-parser errors reach us as plain errors carrying a status and a type (and, for a body too large, the limit). */
interface ParserError {
  status?: number;
  type?: string;
  message?: string;
  limit?: number;
}

/** Maps every error to one JSON shape: { statusCode, error, message, details?, requestId }. Never leaks internals. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request & { id?: string }>();
    const { status, body, headers } = this.describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    // The body parsers run before the logger's middleware gives the request its id: a body refused there has none.
    const requestId = request.id ?? requestIdFor(request, response);
    response.status(status).json({ statusCode: status, ...body, requestId });
  }

  private describe(exception: unknown): {
    status: number;
    body: { error: string; message: string; details?: unknown };
    headers?: Record<string, string>;
  } {
    if (exception instanceof DomainException) {
      return {
        status: ERROR_STATUS[exception.code],
        body: { error: exception.code, message: exception.message, details: exception.details },
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') {
        return { status, body: { error: STATUS_CODE[status] ?? ErrorCode.Internal, message: response } };
      }
      // Nest's own shape is { statusCode, message, error }; anything else (e.g. a health report) is kept as details.
      const { message, statusCode: _statusCode, ...rest } = response as Record<string, unknown>;
      if (typeof rest.error === 'string') delete rest.error;
      return {
        status,
        body: {
          error: STATUS_CODE[status] ?? ErrorCode.Internal,
          message: typeof message === 'string' ? message : exception.message,
          details: Object.keys(rest).length > 0 ? rest : undefined,
        },
      };
    }
    const parser = exception as ParserError;
    if (parser && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
      if (parser.type === 'entity.too.large' && typeof parser.limit === 'number') {
        const limit = parser.limit;
        const message = `body: larger than the limit of ${limit} bytes`;
        return { status: parser.status, body: { error: ErrorCode.PayloadTooLarge, message, details: [{ field: 'body', rule: 'size', message, limit }] } };
      }
      const message =
        parser.type === 'entity.too.large'
          ? 'body: larger than the limit of the request body'
          : parser.type === 'entity.parse.failed'
            ? 'body: not valid JSON'
            : (parser.message ?? 'bad request');
      return {
        status: parser.status,
        body: { error: STATUS_CODE[parser.status] ?? ErrorCode.ValidationFailed, message },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: ErrorCode.Internal, message: 'internal error' },
    };
  }
}
