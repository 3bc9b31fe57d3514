import { type ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from '../common/domain.exception';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { translator } from './i18n';
import { setPageHeaders } from './page';
import { visitorLang } from './visitor-lang';

const API = /^\/api(\/|$)/;

/**
 * The global filter: the API's one JSON shape for everything, except an address outside /api that nothing answers,
 * which a person typed or followed: a page in their language saying so, not JSON. Pages' own errors never come here
 * (their controllers have their own filters).
 */
@Catch()
export class SiteExceptionFilter extends HttpExceptionFilter {
  private readonly pageLogger = new Logger(SiteExceptionFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!isUnknownPage(exception, req) || res.headersSent) return super.catch(exception, host);
    const lang = visitorLang(req);
    const t = translator(lang);
    setPageHeaders(res, 'none');
    res.status(HttpStatus.NOT_FOUND).render('not-found.njk', { lang, t, title: t('site.notFound.title'), path: req.path }, (error: Error | null, html?: string) => {
      if (error) {
        this.pageLogger.error(error.stack ?? String(error));
        res.type('text/plain; charset=utf-8').send(`404 ${t('site.notFound.title')}`);
      } else {
        res.type('html').send(html);
      }
    });
  }
}

/** Nest's own 404 for a route nobody has, on a GET or HEAD outside the API. */
function isUnknownPage(exception: unknown, req: Request): boolean {
  return (
    exception instanceof HttpException &&
    !(exception instanceof DomainException) &&
    exception.getStatus() === HttpStatus.NOT_FOUND &&
    (req.method === 'GET' || req.method === 'HEAD') &&
    !API.test(req.path)
  );
}
