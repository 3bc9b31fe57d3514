import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  mixin,
  type NestInterceptor,
  Optional,
  PayloadTooLargeException,
  type Type,
} from '@nestjs/common';
import type { MulterModuleOptions } from '@nestjs/platform-express';
import { MULTER_MODULE_OPTIONS } from '@nestjs/platform-express/multer/files.constants';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { numberText } from './form-values';
import type { Lang, MessageKey } from './i18n';
import { pageLang, pageT } from './page-handler';

const TOO_LARGE = Symbol('web:uploadTooLarge');

interface MarkedRequest extends Request {
  [TOO_LARGE]?: true;
}

/**
 * A file over its size limit: multer's own limit (fileSize, as Nest's PayloadTooLargeException), or the evidence
 * storage engine's (FileTooLargeError, a DomainException with the 413 code).
 */
const tooLarge = (error: unknown): boolean =>
  error instanceof PayloadTooLargeException || (error instanceof DomainException && error.code === ErrorCode.PayloadTooLarge);

/**
 * A page's upload: the API's file interceptor (a multer FileInterceptor: same storage and limits) whose refusal of a
 * file over its size limit reaches the page's handler, marked on the request, instead of the generic 413 page; the
 * handler, which then has no file, says so on its own page (uploadTooLarge). multer has drained the rest of the body
 * and stored nothing (the evidence engine removes its partial file). The body has the fields sent before the file
 * only: a form puts those its handler needs (the indicator's code) ahead of its file input.
 */
export function PageUploadInterceptor(upload: Type<NestInterceptor>): Type<NestInterceptor> {
  @Injectable()
  class PageUpload implements NestInterceptor {
    private readonly inner: NestInterceptor;

    constructor(@Optional() @Inject(MULTER_MODULE_OPTIONS) options?: MulterModuleOptions) {
      // The module's multer options, as Nest would give them to the interceptor itself.
      this.inner = new upload(options);
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await this.inner.intercept(context, next);
      } catch (error) {
        if (!tooLarge(error)) throw error;
        context.switchToHttp().getRequest<MarkedRequest>()[TOO_LARGE] = true;
        return next.handle();
      }
    }
  }
  return mixin(PageUpload);
}

/** Whether the upload of this request was refused for its size by a PageUploadInterceptor. */
export const uploadTooLarge = (req: Request): boolean => (req as MarkedRequest)[TOO_LARGE] === true;

/** A page's uploaded file (multer's, none when refused or not sent) and whether it was refused for its size. */
export interface PageUpload<F> {
  file: F | undefined;
  tooLarge: boolean;
}

/** The file of a PageUploadInterceptor's upload, with its refusal for size (uploadTooLarge): one parameter of the handler. */
export const PageUploadedFile = createParamDecorator((_data: unknown, ctx: ExecutionContext): PageUpload<unknown> => {
  const req = ctx.switchToHttp().getRequest<Request & { file?: unknown }>();
  return { file: req.file, tooLarge: uploadTooLarge(req) };
});

/** A size limit as a page names it: 10 MB, 2,5 MB (in Vietnamese). */
export const megabytes = (bytes: number, lang: Lang): string => `${numberText(Math.round(bytes / 104_857.6) / 10, lang)} MB`;

/** A page's sentence for a file refused for its size, with the limit named as the page's language writes it. */
export const tooLargeText = (res: Response, key: MessageKey, limitBytes: number): string => pageT(res)(key, { limit: megabytes(limitBytes, pageLang(res)) });
