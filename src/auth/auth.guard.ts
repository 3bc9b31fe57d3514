import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import type { Role } from './role';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { IS_PUBLIC } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';
import { crossSiteProblem, UNSAFE_METHODS, type CookieAuthenticatedRequest } from './same-origin';
import { SessionsService } from './sessions.service';

const unauthenticated = (message: string) => new DomainException(ErrorCode.Unauthenticated, message);

/**
 * The one guard on every route: a valid bearer token of an enabled user whose role the route allows. The session is
 * checked on each request (SessionsService: the user, its "sessions valid after" stamp, the sign-out deny-list) so
 * that disabling a user, changing a password or signing out takes effect at once. A state change let in by the
 * web session cookie (a page script) must also come from this site's own pages.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest & CookieAuthenticatedRequest & Request>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw unauthenticated('authorization: a Bearer token is required');
    if (request.viaSessionCookie && UNSAFE_METHODS.has(request.method)) {
      const problem = crossSiteProblem(request, this.config.PUBLIC_ORIGIN);
      if (problem) throw DomainException.forbidden(problem);
    }

    const session = await this.sessions.authenticate(token);
    if (!session) throw unauthenticated('authorization: the token is invalid, expired or no longer valid');
    const { user } = session;
    request.actor = { userId: user.id, label: user.email, role: user.role, unitId: user.unitId, requestId: request.id as string | undefined };
    request.session = session.payload;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(user.role)) {
      throw DomainException.forbidden(`role ${user.role} may not ${context.getHandler().name} here`);
    }
    return true;
  }
}
