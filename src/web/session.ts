import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import cookieParser from 'cookie-parser';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import type { CookieAuthenticatedRequest } from '../auth/same-origin';
import type { AppConfig } from '../config/app-config';
import { isLang, translator, type Lang } from './i18n';

/** The web app's pages live under this prefix (the public ranking pages under /rankings are not part of it). */
export const APP_PREFIX = '/app';
/**
 * The session: the same JWT the API hands out at login, in an httpOnly cookie the page script never sees. In
 * production its name (and the CSRF cookie's) has the __Host- prefix: the browser then takes it only Secure, for
 * Path=/ and without a Domain, so neither a sibling subdomain nor a plain-http page can plant one
 * (WebSessionSettings.sessionCookie). Tests run over http, so elsewhere the plain names are used.
 */
export const SESSION_COOKIE = 'dti_session';
/** A random seed of a browser without a session: the sign-in form's CSRF token is an HMAC of it. */
export const CSRF_COOKIE = 'dti_csrf';
export const LANG_COOKIE = 'dti_lang';
/** The hidden field of every form, and the header of the page scripts' API calls. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SEED = /^[A-Za-z0-9_-]{43}$/;
/** A session cookie longer than this is no token of ours (a JWT of ours is a few hundred bytes). */
const MAX_SESSION_LENGTH = 4096;

export interface WebRequest extends Request, CookieAuthenticatedRequest {
  cookies: Record<string, string | undefined>;
  /** The CSRF seed of this browser (set in this response when it had none). */
  csrfSeed?: string;
}

/** Everything the web app needs from the settings, derived once at start. */
export class WebSessionSettings {
  readonly secure: boolean;
  readonly sessionMaxAgeMs: number;
  readonly sessionCookie: string;
  readonly csrfCookie: string;
  /** The site's origin for the same-origin check of state changes (empty: the request's own). */
  readonly publicOrigin: string;
  private readonly csrfKey: Buffer;

  constructor(config: Pick<AppConfig, 'JWT_SECRET' | 'JWT_TTL_SECONDS' | 'NODE_ENV'> & Partial<Pick<AppConfig, 'PUBLIC_ORIGIN'>>) {
    this.secure = config.NODE_ENV === 'production';
    this.sessionMaxAgeMs = config.JWT_TTL_SECONDS * 1000;
    this.sessionCookie = this.secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
    this.csrfCookie = this.secure ? `__Host-${CSRF_COOKIE}` : CSRF_COOKIE;
    this.publicOrigin = config.PUBLIC_ORIGIN ?? '';
    // A key of its own, derived from the app secret: a CSRF token never doubles as anything else.
    this.csrfKey = createHmac('sha256', config.JWT_SECRET).update('dti-web-csrf-v1').digest();
  }

  /** Path=/ and no Domain always, Secure in production: what a __Host- cookie requires. */
  cookieOptions(maxAge?: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/', ...(maxAge ? { maxAge } : {}) };
  }

  /** The sign-in form's token, before there is a session: the HMAC of the browser's seed. */
  csrfToken(seed: string): string {
    return createHmac('sha256', this.csrfKey).update(seed).digest('base64url');
  }

  /** Whether the token sent matches this browser's seed (constant time). */
  csrfValid(seed: string | undefined, token: unknown): boolean {
    if (!seed || !SEED.test(seed)) return false;
    return sameToken(this.csrfToken(seed), token);
  }

  /**
   * The token of a signed-in browser: the HMAC of its session token (under its own label, so that it is never a
   * seed's token). Another session's token, or one learnt before sign-in, is worth nothing with this session.
   */
  sessionCsrfToken(session: string): string {
    return createHmac('sha256', this.csrfKey).update('session\0').update(session).digest('base64url');
  }

  /** The session cookie of a request, if it has one that may be a token. */
  sessionOf(req: WebRequest): string | undefined {
    const session = req.cookies?.[this.sessionCookie];
    return session && session.length <= MAX_SESSION_LENGTH ? session : undefined;
  }

  /** The CSRF token a request's pages carry: bound to its session when it has one, else to its seed. */
  csrfTokenOf(req: WebRequest): string | undefined {
    const session = this.sessionOf(req);
    if (session) return this.sessionCsrfToken(session);
    return req.csrfSeed ? this.csrfToken(req.csrfSeed) : undefined;
  }

  /** Whether a request's token is the one of its session (or, without a session, of its seed); constant time. */
  csrfValidFor(req: WebRequest, token: unknown): boolean {
    const expected = this.csrfTokenOf(req);
    return expected !== undefined && sameToken(expected, token);
  }
}

function sameToken(expected: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const want = Buffer.from(expected);
  const given = Buffer.from(token);
  return want.length === given.length && timingSafeEqual(want, given);
}

/** A new CSRF seed in the response and the request (at first visit, sign-in and sign-out). */
export function rotateCsrfSeed(settings: WebSessionSettings, req: WebRequest, res: Response): string {
  const seed = randomBytes(32).toString('base64url');
  res.cookie(settings.csrfCookie, seed, settings.cookieOptions());
  req.csrfSeed = seed;
  res.locals.csrfToken = settings.csrfTokenOf(req);
  return seed;
}

export function languageOf(req: WebRequest): Lang {
  const lang = req.cookies?.[LANG_COOKIE];
  return isLang(lang) ? lang : 'vi';
}

/**
 * The web app's request middleware (bootstrap.ts): cookies read; under /app, a CSRF seed for the browser and the
 * page locals (language, its translate function, the forms' CSRF token: the session's, or before sign-in the
 * seed's); under /api, a request without an Authorization header but with the session cookie and that session's
 * X-CSRF-Token header (the page scripts: autosave, progress polling) is let through as that session's bearer, marked
 * viaSessionCookie so that the API's guard also checks that a state change comes from this site; the page scripts
 * call the one JSON API with its rules.
 */
export function webSessionMiddleware(settings: WebSessionSettings): RequestHandler[] {
  const locals = (req: WebRequest, res: Response, next: NextFunction) => {
    const path = req.path;
    if (path === APP_PREFIX || path.startsWith(`${APP_PREFIX}/`)) {
      const seed = req.cookies[settings.csrfCookie];
      if (seed && SEED.test(seed)) {
        req.csrfSeed = seed;
        res.locals.csrfToken = settings.csrfTokenOf(req);
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
      const token = settings.sessionOf(req);
      if (token && settings.csrfValidFor(req, req.headers[CSRF_HEADER])) {
        req.headers.authorization = `Bearer ${token}`;
        req.viaSessionCookie = true;
      }
    }
    next();
  };
  return [cookieParser(), locals as RequestHandler];
}
