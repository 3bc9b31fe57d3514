import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import type { Role } from '../users/role';
import { UsersService } from '../users/users.service';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { IS_PUBLIC } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';
import { issuedSincePasswordChange, type TokenPayload } from './token-payload';

const unauthenticated = (message: string) => new DomainException(ErrorCode.Unauthenticated, message);

/**
 * The one guard on every route: a valid bearer token of an enabled user whose role the route allows. The user is
 * read on each request so that disabling a user or changing a password takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string> }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw unauthenticated('authorization: a Bearer token is required');

    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw unauthenticated('authorization: the token is invalid or expired');
    }
    const user = await this.users.findActive(payload.sub);
    if (!user || !issuedSincePasswordChange(payload, user)) {
      throw unauthenticated('authorization: the token is no longer valid');
    }
    request.actor = { userId: user.id, label: user.email, role: user.role, unitId: user.unitId, requestId: request.id };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(user.role)) {
      throw DomainException.forbidden(`role ${user.role} may not ${context.getHandler().name} here`);
    }
    return true;
  }
}
