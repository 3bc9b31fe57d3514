import {
  applyDecorators,
  ArgumentsHost,
  Catch,
  type CallHandler,
  type ExceptionFilter,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { DomainException } from '../common/domain.exception';
import { ERROR_STATUS } from '../common/error-code';
import { PAGE_CSP } from './view-setup';

/** How long a page may be kept: `revalidate` (latest data, ETag checked each time) or `immutable` (a fixed version). */
export type PageCaching = 'revalidate' | 'immutable' | 'none';

const CACHE_CONTROL: Record<PageCaching, string> = {
  revalidate: 'no-cache',
  // A published version's data never changes, but its page also says when a correction has superseded it, and its
  // markup may change with a release: an hour, not a year.
  immutable: 'public, max-age=3600',
  none: 'no-store',
};

/** The security and caching headers of every HTML page. */
export function setPageHeaders(res: Response, caching: PageCaching = 'revalidate'): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', CACHE_CONTROL[caching]);
}

@Injectable()
export class PageHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    setPageHeaders(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

/** What an error page says, in Vietnamese, by status. */
const ERROR_TEXT: Record<number, { title: string; message: string }> = {
  400: { title: 'Yêu cầu không hợp lệ', message: 'Địa chỉ bạn mở có tham số không hợp lệ.' },
  401: { title: 'Cần đăng nhập', message: 'Bạn cần đăng nhập để xem trang này.' },
  403: { title: 'Không có quyền truy cập', message: 'Tài khoản của bạn không được xem trang này.' },
  404: { title: 'Không tìm thấy trang', message: 'Trang bạn tìm không tồn tại hoặc kết quả chưa được công bố.' },
  429: { title: 'Quá nhiều yêu cầu', message: 'Vui lòng thử lại sau ít phút.' },
  500: { title: 'Đã có lỗi xảy ra', message: 'Hệ thống gặp sự cố khi hiển thị trang này. Vui lòng thử lại sau.' },
};

/** A refusal a page explains in its own words (e.g. "the 2021 ranking is not published yet"). */
export class PageException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(title, status);
  }
}

/** Errors on pages become HTML pages with the right status (the API keeps its JSON shape through its own filter). */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status =
      exception instanceof DomainException
        ? ERROR_STATUS[exception.code]
        : exception instanceof HttpException
          ? exception.getStatus()
          : 500;
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const text = ERROR_TEXT[status] ?? ERROR_TEXT[status >= 500 ? 500 : 400];
    const page = exception instanceof PageException ? { title: exception.title, message: exception.detail } : text;
    if (res.headersSent) return;
    setPageHeaders(res, 'none');
    res.status(status).render('error.njk', { status, title: page.title, message: page.message }, (error: Error | null, html?: string) => {
      if (error) {
        this.logger.error(error.stack ?? String(error));
        res.status(status).type('text/plain; charset=utf-8').send(`${status} ${page.title}`);
      } else {
        res.type('html').send(html);
      }
    });
  }
}

/** Marks a controller or handler as an HTML page: page headers, and errors rendered as pages. */
export const Page = () => applyDecorators(UseInterceptors(PageHeadersInterceptor), UseFilters(PageExceptionFilter));
