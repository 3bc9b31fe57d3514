import {
  applyDecorators,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  Catch,
  type ExceptionFilter,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
  type OnModuleInit,
  SetMetadata,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { AuthService, type LoginResult } from '../auth/auth.service';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { Public } from '../auth/public.decorator';
import { Roles, ROLES_KEY } from '../auth/roles.decorator';
import { crossSiteProblem } from '../auth/same-origin';
import { SessionsService, type Session } from '../auth/sessions.service';
import { assertUnitAccess } from '../auth/unit-access';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ERROR_STATUS } from '../common/error-code';
import { Role } from '../auth/role';
import { translator, type MessageKey, type Translate } from './i18n';
import { PageException, setPageHeaders } from './page';
import { serviceRefusal } from './refusal';
import { APP_PREFIX, CSRF_FIELD, CSRF_HEADER, WebSessionSettings, type WebRequest } from './session';

export type AppRequest = WebRequest & AuthenticatedRequest;

/** The signed-in user as the pages show it. */
export interface PageUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  unitId: string | null;
}

export interface NavItem {
  href: string;
  label: MessageKey;
  current: boolean;
}

/** The navigation of a role: what the signed-in person works on, then the public results. */
export function navFor(user: PageUser, path: string): NavItem[] {
  const items: Array<{ href: string; label: MessageKey }> = [{ href: APP_PREFIX, label: 'nav.home' }];
  if (user.role === Role.Officer && user.unitId) items.push({ href: `${APP_PREFIX}/units/${user.unitId}/cycles`, label: 'nav.myCycles' });
  if (user.role === Role.Reviewer) items.push({ href: `${APP_PREFIX}/review`, label: 'nav.review' });
  if (user.role === Role.Admin) {
    items.push(
      { href: `${APP_PREFIX}/admin/cycles`, label: 'nav.cycles' },
      { href: `${APP_PREFIX}/admin/frameworks`, label: 'nav.frameworks' },
      { href: `${APP_PREFIX}/admin/units`, label: 'nav.units' },
      { href: `${APP_PREFIX}/admin/users`, label: 'nav.users' },
      { href: `${APP_PREFIX}/admin/monitoring`, label: 'nav.monitoring' },
      { href: `${APP_PREFIX}/admin/exports`, label: 'nav.exports' },
      { href: `${APP_PREFIX}/admin/audit`, label: 'nav.audit' },
    );
  }
  items.push({ href: '/rankings', label: 'nav.rankings' });
  return items.map((i) => ({ ...i, current: i.href === APP_PREFIX ? path === APP_PREFIX : path === i.href || path.startsWith(`${i.href}/`) }));
}

/**
 * Sign-in and sessions for the pages, on the API's own services (AuthModule's instances, looked up rather than
 * re-created): AuthService.login (throttling, password check, disabled accounts) and SessionsService on every
 * request and at sign-out, as the API's guard and POST /api/v1/auth/logout do.
 */
@Injectable()
export class WebAuthService implements OnModuleInit {
  private auth!: AuthService;
  private sessions!: SessionsService;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    this.auth = this.moduleRef.get(AuthService, { strict: false });
    this.sessions = this.moduleRef.get(SessionsService, { strict: false });
  }

  login(email: string, password: string, ip: string): Promise<LoginResult> {
    return this.auth.login({ email, password }, ip);
  }

  /** The session behind a session cookie, or null: the rules of the API's AuthGuard. */
  sessionFor(token: string): Promise<Session | null> {
    return this.sessions.authenticate(token);
  }

  /** Sign-out ends every session of the user: each of their tokens is refused from now on, by the pages and the API. */
  signOut(actor: Actor, session: Session['payload']): Promise<void> {
    return this.sessions.signOut(actor, session, true);
  }
}

