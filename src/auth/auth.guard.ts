import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { AccountDirectory } from './account-directory';
import { Role } from './role';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { ApiKeysService } from './api-keys.service';
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
 *
 * A service account (a national system's machine user) comes with `Authorization: ApiKey <key>` instead: an unknown
 * or revoked key, or one of a disabled account, is a 401 saying which; its actor has the role service and the key's
 * scopes, so a route that does not list Role.Service refuses it (403) like any other role it does not list.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly accounts: AccountDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest & CookieAuthenticatedRequest & Request>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme === 'ApiKey' && token) return this.byApiKey(context, request, token, targets);
    if (scheme !== 'Bearer' || !token) throw unauthenticated('authorization: a Bearer token (or a service account\'s ApiKey) is required');
    if (request.viaSessionCookie && UNSAFE_METHODS.has(request.method)) {
      const problem = crossSiteProblem(request, this.config.PUBLIC_ORIGIN);
      if (problem) throw DomainException.forbidden(problem);
    }

    const session = await this.sessions.authenticate(token);
    if (!session) throw unauthenticated('authorization: the token is invalid, expired or no longer valid');
    const { user } = session;
    request.actor = { userId: user.id, label: user.email, role: user.role, unitId: user.unitId, requestId: request.id as string | undefined };
    request.session = session.payload;

    this.checkRole(context, user.role, targets);
    return true;
  }

  private async byApiKey(
    context: ExecutionContext,
    request: AuthenticatedRequest & Request,
    key: string,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): Promise<boolean> {
    const found = await this.apiKeys.authenticate(key);
    if (!found.ok) {
      throw unauthenticated(
        found.reason === 'revoked'
          ? `authorization: the API key ${found.prefix} was revoked`
          : 'authorization: the API key is unknown (not a key of this platform, or mistyped)',
      );
    }
    const account = await this.accounts.findActive(found.match.accountId);
    if (!account) throw unauthenticated(`authorization: the service account of API key ${found.match.prefix} is disabled`);
    // A key belongs to a service account only; anything else would be a key given to a person: refused all the same.
    if (account.role !== Role.Service) throw unauthenticated(`authorization: API key ${found.match.prefix} is not a service account's`);
    request.actor = {
      userId: account.id,
      label: account.email,
      role: Role.Service,
      unitId: null,
      requestId: request.id as string | undefined,
      apiKey: { id: found.match.keyId, prefix: found.match.prefix, scopes: found.match.scopes },
    };
    this.checkRole(context, Role.Service, targets);
    return true;
  }

  private checkRole(context: ExecutionContext, role: Role, targets: Parameters<Reflector['getAllAndOverride']>[1]): void {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(role)) {
      throw DomainException.forbidden(`role ${role} may not ${context.getHandler().name} here`);
    }
  }
}
