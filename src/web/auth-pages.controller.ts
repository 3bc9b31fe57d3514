import { Body, Controller, Get, Ip, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { ROLES } from '../auth/role';
import { isLang } from './i18n';
import { pageT } from './page-handler';
import { APP_PREFIX, LANG_COOKIE, rotateCsrfSeed, WebSessionSettings } from './session';
import { AppPage, renderPage, safeNext, SignedOutAllowed, WebAuthService, type AppRequest } from './web-auth';

type Form = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Sign in and out and the language switch (the home page of the signed-in: HomePageController). */
@ApiExcludeController()
@AppPage(...ROLES)
@Controller(APP_PREFIX)
export class AuthPagesController {
  constructor(
    private readonly webAuth: WebAuthService,
    private readonly settings: WebSessionSettings,
  ) {}

  @Get('login')
  @SignedOutAllowed()
  async loginPage(@Query('next') next: unknown, @Query('out') out: unknown, @Res() res: Response): Promise<void> {
    if (res.locals.user) return res.redirect(303, safeNext(next));
    const t = pageT(res);
    await renderPage(res, 'app/login.njk', { title: t('login.title'), email: '', next: safeNext(next), notice: out === '1' ? t('login.signedOut') : null });
  }

  @Post('login')
  @SignedOutAllowed()
  async login(@Body() form: Form, @Ip() ip: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const email = text(form.email).trim().slice(0, 254);
    const password = text(form.password).slice(0, 200);
    const next = safeNext(form.next);
    const again = (status: number, error: string) => renderPage(res, 'app/login.njk', { title: t('login.title'), email, next, error }, status);
    if (!email || !password) return again(400, t('login.required'));
    try {
      const session = await this.webAuth.login(email, password, ip);
      res.cookie(this.settings.sessionCookie, session.accessToken, this.settings.cookieOptions(this.settings.sessionMaxAgeMs));
      // A new session, a new seed; the forms' token is now the session's: one learnt before sign-in is worth nothing.
      rotateCsrfSeed(this.settings, req, res);
      return res.redirect(303, next);
    } catch (error) {
      if (error instanceof DomainException && error.code === ErrorCode.TooManyLoginFailures) {
        const seconds = Number((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60);
        res.setHeader('Retry-After', String(seconds));
        return again(429, t('login.throttled', { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
      }
      if (error instanceof DomainException && error.code === ErrorCode.PasswordHashBusy) {
        for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
        return again(429, t('login.busy'));
      }
      if (error instanceof DomainException && error.code === ErrorCode.InvalidCredentials) return again(401, t('login.invalid'));
      throw error;
    }
  }

  /** Ends the session on the server too: the old cookie (or the token in it) opens nothing afterwards. */
  @Post('logout')
  @SignedOutAllowed()
  async logout(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (req.actor && req.session) await this.webAuth.signOut(req.actor, req.session);
    res.clearCookie(this.settings.sessionCookie, this.settings.cookieOptions());
    rotateCsrfSeed(this.settings, req, res);
    res.redirect(303, `${APP_PREFIX}/login?out=1`);
  }

  /** The language switch: a form (with its CSRF token) that stores the choice in a cookie for a year. */
  @Post('lang')
  @SignedOutAllowed()
  language(@Body() form: Form, @Res() res: Response): void {
    const lang = isLang(form.lang) ? form.lang : 'vi';
    res.cookie(LANG_COOKIE, lang, { ...this.settings.cookieOptions(365 * 86_400_000) });
    res.redirect(303, safeNext(form.next));
  }
}