/** A page that also answers people who are not signed in (sign-in, the language switch). */
const SIGNED_OUT_ALLOWED = 'web:signedOutAllowed';
export const SignedOutAllowed = () => SetMetadata(SIGNED_OUT_ALLOWED, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Not signed in (or the session expired): a GET is sent to the sign-in page, anything else gets a 401 page. */
export class SignInRequired extends HttpException {
  constructor() {
    super('sign in required', 401);
  }
}

/** A form without this session's CSRF token, or a state change sent from another site. */
export class CsrfRefused extends HttpException {
  constructor() {
    super('csrf token missing or invalid', 403);
  }
}

/**
 * The guard of every web app page: on every state-changing request, that it comes from this site (Origin, else
 * Referer) and carries the CSRF token of this session (hidden field, or ?_csrf= for a multipart upload, read before
 * the file is); the session cookie, the route's roles (the API's @Roles), and an officer's own unit for every URL
 * that names a unit.
 */
@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly webAuth: WebAuthService,
    private readonly settings: WebSessionSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AppRequest & { params: Record<string, string> }>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!SAFE_METHODS.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?.[CSRF_FIELD] ?? req.query[CSRF_FIELD] ?? req.headers[CSRF_HEADER];
      if (crossSiteProblem(req, this.settings.publicOrigin) || !this.settings.csrfValidFor(req, token)) throw new CsrfRefused();
    }
    const targets = [context.getHandler(), context.getClass()];
    const cookie = this.settings.sessionOf(req);
    const session = cookie ? await this.webAuth.sessionFor(cookie) : null;
    const user = session?.user;
    if (session && user) {
      req.session = session.payload;
      const pageUser: PageUser = { id: user.id, email: user.email, fullName: user.fullName, role: user.role, unitId: user.unitId };
      req.actor = { userId: user.id, label: user.email, role: user.role, unitId: user.unitId, requestId: req.id } satisfies Actor;
      res.locals.user = pageUser;
      res.locals.nav = navFor(pageUser, req.path);
    }
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_OUT_ALLOWED, targets)) return true;
    if (!user || !req.actor) throw new SignInRequired();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(user.role)) throw DomainException.forbidden(`role ${user.role} may not open ${req.path}`);
    if (req.params.unitId) assertUnitAccess(req.actor, req.params.unitId);
    return true;
  }
}

/** Pages of people's own work are never cached, by the browser or anyone between. */
@Injectable()
export class AppPageHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    setPageHeaders(context.switchToHttp().getResponse<Response>(), 'none');
    return next.handle();
  }
}

/** What an error page of the web app says: its own words for a PageException, else the status's, translated. */
export function describeError(exception: unknown, t: Translate): { status: number; title: string; message: string; detail: string | null } {
  const status =
    exception instanceof DomainException
      ? ERROR_STATUS[exception.code]
      : exception instanceof HttpException
        ? exception.getStatus()
        : typeof (exception as { status?: unknown })?.status === 'number' && (exception as { status: number }).status >= 400 && (exception as { status: number }).status < 500
          ? (exception as { status: number }).status
          : 500;
  if (exception instanceof CsrfRefused) return { status, title: t('csrf.title'), message: t('csrf.message'), detail: null };
  if (exception instanceof PageException) return { status, title: exception.title, message: exception.detail, detail: null };
  const known = [400, 401, 403, 404, 409, 413, 422, 429].includes(status) ? status : status >= 500 ? 500 : 400;
  // A service's refusal in the page's language (never its English message): the fields and rules it names, else the
  // sentence of its code where several codes share the status (409: a conflict, a closed window, the wrong phase…).
  const refusal = serviceRefusal(exception, t);
  const shared = refusal ? Object.values(ERROR_STATUS).filter((s) => s === status).length > 1 : false;
  const detail = refusal ? (refusal.fields.length ? refusal.fields.map((p) => t('field.problem', { field: p.field, message: p.text })).join(' ') : shared ? refusal.message : null) : null;
  return { status, title: t(`error.${known}.title` as MessageKey), message: t(`error.${known}.message` as MessageKey), detail };
}

/** Errors on web app pages: a GET without a session goes to sign-in; anything else is an HTML page in the user's language. */
@Catch()
export class AppPageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppPageExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<AppRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const t: Translate = (res.locals.t as Translate | undefined) ?? translator('vi');
    const page = describeError(exception, t);
    if (page.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    setPageHeaders(res, 'none');
    if (page.status === 401 && SAFE_METHODS.has(req.method)) {
      res.redirect(303, `${APP_PREFIX}/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (exception instanceof DomainException) for (const [name, value] of Object.entries(exception.headers ?? {})) res.setHeader(name, value);
    res.status(page.status).render('app/error.njk', { ...page, t }, (error: Error | null, html?: string) => {
      if (error) {
        this.logger.error(error.stack ?? String(error));
        res.status(page.status).type('text/plain; charset=utf-8').send(`${page.status} ${page.title}`);
      } else {
        res.type('html').send(html);
      }
    });
  }
}

/** Marks a web app controller: public to the API's bearer guard, guarded by the session instead, its roles, page headers and error pages. */
export const AppPage = (...roles: Role[]) =>
  applyDecorators(
    Public(),
    ...(roles.length ? [Roles(...roles)] : []),
    UseGuards(WebAuthGuard),
    UseInterceptors(AppPageHeadersInterceptor),
    UseFilters(AppPageExceptionFilter),
  );

/** Renders a view with a status (a form shown again with its errors), as a promise so errors reach the filter. */
export function renderPage(res: Response, view: string, model: object, status = 200): Promise<void> {
  return new Promise((resolve, reject) => {
    res.status(status).render(view, model, (error: Error | null, html?: string) => {
      if (error) reject(error);
      else {
        res.type('html').send(html);
        resolve();
      }
    });
  });
}

/** A local path to go back to after sign-in or a language switch; anything else (another site, //host) is refused. */
export function safeNext(next: unknown, fallback = APP_PREFIX): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && next.length <= 2000 ? next : fallback;
}
