import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { isLang, translator, type Lang } from './i18n';

/** The web app's pages live under this prefix (the public ranking pages under /rankings are not part of it). */
export const APP_PREFIX = '/app';
/** The session: the same JWT the API hands out at login, in an httpOnly cookie the page script never sees. */
export const SESSION_COOKIE = 'dti_session';
/** A random per-session secret; the forms' CSRF token is an HMAC of it, so a page on another site cannot forge one. */
export const CSRF_COOKIE = 'dti_csrf';
export const LANG_COOKIE = 'dti_lang';
/** The hidden field of every form, and the header of the page scripts' API calls. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SEED = /^[A-Za-z0-9_-]{43}$/;

export interface WebRequest extends Request {
  cookies: Record<string, string | undefined>;
  /** The CSRF seed of this browser (set in this response when it had none). */
  csrfSeed?: string;
}

/** Everything the web app needs from the settings, derived once at start. */
export class WebSessionSettings {
  readonly secure: boolean;
  readonly sessionMaxAgeMs: number;
  private readonly csrfKey: Buffer;

  constructor(config: Pick<AppConfig, 'JWT_SECRET' | 'JWT_TTL_SECONDS' | 'NODE_ENV'>) {
    this.secure = config.NODE_ENV === 'production';
    this.sessionMaxAgeMs = config.JWT_TTL_SECONDS * 1000;
    // A key of its own, derived from the app secret: a CSRF token never doubles as anything else.
    this.csrfKey = createHmac('sha256', config.JWT_SECRET).update('dti-web-csrf-v1').digest();
  }

  cookieOptions(maxAge?: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/', ...(maxAge ? { maxAge } : {}) };
  }

  csrfToken(seed: string): string {
    return createHmac('sha256', this.csrfKey).update(seed).digest('base64url');
  }

  /** Whether the token sent matches this browser's seed (constant time). */
  csrfValid(seed: string | undefined, token: unknown): boolean {
    if (!seed || !SEED.test(seed) || typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
    const expected = Buffer.from(this.csrfToken(seed));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** A new CSRF seed in the response and the request (at first visit, sign-in and sign-out). */
export function rotateCsrfSeed(settings: WebSessionSettings, req: WebRequest, res: Response): string {
  const seed = randomBytes(32).toString('base64url');
  res.cookie(CSRF_COOKIE, seed, settings.cookieOptions());
  req.csrfSeed = seed;
  res.locals.csrfToken = settings.csrfToken(seed);
  return seed;
}

export function languageOf(req: WebRequest): Lang {
  const lang = req.cookies?.[LANG_COOKIE];
  return isLang(lang) ? lang : 'vi';
}

/**
 * The web app's request middleware (bootstrap.ts): cookies read; under /app, a CSRF seed for the browser and the
 * page locals (language, its translate function, the forms' CSRF token); under /api, a request without an
 * Authorization header but with the session cookie and a valid X-CSRF-Token header (the page scripts: autosave,
 * progress polling) is let through as that session's bearer, so the scripts call the one JSON API with its rules.
 */
export function webSessionMiddleware(settings: WebSessionSettings): RequestHandler[] {
  const locals = (req: WebRequest, res: Response, next: NextFunction) => {
    const path = req.path;
    if (path === APP_PREFIX || path.startsWith(`${APP_PREFIX}/`)) {
      const seed = req.cookies[CSRF_COOKIE];
      if (seed && SEED.test(seed)) {
        req.csrfSeed = seed;
        res.locals.csrfToken = settings.csrfToken(seed);
      } else {
        rotateCsrfSeed(settings, req, res);
      }
      const lang = languageOf(req);
      res.locals.lang = lang;
      res.locals.t = translator(lang);
      res.locals.csrfField = CSRF_FIELD;
      // Where the language switch comes back to: this page, or home after a form post.
      res.locals.currentUrl = req.method === 'GET' ? req.originalUrl : APP_PREFIX;
    } else if (path.startsWith('/api/') && req.headers.authorization === undefined) {
      const token = req.cookies[SESSION_COOKIE];
      if (token && settings.csrfValid(req.cookies[CSRF_COOKIE], req.headers[CSRF_HEADER])) {
        req.headers.authorization = `Bearer ${token}`;
      }
    }
    next();
  };
  return [cookieParser(), locals as RequestHandler];
}
